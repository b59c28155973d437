import Foundation

/// An S3 error answer (`<Error><Code>…</Code><Message>…</Message></Error>`, or just a status for
/// `HEAD`) and the ``ObjectStoreError`` it becomes.
struct S3ErrorResponse: Sendable, Hashable {
    /// The HTTP status.
    var status: Int
    /// S3's error code, for example `NoSuchKey`; `nil` when the body had none.
    var code: String?
    /// S3's message; `nil` when the body had none.
    var message: String?
    /// S3's request ID, from the body or the `x-amz-request-id` header.
    var requestId: String?
    /// The region S3 says the bucket is in (`x-amz-bucket-region` or `<Region>`), if any.
    var bucketRegion: String?

    /// Reads the error from a response.
    init(_ response: S3HTTPResponse) {
        let document = S3XMLElement.parse(response.body)
        let error = document?.name == "Error" ? document : nil
        self.status = response.status
        self.code = error?.text("Code").flatMap { $0.isEmpty ? nil : $0 }
        self.message = error?.text("Message").flatMap { $0.isEmpty ? nil : $0 }
        self.requestId = error?.text("RequestId") ?? response.header("x-amz-request-id")
        self.bucketRegion = response.header("x-amz-bucket-region") ?? error?.text("Region")
    }

    /// Whether a retry may succeed: throttling, a server error, or S3's `RequestTimeout` (a 400 that
    /// AWS SDKs treat as transient: the connection was idle too long).
    var isRetryable: Bool {
        isThrottling || status >= 500 || code.map(Self.transientCodes.contains) == true
    }

    /// Whether the service asked to slow down.
    var isThrottling: Bool {
        status == 429 || code.map(Self.throttlingCodes.contains) == true
    }

    /// The ``ObjectStoreError`` for this answer.
    ///
    /// - Parameters:
    ///   - operation: The S3 operation, for the message.
    ///   - resource: `bucket` or `bucket/key`, for the message.
    ///   - redacting: Strings that must not appear in the message (the secret, token and signature).
    func error(operation: String, resource: String, redacting secrets: [String]) -> ObjectStoreError {
        var text = "\(operation) \(resource) failed"
        if let message {
            text += ": \(message)"
        } else if let code {
            text += ": \(code)"
        } else {
            text += " with HTTP status \(status)"
        }
        if let bucketRegion, code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || status == 301 {
            text += " (the bucket is in region \(bucketRegion))"
        }
        if let requestId { text += " (request ID \(requestId))" }
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return ObjectStoreError(storeCode, text, serviceErrorCode: code, statusCode: status)
    }

    /// The ``ObjectStoreError/Code`` for S3's code, or for the status when there is none.
    var storeCode: ObjectStoreError.Code {
        if let code {
            if let mapped = Self.codes[code] { return mapped }
            if code.hasPrefix("KMS.") { return .invalidArgument }
        }
        switch status {
        case 301, 307, 400, 405, 411, 412, 416: return .invalidArgument
        case 401: return .invalidCredentials
        case 403: return .accessDenied
        case 429: return .throttled
        case 500...: return .unavailable
        default: return .other
        }
    }

    private static let throttlingCodes: Set<String> = [
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestLimitExceeded", "TooManyRequestsException", "RequestThrottledException",
    ]

    private static let transientCodes: Set<String> = [
        "RequestTimeout", "InternalError", "ServiceUnavailable",
    ]

    private static let codes: [String: ObjectStoreError.Code] = {
        var codes: [String: ObjectStoreError.Code] = [
            "NoSuchBucket": .noSuchBucket,
            "NoSuchKey": .noSuchKey,
            "BucketAlreadyExists": .bucketAlreadyExists,
            "AccessDenied": .accessDenied,
            "AllAccessDisabled": .accessDenied,
            "AccountProblem": .accessDenied,
            "InvalidAccessKeyId": .invalidCredentials,
            "SignatureDoesNotMatch": .invalidCredentials,
            "ExpiredToken": .invalidCredentials,
            "InvalidToken": .invalidCredentials,
            "TokenRefreshRequired": .invalidCredentials,
            "InvalidSecurity": .invalidCredentials,
            "InvalidClientTokenId": .invalidCredentials,
            "MissingSecurityHeader": .invalidCredentials,
            "InternalError": .unavailable,
            "ServiceUnavailable": .unavailable,
            "RequestTimeout": .unavailable,
            "InvalidArgument": .invalidArgument,
            "InvalidBucketName": .invalidArgument,
            "KeyTooLongError": .invalidArgument,
            "InvalidRequest": .invalidArgument,
            "MetadataTooLarge": .invalidArgument,
            "EntityTooLarge": .invalidArgument,
            "EntityTooSmall": .invalidArgument,
            "InvalidDigest": .invalidArgument,
            "BadDigest": .invalidArgument,
            "MalformedXML": .invalidArgument,
            "InvalidLocationConstraint": .invalidArgument,
            "IllegalLocationConstraintException": .invalidArgument,
            "AuthorizationHeaderMalformed": .invalidArgument,
            "PermanentRedirect": .invalidArgument,
            "TemporaryRedirect": .invalidArgument,
            "InvalidEncryptionAlgorithmError": .invalidArgument,
            "XAmzContentSHA256Mismatch": .invalidArgument,
            "MissingContentLength": .invalidArgument,
        ]
        for code in throttlingCodes { codes[code] = .throttled }
        return codes
    }()
}
