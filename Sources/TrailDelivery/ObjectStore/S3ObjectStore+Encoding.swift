import AWSSigV4

extension S3ObjectStore {
    /// RFC 3986 percent-encoding with uppercase hex: every byte but `A-Z a-z 0-9 - . _ ~` (and `/`
    /// when `keepingSlash`) is escaped. This is the encoding SigV4 canonicalises to, so the wire
    /// path is its own canonical URI.
    static func percentEncode(_ text: String, keepingSlash: Bool = false) -> String {
        PercentEncoding.encode(text.utf8, keepingSlash: keepingSlash)
    }

    /// A key as a path: each `/`-separated segment percent-encoded, `/` kept. Segments that are
    /// exactly `.` or `..` are written `%2E`/`%2E%2E`, so that no HTTP layer resolves them.
    static func encodeKey(_ key: String) -> String {
        // Keys rarely have dot segments: one pass over the bytes unless they do.
        guard hasDotSegment(key) else { return percentEncode(key, keepingSlash: true) }
        return key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { segment -> String in
                let text = Substring(segment)
                switch text {
                case ".": return "%2E"
                case "..": return "%2E%2E"
                default: return percentEncode(String(text))
                }
            }
            .joined(separator: "/")
    }

    /// Whether a `/`-separated segment of `key` is exactly `.` or `..`.
    private static func hasDotSegment(_ key: String) -> Bool {
        var dots = 0
        var segmentIsDots = true
        for byte in key.utf8 {
            if byte == UInt8(ascii: "/") {
                if segmentIsDots, (1...2).contains(dots) { return true }
                dots = 0
                segmentIsDots = true
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                segmentIsDots = false
            }
        }
        return segmentIsDots && (1...2).contains(dots)
    }

    /// A query string from name/value pairs in the given order; a `nil` value gives a bare name
    /// (`?location`).
    static func query(_ items: [(name: String, value: String?)]) -> String {
        items.map { item in
            guard let value = item.value else { return percentEncode(item.name) }
            return "\(percentEncode(item.name))=\(percentEncode(value))"
        }
        .joined(separator: "&")
    }
}
