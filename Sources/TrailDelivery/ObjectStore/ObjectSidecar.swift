import Foundation
import TrailModel

/// The headers ``LocalDirectoryStore`` keeps beside an object, as JSON in
/// `<root>/.metadata/<bucket>/<key>`, named as S3 names them:
///
/// ```json
/// {"Content-Type":"application/json","Content-Encoding":"gzip","ETag":"\"…\"",
///  "Metadata":{"signature":"…"},"Size":1234,"StoredSize":1234,
///  "x-amz-server-side-encryption":"aws:kms","x-amz-server-side-encryption-aws-kms-key-id":"…"}
/// ```
///
/// `StoredSize` is the size of the file on disk when the sidecar was written; a sidecar whose
/// `StoredSize` differs from the file (a crash between writing the sidecar and renaming the object
/// into place) is stale and ignored.
struct ObjectSidecar: Codable, Sendable, Hashable {
    var contentType: String?
    var contentEncoding: String?
    var eTag: String?
    var metadata: [String: String]
    /// The plaintext size.
    var size: Int
    /// The size of the file on disk.
    var storedSize: Int
    var serverSideEncryption: String?
    var kmsKeyId: String?

    enum CodingKeys: String, CodingKey {
        case contentType = "Content-Type"
        case contentEncoding = "Content-Encoding"
        case eTag = "ETag"
        case metadata = "Metadata"
        case size = "Size"
        case storedSize = "StoredSize"
        case serverSideEncryption = "x-amz-server-side-encryption"
        case kmsKeyId = "x-amz-server-side-encryption-aws-kms-key-id"
    }

    /// The encryption recorded in the sidecar.
    var encryption: ObjectEncryption? {
        guard serverSideEncryption == ObjectEncryption.kmsAlgorithm, let kmsKeyId else { return nil }
        return .kms(keyId: kmsKeyId)
    }

    /// The sidecar as sorted, compact JSON.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// Decodes a sidecar; `nil` when the bytes are not one (a damaged sidecar is treated as absent).
    ///
    /// It is read on every `GetObject` and `HeadObject` of the S3 read API, so it is read with the byte-level
    /// ``JSONValue`` parser rather than `JSONDecoder`, with the same rules as the `Codable` shape: the
    /// optional fields are strings or absent (or null), `Metadata` maps strings to strings, and the sizes
    /// are integers.
    static func decode(_ bytes: [UInt8]) -> ObjectSidecar? {
        guard let document = try? JSONValue(parsing: bytes), case .object = document,
            case .object(let members)? = document[CodingKeys.metadata.rawValue],
            let size = integer(document[CodingKeys.size.rawValue]),
            let storedSize = integer(document[CodingKeys.storedSize.rawValue])
        else { return nil }
        var metadata: [String: String] = [:]
        for member in members {
            guard case .string(let value) = member.value else { return nil }
            metadata[member.key] = value
        }
        var strings: [CodingKeys: String] = [:]
        for key in [CodingKeys.contentType, .contentEncoding, .eTag, .serverSideEncryption, .kmsKeyId] {
            switch document[key.rawValue] {
            case nil, .null?: continue
            case .string(let value)?: strings[key] = value
            default: return nil
            }
        }
        return ObjectSidecar(
            contentType: strings[.contentType],
            contentEncoding: strings[.contentEncoding],
            eTag: strings[.eTag],
            metadata: metadata,
            size: size,
            storedSize: storedSize,
            serverSideEncryption: strings[.serverSideEncryption],
            kmsKeyId: strings[.kmsKeyId]
        )
    }

    /// A JSON integer, or `nil` for anything else.
    private static func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let text)? = value else { return nil }
        return Int(text)
    }
}
