/// Why an ``ObjectStore`` operation failed.
///
/// The ``code`` is what callers branch on; ``message`` is for people and never contains a secret
/// (no secret access key, session token or request signature). For an S3-compatible store the
/// service's own error code and HTTP status are kept in ``serviceErrorCode`` and ``statusCode``.
/// Two errors are equal when their codes are.
package struct ObjectStoreError: Error, Hashable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case noSuchBucket
            case noSuchKey
            case bucketAlreadyExists
            case accessDenied
            case invalidCredentials
            case unavailable
            case throttled
            case invalidArgument
            case decryptionFailed
            case other
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The bucket does not exist (S3 `NoSuchBucket`).
        package static let noSuchBucket = Code(.noSuchBucket)
        /// The object does not exist (S3 `NoSuchKey`).
        package static let noSuchKey = Code(.noSuchKey)
        /// The bucket name is taken by someone else (S3 `BucketAlreadyExists`).
        package static let bucketAlreadyExists = Code(.bucketAlreadyExists)
        /// The credentials are valid but not allowed to do this (S3 `AccessDenied`, HTTP 403).
        package static let accessDenied = Code(.accessDenied)
        /// The access key is unknown, the signature does not match or the token expired
        /// (S3 `InvalidAccessKeyId`, `SignatureDoesNotMatch`, `ExpiredToken`, ...).
        package static let invalidCredentials = Code(.invalidCredentials)
        /// The store could not be reached or kept failing (connection errors, HTTP 5xx) after the
        /// configured retries.
        package static let unavailable = Code(.unavailable)
        /// The store kept asking to slow down (S3 `SlowDown`, HTTP 503/429) after the configured
        /// retries.
        package static let throttled = Code(.throttled)
        /// A bucket name, key, metadata entry or option is not acceptable.
        package static let invalidArgument = Code(.invalidArgument)
        /// An encrypted object could not be decrypted: another master key, or a damaged file.
        package static let decryptionFailed = Code(.decryptionFailed)
        /// Anything else; ``ObjectStoreError/serviceErrorCode`` tells more when the store sent one.
        package static let other = Code(.other)

        /// The code's name, for example `noSuchKey`.
        package var description: String { "\(base)" }
    }

    /// The kind of failure.
    package let code: Code
    /// What went wrong, for people; free of secrets.
    package let message: String
    /// The error code the service returned (for example `SignatureDoesNotMatch`), when there was one.
    package let serviceErrorCode: String?
    /// The HTTP status the service returned, when there was one.
    package let statusCode: Int?
    /// Where the error was created, `file:line`; for logs.
    package let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - message: A message free of secrets.
    ///   - serviceErrorCode: The service's own error code, if any.
    ///   - statusCode: The HTTP status, if any.
    package init(
        _ code: Code,
        _ message: String,
        serviceErrorCode: String? = nil,
        statusCode: Int? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.serviceErrorCode = serviceErrorCode
        self.statusCode = statusCode
        self.location = "\(file):\(line)"
    }

    /// An invalid bucket name, key, metadata entry or option.
    package static func invalidArgument(_ message: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidArgument, message, file: file, line: line)
    }

    /// The bucket does not exist.
    package static func noSuchBucket(_ bucket: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.noSuchBucket, "The specified bucket does not exist: \(bucket)", file: file, line: line)
    }

    /// The object does not exist.
    package static func noSuchKey(bucket: String, key: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.noSuchKey, "The specified key does not exist: \(bucket)/\(key)", file: file, line: line)
    }

    /// Compares codes only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `ObjectStoreError.<code>: <message> [(<service code>, HTTP <status>)] (<file>:<line>)`.
    package var description: String {
        var details: [String] = []
        if let serviceErrorCode { details.append(serviceErrorCode) }
        if let statusCode { details.append("HTTP \(statusCode)") }
        let service = details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"
        return "ObjectStoreError.\(code): \(message)\(service) (\(location))"
    }
}
