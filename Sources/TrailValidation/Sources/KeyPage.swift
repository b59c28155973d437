/// One page of a ``ValidationSource`` listing.
package struct KeyPage: Sendable, Hashable {
    /// The keys, ascending by their UTF-8 bytes.
    package var keys: [String]
    /// Where the next page starts; `nil` on the last page.
    package var nextContinuationToken: String?

    /// Creates a page.
    package init(keys: [String], nextContinuationToken: String? = nil) {
        self.keys = keys
        self.nextContinuationToken = nextContinuationToken
    }
}
