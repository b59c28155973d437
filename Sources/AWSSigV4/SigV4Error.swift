/// Why ``SigV4Verifier`` rejected a request.
///
/// Each ``Code`` corresponds to one exception AWS returns for the same failure, named by
/// ``Code/awsErrorCode``, and ``reason`` is worded like AWS's message so that clients and their
/// users see familiar text. `reason` may echo the `Authorization` header (the signature is not a
/// secret) but never contains a secret access key. Two errors are equal when their codes are.
public struct SigV4Error: Error, Hashable, CustomStringConvertible {
    /// The kind of failure; each maps to one AWS exception.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case missingAuthenticationToken
            case incompleteSignature
            case unrecognizedClient
            case invalidSignature
            case contentSHA256Mismatch
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The request carries neither an `Authorization` header nor an `X-Amz-Algorithm` query
        /// parameter. AWS: `MissingAuthenticationTokenException`.
        public static let missingAuthenticationToken = Code(.missingAuthenticationToken)

        /// The authentication information is malformed or incomplete: a missing `Credential`,
        /// `SignedHeaders` or `Signature` part, a missing or malformed date, an unsupported
        /// algorithm, a credential that is not five slash-separated elements, or an unsigned
        /// `Host`. AWS: `IncompleteSignatureException`.
        public static let incompleteSignature = Code(.incompleteSignature)

        /// The access key ID is unknown. AWS: `UnrecognizedClientException`.
        public static let unrecognizedClient = Code(.unrecognizedClient)

        /// The signature does not match, the request time is outside the allowed skew, a presigned
        /// request has expired, or the credential scope names a wrong date, service, region or
        /// terminator; for services other than S3 also a wrong `x-amz-content-sha256`.
        /// AWS: `InvalidSignatureException`.
        public static let invalidSignature = Code(.invalidSignature)

        /// For service `s3` only: the `x-amz-content-sha256` header is neither the body's hash nor
        /// `UNSIGNED-PAYLOAD`. AWS S3: `XAmzContentSHA256Mismatch`.
        public static let contentSHA256Mismatch = Code(.contentSHA256Mismatch)

        /// The error code AWS uses for this failure (the `__type` of a JSON-protocol error, or the
        /// `Code` element of an S3 error).
        public var awsErrorCode: String {
            switch base {
            case .missingAuthenticationToken: "MissingAuthenticationTokenException"
            case .incompleteSignature: "IncompleteSignatureException"
            case .unrecognizedClient: "UnrecognizedClientException"
            case .invalidSignature: "InvalidSignatureException"
            case .contentSHA256Mismatch: "XAmzContentSHA256Mismatch"
            }
        }

        /// The code's name, for example `invalidSignature`.
        public var description: String { "\(base)" }
    }

    /// The kind of failure.
    public let code: Code
    /// The message to return to the client, worded like AWS's; free of secrets.
    public let reason: String
    /// Where the error was thrown, `file:line`; for logs, not for clients.
    let location: String

    private init(code: Code, reason: String, file: String, line: Int) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// A request without any authentication information, with AWS's message
    /// "Missing Authentication Token".
    public static func missingAuthenticationToken(file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .missingAuthenticationToken, reason: "Missing Authentication Token", file: file, line: line)
    }

    /// Malformed or incomplete authentication information.
    ///
    /// - Parameter reason: The AWS-style message.
    public static func incompleteSignature(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .incompleteSignature, reason: reason, file: file, line: line)
    }

    /// An unknown access key ID, with AWS's message
    /// "The security token included in the request is invalid."
    public static func unrecognizedClient(file: String = #fileID, line: Int = #line) -> Self {
        Self(
            code: .unrecognizedClient,
            reason: "The security token included in the request is invalid.",
            file: file,
            line: line
        )
    }

    /// A signature that does not verify, an expired or not yet current request, or a wrong scope.
    ///
    /// - Parameter reason: The AWS-style message.
    public static func invalidSignature(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .invalidSignature, reason: reason, file: file, line: line)
    }

    /// The message AWS returns when the recomputed signature differs from the provided one.
    public static let signatureMismatchMessage =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    /// A signature mismatch, with AWS's message (``signatureMismatchMessage``).
    public static func signatureMismatch(file: String = #fileID, line: Int = #line) -> Self {
        invalidSignature(signatureMismatchMessage, file: file, line: line)
    }

    /// An `x-amz-content-sha256` header that does not match the body (S3).
    ///
    /// - Parameter reason: The AWS-style message.
    public static func contentSHA256Mismatch(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .contentSHA256Mismatch, reason: reason, file: file, line: line)
    }

    /// Compares codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `SigV4Error.<code>: <reason> (<file>:<line>)`.
    public var description: String { "SigV4Error.\(code): \(reason) (\(location))" }
}
