/// One page of keys in a bucket, as S3 `ListObjectsV2` returns it.
package struct ObjectListing: Sendable, Hashable {
    /// The objects of this page, in ascending order of their keys' UTF-8 bytes.
    package var objects: [ObjectSummary]
    /// With a delimiter: the distinct key prefixes up to and including the delimiter that were
    /// rolled up instead of listed, in ascending order.
    package var commonPrefixes: [String]
    /// Whether more keys follow this page.
    package var isTruncated: Bool
    /// The token for the next page when ``isTruncated``; opaque.
    package var nextContinuationToken: String?

    /// Creates a listing page.
    package init(
        objects: [ObjectSummary],
        commonPrefixes: [String] = [],
        isTruncated: Bool = false,
        nextContinuationToken: String? = nil
    ) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }

    /// The keys of ``objects``.
    package var keys: [String] { objects.map(\.key) }
}
