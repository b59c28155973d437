import TrailDelivery

/// What an S3 request addresses — the service, a bucket or an object — and its decoded query.
///
/// Path-style addressing (`/bucket/key`) always works. Virtual-hosted style (`bucket.localhost/key`)
/// is recognised for host names under `localhost` only, where the bucket can be told from the
/// server's own name without configuration; for other host names clients must use path style
/// (botocore: `addressing_style = path`; it uses path style by itself for an IP address endpoint).
struct S3Target: Sendable {
    /// The addressed resource.
    enum Resource: Sendable, Equatable {
        /// `/`: the account's buckets.
        case service
        /// `/bucket`.
        case bucket(String)
        /// `/bucket/key`, the key percent-decoded.
        case object(bucket: String, key: String)
    }

    /// The addressed resource.
    var resource: Resource
    /// The query parameters, percent-decoded (`+` is a space, as S3 reads query strings), in order.
    var query: [(name: String, value: String)]

    /// The first value of the query parameter `name`.
    func value(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Whether the query names `name`, with or without a value (sub-resources such as `?location`).
    func has(_ name: String) -> Bool {
        query.contains { $0.name == name }
    }

    /// Parses a request.
    ///
    /// - Parameters:
    ///   - target: The request target as sent, for example `/bucket/my%20key?versionId=null`.
    ///   - host: The `Host` header (or HTTP/2 authority).
    /// - Throws: ``S3APIError`` `InvalidURI` when an escape is malformed or a name is not UTF-8.
    init(target: String, host: String?) throws(S3APIError) {
        let path: Substring
        var rawQuery: Substring = ""
        // Searched on UTF-8 bytes (every request is parsed here); the indices are the string's own.
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = target[..<mark]
            rawQuery = target[target.index(after: mark)...]
        } else {
            path = target[...]
        }
        query = []
        for item in rawQuery.utf8.split(separator: UInt8(ascii: "&")).map(Substring.init) {
            let equals = item.utf8.firstIndex(of: UInt8(ascii: "="))
            let rawName = equals.map { item[..<$0] } ?? item
            let rawValue = equals.map { item[item.index(after: $0)...] } ?? ""
            guard let name = S3URLEncoding.decodedString(rawName, plusIsSpace: true),
                let value = S3URLEncoding.decodedString(rawValue, plusIsSpace: true)
            else { throw Self.invalidURI() }
            query.append((name, value))
        }

        guard path.first == "/" else { throw Self.invalidURI() }
        let remainder = path.dropFirst()
        if let bucket = Self.virtualHostedBucket(host) {
            resource = remainder.isEmpty ? .bucket(bucket) : .object(bucket: bucket, key: try Self.decoded(remainder))
            return
        }
        let slash = remainder.utf8.firstIndex(of: UInt8(ascii: "/"))
        let bucket = try Self.decoded(slash.map { remainder[..<$0] } ?? remainder)
        let key = slash.map { remainder[remainder.index(after: $0)...] } ?? ""
        if bucket.isEmpty {
            resource = .service
        } else if key.isEmpty {
            resource = .bucket(bucket)
        } else {
            resource = .object(bucket: bucket, key: try Self.decoded(key))
        }
    }

    /// The bucket of a virtual-hosted request (`bucket.localhost[:port]`), or `nil` for path style.
    static func virtualHostedBucket(_ host: String?) -> String? {
        guard var name = host.map({ Array($0.utf8) }), name.first != UInt8(ascii: "[") else { return nil }
        if let colon = name.lastIndex(of: UInt8(ascii: ":")),
            name[(colon + 1)...].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        {
            name.removeSubrange(colon...)
        }
        // Host names compare without case: lowercase ASCII letters (a bucket name has no others).
        name = name.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        let suffix = Array(".localhost".utf8)
        guard name.count > suffix.count, name.suffix(suffix.count).elementsEqual(suffix) else { return nil }
        let bucket = String(decoding: name.dropLast(suffix.count), as: UTF8.self)
        return LocalDirectoryStore.isValidBucketName(bucket) ? bucket : nil
    }

    private static func decoded(_ text: Substring) throws(S3APIError) -> String {
        guard let decoded = S3URLEncoding.decodedString(text, plusIsSpace: false) else { throw invalidURI() }
        return decoded
    }

    private static func invalidURI() -> S3APIError {
        S3APIError(.invalidURI, "Couldn't parse the specified URI.")
    }
}
