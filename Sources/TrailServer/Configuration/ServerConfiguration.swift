public import Foundation

/// Everything `opentrail serve` needs, with the embedded defaults.
///
/// The command line and the config file fill it; tests build it directly.
public struct ServerConfiguration: Sendable {
    /// The port `opentrail serve` listens on unless told otherwise.
    public static let defaultPort = 8275
    /// The account ID used when none is configured (the one AWS's documentation uses).
    public static let defaultAccountId = "123456789012"
    /// The region used when none is configured.
    public static let defaultRegion = "us-east-1"

    /// AWS's commercial regions (2026).
    public static let awsRegions = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1",
        "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
        "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    /// Address to bind; loopback unless configured otherwise.
    public var hostname: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Where the database, credentials and (later) object stores live.
    public var dataDirectory: String
    /// The account every resource and record belongs to.
    public var accountId: String
    /// The default region (for ARNs of the CLI and records without one). Requests use the region they
    /// were signed for.
    public var region: String
    /// The regions requests may be signed for. One endpoint serves them all: a request's region is its
    /// signature's. Default: AWS's commercial regions.
    public var regions: [String]
    /// Principals besides root, from the config file.
    public var principals: [PrincipalConfiguration]
    /// The root access key; generated and stored in `<dataDirectory>/credentials` when `nil`.
    public var rootAccessKey: AccessKey?
    /// AWS's quota of trails per region (CloudTrail: 5).
    public var maxTrailsPerRegion: Int
    /// Trails per `ListTrails` page.
    public var listTrailsPageSize: Int
    /// How far a request's signing time may be from the server's clock.
    public var allowedClockSkew: TimeInterval
    /// Authentication failures recorded per source address per window; the rest are counted.
    public var authFailureRecordsPerWindow: Int
    /// The window of ``authFailureRecordsPerWindow``.
    public var authFailureWindow: TimeInterval
    /// Largest request body accepted on the control plane.
    public var maxRequestBodySize: Int
    /// Largest body of the native batch endpoint (`POST /v1/events`).
    public var maxBatchBodySize: Int
    /// How long event history keeps events (CloudTrail: 90 days).
    public var retention: TimeInterval
    /// How often retention looks for expired events.
    public var retentionInterval: TimeInterval
    /// WAL pages after which a committing writer checkpoints itself: a safety net only, since a
    /// background service checkpoints every 250 ms on its own connection.
    public var walAutocheckpointPages: Int
    /// `PRAGMA synchronous = FULL` (durable across power loss) rather than `NORMAL`.
    public var synchronousFull: Bool
    /// How often the WAL is checkpointed in the background.
    public var checkpointInterval: TimeInterval
    /// Where trails deliver their log files.
    public var objectStore: ObjectStoreSettings
    /// How long a log file collects events before it is delivered (AWS: about 5 minutes); at least 1 s.
    public var deliveryWindow: TimeInterval
    /// Notification topics a trail's `SnsTopicName` can name, from the config file.
    public var topics: [TopicSettings]
    /// How long one digest file covers (log file validation; AWS: one hour); at least 60 s.
    public var digestPeriod: TimeInterval = 3600
    /// How long a digest signing key signs before the region's next key takes over; at least 1 s.
    public var signingKeyRotation: TimeInterval = 30 * 86_400
    /// A file holding the 32-byte master key (raw or base64) that seals digest signing keys on disk; also
    /// given as base64 in the environment variable `OPENTRAIL_SIGNING_MASTER_KEY`. Without one, private keys
    /// are kept in owner-only files in the clear.
    public var signingKeyMasterKeyFile: String?
    /// Monitors defined by the operator, applied at start.
    public var monitors = MonitorSettings()

    public init(
        hostname: String = "127.0.0.1",
        port: Int = ServerConfiguration.defaultPort,
        dataDirectory: String = "./opentrail-data",
        accountId: String = ServerConfiguration.defaultAccountId,
        region: String = ServerConfiguration.defaultRegion,
        regions: [String] = ServerConfiguration.awsRegions,
        principals: [PrincipalConfiguration] = [],
        rootAccessKey: AccessKey? = nil,
        maxTrailsPerRegion: Int = 5,
        listTrailsPageSize: Int = 50,
        allowedClockSkew: TimeInterval = 15 * 60,
        authFailureRecordsPerWindow: Int = 10,
        authFailureWindow: TimeInterval = 60,
        maxRequestBodySize: Int = 1 << 20,
        maxBatchBodySize: Int = 16 << 20,
        retention: TimeInterval = 90 * 86_400,
        retentionInterval: TimeInterval = 60,
        walAutocheckpointPages: Int = 200_000,
        synchronousFull: Bool = true,
        checkpointInterval: TimeInterval = 0.25,
        objectStore: ObjectStoreSettings = ObjectStoreSettings(),
        deliveryWindow: TimeInterval = 300,
        topics: [TopicSettings] = []
    ) {
        self.hostname = hostname
        self.port = port
        self.dataDirectory = dataDirectory
        self.accountId = accountId
        self.region = region
        self.regions = regions
        self.principals = principals
        self.rootAccessKey = rootAccessKey
        self.maxTrailsPerRegion = maxTrailsPerRegion
        self.listTrailsPageSize = listTrailsPageSize
        self.allowedClockSkew = allowedClockSkew
        self.authFailureRecordsPerWindow = authFailureRecordsPerWindow
        self.authFailureWindow = authFailureWindow
        self.maxRequestBodySize = maxRequestBodySize
        self.maxBatchBodySize = maxBatchBodySize
        self.retention = retention
        self.retentionInterval = retentionInterval
        self.walAutocheckpointPages = walAutocheckpointPages
        self.synchronousFull = synchronousFull
        self.checkpointInterval = checkpointInterval
        self.objectStore = objectStore
        self.deliveryWindow = deliveryWindow
        self.topics = topics
    }

    /// Where digest signing keys are kept.
    public var signingKeysPath: String { (dataDirectory as NSString).appendingPathComponent("signing-keys") }
    /// The path of the SQLite database.
    public var databasePath: String { (dataDirectory as NSString).appendingPathComponent("opentrail.sqlite") }
    /// The path of the generated credentials file.
    /// The local object store's buckets.
    public var bucketsPath: String { (dataDirectory as NSString).appendingPathComponent("buckets") }
    public var credentialsPath: String { (dataDirectory as NSString).appendingPathComponent("credentials") }
}

/// An access key: its id and its secret.
public struct AccessKey: Sendable, Hashable {
    public var accessKeyId: String
    public var secretAccessKey: String

    public init(accessKeyId: String, secretAccessKey: String) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
    }
}

/// A principal defined in the config file: an IAM-style user with one access key.
public struct PrincipalConfiguration: Sendable, Hashable, Codable {
    public var userName: String
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Whether the S3 read API serves this user objects the local store encrypted for a trail with a
    /// `KmsKeyId` (as S3 serves SSE-KMS objects only to principals allowed to use the key). Absent
    /// means no; root may always.
    public var decryptsObjects: Bool?

    public init(userName: String, accessKeyId: String, secretAccessKey: String, decryptsObjects: Bool? = nil) {
        self.userName = userName
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.decryptsObjects = decryptsObjects
    }
}
