import HTTPTypes

/// An error of the S3 read API, answered as S3 answers it: an HTTP status and, except for `HEAD`, an
/// XML `<Error>` document with the code, a message and the resource it concerns.
///
/// Messages are worded like S3's and never contain a secret; the elements only echo what the caller
/// sent (bucket, key, access key ID) or what the server may tell (the object's size).
struct S3APIError: Error, Hashable, CustomStringConvertible {
    /// S3's error code and the HTTP status S3 answers it with.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The `<Code>` of the error document, for example `NoSuchKey`.
        let name: String
        /// The HTTP status.
        let status: HTTPResponse.Status

        private init(_ name: String, _ status: HTTPResponse.Status) {
            self.name = name
            self.status = status
        }

        /// Refused: a write, an unsigned request, an expired presigned URL, or an encrypted object
        /// the principal may not decrypt.
        static let accessDenied = Code("AccessDenied", .forbidden)
        /// The access key ID is unknown.
        static let invalidAccessKeyId = Code("InvalidAccessKeyId", .forbidden)
        /// The signature does not match.
        static let signatureDoesNotMatch = Code("SignatureDoesNotMatch", .forbidden)
        /// The signing time is too far from the server's clock.
        static let requestTimeTooSkewed = Code("RequestTimeTooSkewed", .forbidden)
        /// The `Authorization` header cannot be used: missing parts, wrong scope (region, date).
        static let authorizationHeaderMalformed = Code("AuthorizationHeaderMalformed", .badRequest)
        /// The `X-Amz-*` query parameters of a presigned URL cannot be used.
        static let authorizationQueryParametersError = Code("AuthorizationQueryParametersError", .badRequest)
        /// The declared `x-amz-content-sha256` is not the body's hash.
        static let contentSHA256Mismatch = Code("XAmzContentSHA256Mismatch", .badRequest)
        /// The bucket does not exist.
        static let noSuchBucket = Code("NoSuchBucket", .notFound)
        /// The key does not exist.
        static let noSuchKey = Code("NoSuchKey", .notFound)
        /// The bucket name breaks S3's naming rules.
        static let invalidBucketName = Code("InvalidBucketName", .badRequest)
        /// A parameter is not acceptable (max-keys, continuation token, version ID...).
        static let invalidArgument = Code("InvalidArgument", .badRequest)
        /// The request URI cannot be decoded.
        static let invalidURI = Code("InvalidURI", .badRequest)
        /// The `Range` cannot be satisfied.
        static let invalidRange = Code("InvalidRange", .rangeNotSatisfiable)
        /// An `If-Match` or `If-Unmodified-Since` condition does not hold.
        static let preconditionFailed = Code("PreconditionFailed", .preconditionFailed)
        /// The method is not one S3 knows for the resource.
        static let methodNotAllowed = Code("MethodNotAllowed", .methodNotAllowed)
        /// The request carries a body larger than a read request can have.
        static let maxMessageLengthExceeded = Code("MaxMessageLengthExceeded", .badRequest)
        /// A sub-resource or operation the read API does not implement, or an external object store.
        static let notImplemented = Code("NotImplemented", .notImplemented)
        /// The store failed; details are in the server's log only.
        static let internalError = Code("InternalError", .internalServerError)
        /// The store is unavailable (disk full, I/O error); details are in the server's log only.
        static let serviceUnavailable = Code("ServiceUnavailable", .serviceUnavailable)

        var description: String { name }
    }

    /// The error code and status.
    let code: Code
    /// The message for the caller, free of secrets.
    let message: String
    /// Further elements of the error document, in order (`BucketName`, `Key`, `AWSAccessKeyId`...).
    let details: [(name: String, value: String)]
    /// Where the error was made, `file:line`; for logs.
    let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The S3 error code.
    ///   - message: A message free of secrets.
    ///   - details: Further elements of the error document.
    init(
        _ code: Code,
        _ message: String,
        details: [(name: String, value: String)] = [],
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.location = "\(file):\(line)"
    }

    /// The bucket does not exist.
    static func noSuchBucket(_ bucket: String) -> Self {
        Self(.noSuchBucket, "The specified bucket does not exist", details: [("BucketName", bucket)])
    }

    /// The key does not exist.
    static func noSuchKey(_ key: String) -> Self {
        Self(.noSuchKey, "The specified key does not exist.", details: [("Key", key)])
    }

    /// The bucket name breaks S3's rules.
    static func invalidBucketName(_ bucket: String) -> Self {
        Self(.invalidBucketName, "The specified bucket is not valid.", details: [("BucketName", bucket)])
    }

    /// A sub-resource or feature the read API does not implement.
    static func notImplemented(_ what: String) -> Self {
        Self(
            .notImplemented,
            "A header or query you provided requested a function that is not implemented: OpenTrail's S3 endpoint "
                + "serves ListBuckets, GetBucketLocation, HeadBucket, ListObjects(V2), GetObject and HeadObject "
                + "only, not \(what)."
        )
    }

    /// Compares codes only.
    static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `S3APIError.<code>: <message> (<file>:<line>)`.
    var description: String { "S3APIError.\(code): \(message) (\(location))" }
}
