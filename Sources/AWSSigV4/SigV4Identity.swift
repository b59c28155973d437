public import Foundation

/// Who signed a request that ``SigV4Verifier`` accepted, and with which scope.
public struct SigV4Identity: Sendable, Hashable, CustomStringConvertible {
    /// How the request carried its signature.
    public enum Mechanism: Sendable, Hashable {
        /// An `Authorization` header.
        case authorizationHeader
        /// `X-Amz-*` query parameters (a presigned URL).
        case queryString
    }

    /// The access key ID the request was signed with.
    public let accessKeyId: String
    /// The region of the credential scope.
    public let region: String
    /// The service of the credential scope, one of the verifier's accepted services.
    public let service: String
    /// The signing time (`X-Amz-Date`, or the `Date` header).
    public let signingDate: Date
    /// The lowercase names of the signed headers, in the order given by the client.
    public let signedHeaders: [String]
    /// The `X-Amz-Security-Token` sent with the request, signed or not; `nil` when absent.
    /// The verifier does not validate it.
    public let sessionToken: String?
    /// Where the signature was found.
    public let mechanism: Mechanism

    /// Creates an identity; normally only ``SigV4Verifier`` does.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key ID.
    ///   - region: The scope's region.
    ///   - service: The scope's service.
    ///   - signingDate: The signing time.
    ///   - signedHeaders: The lowercase signed header names.
    ///   - sessionToken: The session token, if any.
    ///   - mechanism: Header or query signing.
    public init(
        accessKeyId: String,
        region: String,
        service: String,
        signingDate: Date,
        signedHeaders: [String],
        sessionToken: String?,
        mechanism: Mechanism
    ) {
        self.accessKeyId = accessKeyId
        self.region = region
        self.service = service
        self.signingDate = signingDate
        self.signedHeaders = signedHeaders
        self.sessionToken = sessionToken
        self.mechanism = mechanism
    }

    /// The access key ID and scope; the session token is not shown.
    public var description: String {
        "SigV4Identity(accessKeyId: \(accessKeyId), region: \(region), service: \(service), "
            + "signingDate: \(AMZDate(signingDate).basicFormat), signedHeaders: \(signedHeaders.joined(separator: ";")), "
            + "sessionToken: \(sessionToken == nil ? "nil" : "<redacted>"), mechanism: \(mechanism))"
    }
}
