import Foundation

/// Where trails deliver their files: the local directory store (the default) or an S3-compatible service.
///
/// ```yaml
/// objectStore:
///   type: s3
///   endpoint: http://127.0.0.1:9000
///   region: us-east-1
///   addressingStyle: path        # or virtual
///   # credentials: OPENTRAIL_S3_ACCESS_KEY_ID / OPENTRAIL_S3_SECRET_ACCESS_KEY, or here
/// ```
public struct ObjectStoreSettings: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case local
        case s3
    }

    public var type: Kind
    /// Local store: whether a trail's bucket is created when a trail names it (default true). When false,
    /// CreateTrail and UpdateTrail refuse a bucket that does not exist, as with S3.
    public var createsBuckets: Bool?
    public var endpoint: String?
    public var region: String?
    public var accessKeyId: String?
    public var secretAccessKey: String?
    /// `path` (default) or `virtual`.
    public var addressingStyle: String?
    /// Per request, before a retry (default 60).
    public var requestTimeoutSeconds: Double?
    /// Attempts per request on 5xx, throttling and network errors (default 4).
    public var maxAttempts: Int?

    public init(
        type: Kind = .local,
        createsBuckets: Bool? = nil,
        endpoint: String? = nil,
        region: String? = nil,
        accessKeyId: String? = nil,
        secretAccessKey: String? = nil,
        addressingStyle: String? = nil,
        requestTimeoutSeconds: Double? = nil,
        maxAttempts: Int? = nil
    ) {
        self.type = type
        self.createsBuckets = createsBuckets
        self.endpoint = endpoint
        self.region = region
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.addressingStyle = addressingStyle
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.maxAttempts = maxAttempts
    }

    /// Checks what a server cannot start with.
    func validate(environment: [String: String]) throws {
        guard type == .s3 else { return }
        guard let endpoint, let url = URL(string: endpoint), ["http", "https"].contains(url.scheme ?? "") else {
            throw ConfigurationError("objectStore.endpoint must be an http(s) URL for an s3 object store")
        }
        guard credentials(environment: environment) != nil else {
            throw ConfigurationError(
                "an s3 object store needs credentials: OPENTRAIL_S3_ACCESS_KEY_ID and OPENTRAIL_S3_SECRET_ACCESS_KEY, or objectStore.accessKeyId and secretAccessKey"
            )
        }
        if let addressingStyle, !["path", "virtual"].contains(addressingStyle) {
            throw ConfigurationError("objectStore.addressingStyle must be path or virtual")
        }
        if let maxAttempts, !(1...10).contains(maxAttempts) {
            throw ConfigurationError("objectStore.maxAttempts must be 1-10")
        }
    }

    /// The S3 credentials: the environment first, then the file.
    func credentials(environment: [String: String]) -> (accessKeyId: String, secretAccessKey: String)? {
        if let id = environment["OPENTRAIL_S3_ACCESS_KEY_ID"],
            let secret = environment["OPENTRAIL_S3_SECRET_ACCESS_KEY"]
        {
            return (id, secret)
        }
        if let accessKeyId, let secretAccessKey { return (accessKeyId, secretAccessKey) }
        return nil
    }
}
