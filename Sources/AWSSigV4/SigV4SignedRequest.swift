/// The result of ``SigV4Signer/sign(_:payloadHash:date:options:)``.
public struct SigV4SignedRequest: Sendable {
    /// The request to send: the input plus `X-Amz-Date`, `Authorization` and, as configured,
    /// `X-Amz-Security-Token` and `x-amz-content-sha256`.
    public let request: SigV4Request
    /// The canonical request that was hashed.
    public let canonicalRequest: String
    /// The string that was signed.
    public let stringToSign: String
    /// The signature, 64 lowercase hex characters.
    public let signature: String
    /// The `Authorization` header value:
    /// `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
    public let authorization: String
}

/// The result of ``SigV4Signer/presign(_:payloadHash:date:expires:options:)``.
public struct SigV4PresignedRequest: Sendable {
    /// The request to send, its query extended with the `X-Amz-*` parameters.
    public let request: SigV4Request
    /// The canonical request that was hashed.
    public let canonicalRequest: String
    /// The string that was signed.
    public let stringToSign: String
    /// The signature, 64 lowercase hex characters, also sent as `X-Amz-Signature`.
    public let signature: String
}
