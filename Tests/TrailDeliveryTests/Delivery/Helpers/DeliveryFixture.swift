import CompressNIO
import Foundation
import Logging
import NIOCore
import TrailDelivery
import TrailModel
import TrailStore

/// An event log and control store (one SQLite database) and a local object store, in a fresh temporary
/// directory: what a ``DeliveryEngine`` works on in the server. Call ``remove()`` when the test ends.
struct DeliveryFixture: Sendable {
    static let accountID = "123456789012"
    static let homeRegion = "us-east-1"
    static let bucket = "trail-bucket"
    /// What every engine of the fixture takes as the current time: 2026-11-20T10:15:30Z.
    static let now = Date(timeIntervalSince1970: 1_795_169_730)
    static let logger = Logger(label: "opentrail.test.delivery") { _ in SwiftLogNoOpLogHandler() }

    let directory: String
    let store: SQLiteStore
    let objects: LocalDirectoryStore

    /// - Parameter buckets: the buckets the object store starts with.
    init(buckets: [String] = [DeliveryFixture.bucket]) async throws {
        directory = NSTemporaryDirectory() + "opentrail-delivery-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(configuration: .init(path: directory + "/events.sqlite"), logger: Self.logger)
        objects = try LocalDirectoryStore(root: directory + "/buckets")
        for bucket in buckets {
            try await objects.createBucket(bucket)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: - Trails and plans

    static func arn(_ name: String) -> String {
        "arn:aws:cloudtrail:\(homeRegion):\(accountID):trail/\(name)"
    }

    /// A trail's delivery settings; by default a logging single-region trail in `us-east-1` selecting every
    /// management event into ``bucket``.
    static func trail(
        _ name: String = "main",
        bucket: String = DeliveryFixture.bucket,
        prefix: String? = nil,
        isMultiRegion: Bool = false,
        selectors: EventSelectorConfiguration = .default,
        kmsKeyID: String? = nil,
        snsTopicName: String? = nil,
        isLogging: Bool = true,
        validatesLogFiles: Bool = false
    ) -> DeliveryTrail {
        DeliveryTrail(
            arn: arn(name),
            name: name,
            homeRegion: homeRegion,
            accountID: accountID,
            bucket: bucket,
            prefix: prefix,
            isMultiRegion: isMultiRegion,
            selectors: selectors,
            kmsKeyID: kmsKeyID,
            snsTopicName: snsTopicName,
            isLogging: isLogging,
            validatesLogFiles: validatesLogFiles
        )
    }

    /// Records a change of a trail in its delivery plan, as the server does in the transaction of the change.
    ///
    /// - Parameters:
    ///   - trail: the settings from now on; `nil` for a deletion.
    ///   - arn: the trail's ARN (that of `trail` when there is one).
    ///   - since: the log sequence the change takes effect after; by default the log's end.
    @discardableResult
    func recordPlan(_ trail: DeliveryTrail?, arn: String? = nil, since: Int64? = nil) async throws -> DeliveryPlan {
        let arn = arn ?? trail?.arn ?? ""
        return try await store.write { tx in
            var plan = try DeliveryPlan.read(arn: arn, in: tx) ?? DeliveryPlan(arn: arn)
            plan.record(trail, since: try since ?? tx.latestSequence())
            try plan.save(in: tx)
            return plan
        }
    }

    /// The stored plan of a trail, or `nil` when there is none.
    func plan(_ arn: String) async throws -> DeliveryPlan? {
        try await store.read { tx in try DeliveryPlan.read(arn: arn, in: tx) }
    }

    /// The delivery status GetTrailStatus would show.
    func status(_ arn: String) async throws -> DeliveryStatus {
        try await store.read { tx in try DeliveryStatus.read(arn: arn, in: tx) }
    }

    /// The persisted delivery cursor of a trail.
    func cursor(_ arn: String) async throws -> Int64 {
        try await store.cursor(named: "delivery:\(arn)")
    }

    // MARK: - Events

    /// Appends records and returns their sequence numbers.
    @discardableResult
    func append(_ records: [EventRecord]) async throws -> [Int64] {
        try await store.append(records).map(\.sequence)
    }

    // MARK: - Engines

    /// Settings for tests: a long window (files are cut by size or by `force`), small batches, and retries
    /// that never come due on their own.
    static func configuration(
        window: Duration = .seconds(300),
        maximumCompressedBytes: Int = LogFileCutPolicy.defaultMaximumCompressedBytes,
        batchSize: Int = 4,
        maximumPendingFiles: Int = 16
    ) -> DeliveryEngine.Configuration {
        DeliveryEngine.Configuration(
            cutPolicy: LogFileCutPolicy(window: window, maximumCompressedBytes: maximumCompressedBytes),
            batchSize: batchSize,
            initialRetryDelay: .seconds(60),
            maximumRetryDelay: .seconds(600),
            maximumPendingFiles: maximumPendingFiles
        )
    }

    /// An engine on the fixture's store: a fresh one stands for a restarted server.
    ///
    /// - Parameters:
    ///   - digests: writes the digests of validating trails; `nil` writes none.
    ///   - now: the engine's clock; ``now`` by default.
    func makeEngine(
        objects: (any ObjectStore)? = nil,
        log: (any EventLog)? = nil,
        control: (any ControlStore)? = nil,
        notifier: (any DeliveryNotifier)? = nil,
        digests: DigestKeeper? = nil,
        configuration: DeliveryEngine.Configuration = DeliveryFixture.configuration(),
        now: (@Sendable () -> Date)? = nil
    ) -> DeliveryEngine {
        DeliveryEngine(
            log: log ?? store,
            control: control ?? store,
            objects: objects ?? self.objects,
            notifier: notifier,
            digests: digests,
            configuration: configuration,
            logger: Self.logger,
            now: now ?? { Self.now }
        )
    }

    // MARK: - Delivered files

    /// Every log file in `bucket`, read back and decompressed, in key order.
    func files(in bucket: String = DeliveryFixture.bucket) async throws -> [DeliveredFile] {
        var files: [DeliveredFile] = []
        for key in try await objects.allKeys(bucket: bucket) {
            files.append(try await file(key, in: bucket))
        }
        return files
    }

    /// One log file, read back and decompressed.
    func file(_ key: String, in bucket: String = DeliveryFixture.bucket) async throws -> DeliveredFile {
        try DeliveredFile(key: key, object: try await objects.getObject(bucket: bucket, key: key))
    }

    /// The eventIDs of every file in `bucket`, in key order, then record order.
    func deliveredIDs(in bucket: String = DeliveryFixture.bucket) async throws -> [String] {
        try await files(in: bucket).flatMap(\.eventIDs)
    }
}

/// A stored log file, decompressed and parsed.
struct DeliveredFile {
    let key: String
    let object: StoredObject
    /// The uncompressed JSON.
    let json: [UInt8]
    /// The members of `Records`, in order.
    let records: [JSONValue]

    init(key: String, object: StoredObject) throws {
        self.key = key
        self.object = object
        var compressed = ByteBuffer(bytes: object.body)
        json = Array(try compressed.decompress(with: .gzip).readableBytesView)
        guard case .array(let records) = try JSONValue(parsing: json)["Records"] else {
            throw DeliveredFileError(key: key, reason: "no Records array")
        }
        self.records = records
    }

    /// The size of the gzip object.
    var compressedSize: Int { object.body.count }

    var eventIDs: [String] { records.map { $0["eventID"]?.stringValue ?? "?" } }

    var regions: Set<String> { Set(records.map { $0["awsRegion"]?.stringValue ?? "?" }) }

    /// The JSON a log file of these records must hold, byte for byte: each record exactly as the log holds it.
    static func expectedJSON(_ records: [EventRecord]) -> [UInt8] {
        Array(#"{"Records":["#.utf8) + Array(records.map(\.bytes).joined(separator: [UInt8(ascii: ",")]))
            + Array("]}".utf8)
    }
}

struct DeliveredFileError: Error, CustomStringConvertible {
    let key: String
    let reason: String
    var description: String { "\(key): \(reason)" }
}
