/// An error that answers an API call, named after the AWS exception a client expects.
///
/// The ``Code`` carries the exception name exactly as the botocore model spells it
/// (`TrailNotFoundException`, `InvalidTrailNameException`, ...); the server maps it to the AWS JSON
/// error shape `{"__type": code, "message": reason}`. Two errors are equal when their codes are.
public struct CloudTrailError: Error, Hashable, CustomStringConvertible, Sendable {
    /// The exception name of an error, as in the botocore model.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The exception name, e.g. `TrailNotFoundException`.
        public let name: String
        /// The HTTP status AWS answers this exception with.
        public let httpStatus: Int

        /// Creates a code; prefer the `static let`s.
        public init(_ name: String, httpStatus: Int = 400) {
            self.name = name
            self.httpStatus = httpStatus
        }

        public var description: String { name }

        // Protocol and authentication.
        public static let missingAuthenticationToken = Code("MissingAuthenticationTokenException", httpStatus: 403)
        public static let incompleteSignature = Code("IncompleteSignatureException", httpStatus: 400)
        public static let invalidSignature = Code("InvalidSignatureException", httpStatus: 400)
        public static let unrecognizedClient = Code("UnrecognizedClientException", httpStatus: 400)
        public static let accessDenied = Code("AccessDeniedException", httpStatus: 400)
        public static let unknownOperation = Code("UnknownOperationException", httpStatus: 400)
        public static let serialization = Code("SerializationException", httpStatus: 400)
        public static let validation = Code("ValidationException", httpStatus: 400)
        public static let internalFailure = Code("InternalFailure", httpStatus: 500)
        public static let throttling = Code("ThrottlingException", httpStatus: 400)

        // Trails.
        public static let trailNotFound = Code("TrailNotFoundException")
        public static let trailAlreadyExists = Code("TrailAlreadyExistsException")
        public static let invalidTrailName = Code("InvalidTrailNameException")
        public static let trailNotProvided = Code("TrailNotProvidedException")
        public static let cloudTrailARNInvalid = Code("CloudTrailARNInvalidException")
        public static let maximumNumberOfTrailsExceeded = Code("MaximumNumberOfTrailsExceededException")
        public static let invalidS3BucketName = Code("InvalidS3BucketNameException")
        public static let invalidS3Prefix = Code("InvalidS3PrefixException")
        public static let invalidSnsTopicName = Code("InvalidSnsTopicNameException")
        public static let invalidKmsKeyId = Code("InvalidKmsKeyIdException")
        public static let invalidCloudWatchLogsLogGroupArn = Code("InvalidCloudWatchLogsLogGroupArnException")
        public static let invalidCloudWatchLogsRoleArn = Code("InvalidCloudWatchLogsRoleArnException")
        public static let invalidParameter = Code("InvalidParameterException")
        public static let invalidParameterCombination = Code("InvalidParameterCombinationException")
        public static let invalidHomeRegion = Code("InvalidHomeRegionException")
        public static let s3BucketDoesNotExist = Code("S3BucketDoesNotExistException")
        public static let insufficientS3BucketPolicy = Code("InsufficientS3BucketPolicyException")

        // Selectors.
        public static let invalidEventSelectors = Code("InvalidEventSelectorsException")
        public static let invalidInsightSelectors = Code("InvalidInsightSelectorsException")
        public static let insightNotEnabled = Code("InsightNotEnabledException")

        // Tags.
        public static let resourceNotFound = Code("ResourceNotFoundException")
        public static let invalidTagParameter = Code("InvalidTagParameterException")
        public static let tagsLimitExceeded = Code("TagsLimitExceededException")
        public static let resourceTypeNotSupported = Code("ResourceTypeNotSupportedException")
        public static let invalidToken = Code("InvalidTokenException")

        // Event history.
        public static let invalidLookupAttributes = Code("InvalidLookupAttributesException")
        public static let invalidTimeRange = Code("InvalidTimeRangeException")
        public static let invalidMaxResults = Code("InvalidMaxResultsException")
        public static let invalidNextToken = Code("InvalidNextTokenException")
        public static let invalidEventCategory = Code("InvalidEventCategoryException")
        public static let unsupportedOperation = Code("UnsupportedOperationException")
    }

    /// What kind of error this is.
    public let code: Code
    /// The message sent to the client. It never contains a secret.
    public let reason: String
    /// Where the error was raised, for logs only.
    public let location: String

    /// Creates an error with a code and a message for the client.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    public static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    public var description: String { "CloudTrailError.\(code): \(reason) (\(location))" }
}
