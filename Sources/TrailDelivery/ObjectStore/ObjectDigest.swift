import Crypto
import TrailModel

/// Hashes and their text forms used by the object stores.
enum ObjectDigest {
    /// An S3-style entity tag: the quoted hex MD5 of the object's bytes.
    static func eTag(_ body: [UInt8]) -> String {
        "\"" + HexText.encode(Insecure.MD5.hash(data: body)) + "\""
    }
}
