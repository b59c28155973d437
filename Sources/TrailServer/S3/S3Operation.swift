import HTTPTypes
import TrailDelivery

/// The operations of the S3 read API, chosen from a request's method, resource and sub-resources.
enum S3Operation: Sendable, Equatable {
    /// `GET /`.
    case listBuckets
    /// `GET /{bucket}?location`.
    case getBucketLocation(bucket: String)
    /// `HEAD /{bucket}`.
    case headBucket(bucket: String)
    /// `GET /{bucket}`.
    case listObjects(bucket: String)
    /// `GET /{bucket}?list-type=2`.
    case listObjectsV2(bucket: String)
    /// `GET /{bucket}/{key}`.
    case getObject(bucket: String, key: String)
    /// `HEAD /{bucket}/{key}`.
    case headObject(bucket: String, key: String)

    /// The S3 action name, for metrics (a bounded set of labels).
    var name: String {
        switch self {
        case .listBuckets: "s3:ListBuckets"
        case .getBucketLocation: "s3:GetBucketLocation"
        case .headBucket: "s3:HeadBucket"
        case .listObjects: "s3:ListObjects"
        case .listObjectsV2: "s3:ListObjectsV2"
        case .getObject: "s3:GetObject"
        case .headObject: "s3:HeadObject"
        }
    }

    /// The metrics label of a request refused before an operation was chosen.
    static let unknownName = "s3:Unknown"

    /// Sub-resources of S3's bucket API that the read API does not serve.
    static let unsupportedBucketSubresources: [String] = [
        "accelerate", "acl", "analytics", "cors", "delete", "encryption", "intelligent-tiering", "inventory",
        "lifecycle", "logging", "metadataConfiguration", "metadataTable", "metrics", "notification",
        "object-lock", "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "replication",
        "requestPayment", "session", "tagging", "uploads", "versioning", "versions", "website",
    ]

    /// Sub-resources of S3's object API that the read API does not serve.
    static let unsupportedObjectSubresources: [String] = [
        "acl", "attributes", "legal-hold", "partNumber", "renameObject", "restore", "retention", "select",
        "tagging", "torrent", "uploadId", "uploads",
    ]

    /// Chooses the operation of a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - target: The parsed request target.
    /// - Throws: ``S3APIError``: `AccessDenied` for anything that would write (the API is read-only),
    ///   `MethodNotAllowed`, `InvalidBucketName`, `NotImplemented` for other sub-resources, or
    ///   `InvalidArgument`.
    init(method: HTTPRequest.Method, target: S3Target) throws(S3APIError) {
        switch method {
        case .get, .head:
            break
        case .put, .post, .delete, .patch:
            throw S3APIError(
                .accessDenied,
                "Access Denied: OpenTrail's S3 endpoint is read-only; trails write the log files, "
                    + "and \(method.rawValue) requests are refused."
            )
        default:
            throw S3APIError(.methodNotAllowed, "The specified method is not allowed against this resource.")
        }
        let isHead = method == .head
        switch target.resource {
        case .service:
            guard !isHead else {
                throw S3APIError(.methodNotAllowed, "The specified method is not allowed against this resource.")
            }
            self = .listBuckets
        case .bucket(let bucket):
            guard LocalDirectoryStore.isValidBucketName(bucket) else { throw .invalidBucketName(bucket) }
            if let unsupported = Self.unsupportedBucketSubresources.first(where: target.has) {
                throw .notImplemented("?\(unsupported)")
            }
            if target.has("location") {
                guard !isHead else {
                    throw S3APIError(.methodNotAllowed, "The specified method is not allowed against this resource.")
                }
                self = .getBucketLocation(bucket: bucket)
            } else if isHead {
                self = .headBucket(bucket: bucket)
            } else {
                switch target.value("list-type") {
                case nil: self = .listObjects(bucket: bucket)
                case "2": self = .listObjectsV2(bucket: bucket)
                default: throw S3APIError(.invalidArgument, "Invalid List Type specified: only 2 is valid.")
                }
            }
        case .object(let bucket, let key):
            guard LocalDirectoryStore.isValidBucketName(bucket) else { throw .invalidBucketName(bucket) }
            if let unsupported = Self.unsupportedObjectSubresources.first(where: target.has) {
                throw .notImplemented("?\(unsupported)")
            }
            // Buckets of the local store are not versioned: only the "null" version exists.
            if let version = target.value("versionId"), version != "null" {
                throw S3APIError(
                    .invalidArgument,
                    "Invalid version id specified",
                    details: [("ArgumentName", "versionId"), ("ArgumentValue", String(version.prefix(200)))]
                )
            }
            self = isHead ? .headObject(bucket: bucket, key: key) : .getObject(bucket: bucket, key: key)
        }
    }
}
