import Crypto

/// Hashes and their text forms used by the object stores.
enum ObjectDigest {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// An S3-style entity tag: the quoted hex MD5 of the object's bytes.
    static func eTag(_ body: [UInt8]) -> String {
        "\"" + hex(Insecure.MD5.hash(data: body)) + "\""
    }
}
