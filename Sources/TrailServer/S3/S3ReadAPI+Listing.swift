import Hummingbird
import TrailDelivery

/// `ListObjects` (version 1) and `ListObjectsV2`.
extension S3ReadAPI {
    /// The two versions of S3's listing.
    enum ListingVersion: Sendable {
        /// `GET /{bucket}`: `marker`, `NextMarker` (with a delimiter), `Owner` in every entry.
        case one
        /// `GET /{bucket}?list-type=2`: `continuation-token`, `start-after`, `fetch-owner`, `KeyCount`.
        case two
    }

    /// The most keys (and common prefixes) per page, and the default.
    static let maxKeysLimit = 1000

    /// Lists a bucket's keys, one page.
    ///
    /// With `encoding-type=url` (which botocore always sends) keys, prefixes, delimiters and markers
    /// are percent-encoded in the answer, exactly those elements botocore decodes: v1 `Delimiter`,
    /// `Marker`, `NextMarker`; v2 `Delimiter`, `Prefix`, `StartAfter`; both `Contents/Key` and
    /// `CommonPrefixes/Prefix`.
    ///
    /// Version 1 pages without a delimiter end with the last key, which clients pass as the next
    /// `marker`; with a delimiter the answer names `NextMarker` (the last key or common prefix), and a
    /// marker that is a common prefix skips everything under it.
    func listObjects(
        _ bucket: String,
        target: S3Target,
        version: ListingVersion,
        store: LocalDirectoryStore
    ) async throws -> Response {
        let prefix = target.value("prefix") ?? ""
        let delimiter = target.value("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        let maxKeys = try Self.maxKeys(target.value("max-keys"))
        let isURLEncoded: Bool
        switch target.value("encoding-type") {
        case nil: isURLEncoded = false
        case "url": isURLEncoded = true
        default: throw S3APIError(.invalidArgument, "Invalid Encoding Method specified in Request")
        }
        func encode(_ text: String) -> String { isURLEncoded ? S3URLEncoding.encodeKey(text) : text }

        let listing: ObjectListing
        let marker = target.value("marker")
        let continuationToken = target.value("continuation-token")
        let startAfter = target.value("start-after")
        switch version {
        case .one:
            listing = try await store.listObjects(
                bucket: bucket,
                prefix: prefix,
                delimiter: delimiter,
                marker: marker,
                maxKeys: maxKeys
            )
        case .two:
            if continuationToken?.isEmpty == true {
                throw S3APIError(.invalidArgument, "The continuation token provided is incorrect")
            }
            listing = try await store.listObjects(
                bucket: bucket,
                prefix: prefix,
                delimiter: delimiter,
                startAfter: startAfter,
                continuationToken: continuationToken,
                maxKeys: maxKeys
            )
        }
        let includesOwner = version == .one || target.value("fetch-owner") == "true"

        var xml = S3XMLWriter()
        xml.element("ListBucketResult", namespace: S3XMLWriter.namespace) { xml in
            xml.element("Name", bucket)
            switch version {
            case .one:
                xml.element("Prefix", prefix)
                xml.element("Marker", encode(marker ?? ""))
                if listing.isTruncated, delimiter != nil, let next = Self.lastEntry(of: listing) {
                    xml.element("NextMarker", encode(next))
                }
            case .two:
                xml.element("Prefix", encode(prefix))
                if let continuationToken { xml.element("ContinuationToken", continuationToken) }
                if listing.isTruncated, let next = listing.nextContinuationToken {
                    xml.element("NextContinuationToken", next)
                }
                xml.element("KeyCount", String(listing.objects.count + listing.commonPrefixes.count))
                if let startAfter { xml.element("StartAfter", encode(startAfter)) }
            }
            xml.element("MaxKeys", String(maxKeys))
            if let delimiter { xml.element("Delimiter", encode(delimiter)) }
            if isURLEncoded { xml.element("EncodingType", "url") }
            xml.element("IsTruncated", listing.isTruncated ? "true" : "false")
            for object in listing.objects {
                xml.element("Contents") { xml in
                    xml.element("Key", encode(object.key))
                    xml.element("LastModified", S3DateFormat.iso8601(object.lastModified))
                    if let eTag = object.eTag { xml.element("ETag", eTag) }
                    xml.element("Size", String(object.size))
                    if includesOwner { writeOwner(&xml) }
                    xml.element("StorageClass", "STANDARD")
                }
            }
            for commonPrefix in listing.commonPrefixes {
                xml.element("CommonPrefixes") { xml in
                    xml.element("Prefix", encode(commonPrefix))
                }
            }
        }
        return Self.xmlResponse(xml)
    }

    /// The `max-keys` of a request: 1000 when absent, at most 1000.
    ///
    /// - Throws: ``S3APIError`` `InvalidArgument` for a value that is not a non-negative integer.
    static func maxKeys(_ text: String?) throws(S3APIError) -> Int {
        guard let text else { return maxKeysLimit }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else {
            throw S3APIError(
                .invalidArgument,
                "Provided max-keys not an integer or within integer range",
                details: [("ArgumentName", "max-keys"), ("ArgumentValue", String(text.prefix(50)))]
            )
        }
        return min(Int(text) ?? maxKeysLimit, maxKeysLimit)
    }

    /// The last entry of a page in key order: its last key or its last common prefix, whichever sorts
    /// after the other (by UTF-8 bytes, S3's order).
    static func lastEntry(of listing: ObjectListing) -> String? {
        switch (listing.objects.last?.key, listing.commonPrefixes.last) {
        case (let key?, let commonPrefix?):
            return key.utf8.lexicographicallyPrecedes(commonPrefix.utf8) ? commonPrefix : key
        case (let key?, nil):
            return key
        case (nil, let commonPrefix?):
            return commonPrefix
        case (nil, nil):
            return nil
        }
    }
}
