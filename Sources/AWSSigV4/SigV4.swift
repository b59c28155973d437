internal import Crypto
public import Foundation

/// Constants and helpers shared by ``SigV4Signer`` and ``SigV4Verifier``.
public enum SigV4 {
    /// The only signing algorithm this module implements, as it appears in the `Authorization`
    /// header and in the `X-Amz-Algorithm` query parameter.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The last element of every credential scope.
    public static let scopeTerminator = "aws4_request"

    /// The payload hash placeholder S3 accepts instead of the body's SHA-256.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The hex SHA-256 of an empty body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The service name whose canonical URI is neither normalised nor double-encoded.
    public static let s3Service = "s3"

    /// Returns the lowercase hex SHA-256 of a request body, the form SigV4 uses for payload hashes.
    ///
    /// - Parameter body: The body bytes exactly as sent on the wire.
    /// - Returns: 64 lowercase hexadecimal characters.
    public static func payloadHash(_ body: some DataProtocol) -> String {
        body.isEmpty ? emptyPayloadHash : Hex.encode(SHA256.hash(data: body))
    }
}
