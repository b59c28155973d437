import AWSSigV4

/// Percent-encoding as the S3 read API needs it: decoding request paths and queries, and encoding
/// keys in listings asked for with `encoding-type=url`.
enum S3URLEncoding {
    /// Decodes `%XX` escapes; with `plusIsSpace` (query strings, as S3 reads them) `+` is a space.
    ///
    /// - Returns: The decoded bytes, or `nil` when an escape is malformed.
    static func decode(_ text: some StringProtocol, plusIsSpace: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = bytes.next().flatMap(PercentEncoding.hexValue),
                    let low = bytes.next().flatMap(PercentEncoding.hexValue)
                else {
                    return nil
                }
                out.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                out.append(UInt8(ascii: " "))
            default:
                out.append(byte)
            }
        }
        return out
    }

    /// Decodes `%XX` escapes into a UTF-8 string.
    ///
    /// - Returns: The text, or `nil` when an escape is malformed or the bytes are not UTF-8.
    static func decodedString(_ text: some StringProtocol, plusIsSpace: Bool) -> String? {
        decode(text, plusIsSpace: plusIsSpace).flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// Encodes every byte but unreserved characters (`A-Z a-z 0-9 - _ . ~`) and `/` as `%XX`, so a
    /// key survives both URL decoders that read `+` as a space (botocore's `unquote_plus`) and those
    /// that do not.
    static func encodeKey(_ text: String) -> String {
        PercentEncoding.encode(text.utf8, keepingSlash: true)
    }
}
