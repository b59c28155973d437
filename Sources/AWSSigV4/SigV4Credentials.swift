/// The credentials a client signs with.
///
/// The description never shows the secret access key or the session token.
public struct SigV4Credentials: Sendable, Hashable, CustomStringConvertible {
    /// The access key ID, sent in clear in the credential scope.
    public var accessKeyId: String
    /// The secret access key; never leaves this process.
    public var secretAccessKey: String
    /// The optional session token, sent as `X-Amz-Security-Token`.
    public var sessionToken: String?

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - accessKeyId: The access key ID, for example `AKIDEXAMPLE`.
    ///   - secretAccessKey: The secret access key.
    ///   - sessionToken: A session token for temporary credentials, or `nil`.
    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// The access key ID and whether a session token is present; the secret is redacted.
    public var description: String {
        "SigV4Credentials(accessKeyId: \(accessKeyId), secretAccessKey: <redacted>, sessionToken: "
            + (sessionToken == nil ? "nil)" : "<redacted>)")
    }
}
