import Foundation
import Logging
import TrailDelivery
import TrailModel
import TrailRules
import TrailStore

/// An event log and control store (one SQLite database) in a fresh temporary directory, with a clock the test
/// moves: what a ``MonitorEngine`` and a ``TargetDispatcher`` work on in the server. Call ``remove()`` when the
/// test ends.
struct MonitorFixture: Sendable {
    static let accountID = "123456789012"
    static let region = "us-east-1"
    /// The log group most tests stream into.
    static let group = "CloudTrail/Main"
    /// Where the clock starts: 2026-11-20T10:15:30Z, twenty seconds after ``MonitorRecords/defaultEventTime``.
    static let start = Date(timeIntervalSince1970: 1_795_169_730)
    static let logger = Logger(label: "opentrail.test.monitors") { _ in SwiftLogNoOpLogHandler() }

    let directory: String
    let store: SQLiteStore
    let clock: TestClock

    init() async throws {
        directory = NSTemporaryDirectory() + "opentrail-monitors-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(configuration: .init(path: directory + "/events.sqlite"), logger: Self.logger)
        clock = TestClock(Self.start)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var catalog: MonitorCatalog { MonitorCatalog(control: store) }

    // MARK: - Trails

    /// A `CloudWatchLogsLogGroupArn`.
    static func logGroupArn(_ name: String) -> String {
        "arn:aws:logs:\(region):\(accountID):log-group:\(name):*"
    }

    static func trailArn(_ name: String) -> String {
        "arn:aws:cloudtrail:\(region):\(accountID):trail/\(name)"
    }

    /// A trail's delivery settings; by default a logging single-region trail in `us-east-1` selecting every
    /// management event and streaming into ``group``.
    static func trail(
        _ name: String = "main",
        logGroup: String? = MonitorFixture.group,
        isLogging: Bool = true,
        isMultiRegion: Bool = false,
        selectors: EventSelectorConfiguration = .default
    ) -> DeliveryTrail {
        DeliveryTrail(
            arn: trailArn(name),
            name: name,
            homeRegion: region,
            accountID: accountID,
            bucket: "trail-bucket",
            prefix: nil,
            isMultiRegion: isMultiRegion,
            selectors: selectors,
            kmsKeyID: nil,
            snsTopicName: nil,
            isLogging: isLogging,
            logGroupArn: logGroup.map(logGroupArn)
        )
    }

    /// Records a change of a trail in its delivery plan, as the server does: it holds for the records appended
    /// after it.
    ///
    /// - Parameters:
    ///   - trail: the settings from now on; `nil` for a deletion.
    ///   - arn: the trail's ARN (that of `trail` when there is one).
    func recordPlan(_ trail: DeliveryTrail?, arn: String? = nil) async throws {
        let arn = arn ?? trail?.arn ?? ""
        try await store.write { tx in
            var plan = try DeliveryPlan.read(arn: arn, in: tx) ?? DeliveryPlan(arn: arn)
            plan.record(trail, since: try tx.latestSequence())
            try plan.save(in: tx)
        }
    }

    /// Appends records and returns their sequence numbers.
    @discardableResult
    func append(_ records: [EventRecord]) async throws -> [Int64] {
        try await store.append(records).map(\.sequence)
    }

    // MARK: - Definitions

    func createLogGroup(_ name: String = MonitorFixture.group, retentionInDays: Int? = nil) async throws {
        try await catalog.create(
            LogGroup(name: name, creationTime: clock.milliseconds, retentionInDays: retentionInDays)
        )
    }

    /// Puts a metric filter on a group; returns its metric.
    @discardableResult
    func putFilter(
        _ name: String = "Counted",
        group: String = MonitorFixture.group,
        pattern: String,
        metricName: String = "CountedEvents",
        namespace: String = "CloudTrailMetrics",
        value: String = "1",
        defaultValue: Double? = nil
    ) async throws -> MetricKey {
        try await catalog.put(
            MetricFilter(
                logGroupName: group,
                filterName: name,
                filterPattern: pattern,
                metricName: metricName,
                metricNamespace: namespace,
                metricValue: value,
                defaultValue: defaultValue,
                creationTime: clock.milliseconds
            )
        )
        return try MetricKey(namespace: namespace, name: metricName)
    }

    // MARK: - Engines

    /// An engine on the fixture's store: a fresh one stands for a restarted server.
    func makeEngine(control: (any ControlStore)? = nil, batchSize: Int = 2000) -> MonitorEngine {
        MonitorEngine(
            log: store,
            control: control ?? store,
            configuration: .init(accountID: Self.accountID, region: Self.region, batchSize: batchSize),
            logger: Self.logger,
            now: clock.now
        )
    }

    /// An engine as a running server has it: the log holds a record from before the test and the engine has
    /// made its first pass (so it has a cursor, at the log's end; what is appended next is new to it).
    func startEngine(control: (any ControlStore)? = nil, batchSize: Int = 2000) async throws -> MonitorEngine {
        try await append([MonitorRecords.make(id: "seed-" + UUID().uuidString, eventTime: "2026-11-20T09:00:00Z")])
        let engine = makeEngine(control: control, batchSize: batchSize)
        try await engine.step()
        return engine
    }

    /// A publisher that tries each subscription once, and a dispatcher on the fixture's store and clock.
    func makeDispatcher(topics: [TopicDirectory.Stored] = []) -> TargetDispatcher {
        TargetDispatcher(
            control: store,
            publisher: NotificationPublisher(
                configuration: .init(
                    webhookTimeout: .seconds(5),
                    maximumAttempts: 1,
                    initialBackoff: .milliseconds(10),
                    commandTerminationGrace: .milliseconds(200)
                ),
                logger: Self.logger
            ),
            topics: TopicDirectory(configured: topics, control: store),
            accountID: Self.accountID,
            region: Self.region,
            logger: Self.logger,
            now: clock.now
        )
    }

    // MARK: - Reading back

    /// The monitor engine's persisted cursor.
    func cursor() async throws -> Int64 {
        try await store.cursor(named: MonitorEngine.cursorName)
    }

    /// Every log event of a group, oldest first.
    func logEvents(_ group: String = MonitorFixture.group) async throws -> [LogEventStore.Event] {
        try await store.read { tx in
            try LogEventStore.events(group: group, start: 0, end: .max, after: nil, limit: 100_000, in: tx)
        }
    }

    /// What a metric published within an hour of the start, as of the clock (or `now`).
    func series(_ metric: MetricKey, now: Int64? = nil) async throws -> MetricSeries {
        let now = now ?? clock.milliseconds
        let start = EventTime.milliseconds(Self.start)
        return try await store.read { tx in
            try MetricDataStore.series(metric, from: start - 3_600_000, before: start + 3_600_000, now: now, in: tx)
        }
    }

    /// Deliveries waiting for their (next) attempt, in id order.
    func pendingDeliveries() async throws -> [RuleDelivery] {
        try await documents(RuleDelivery.self, kind: RuleDelivery.pendingKind)
    }

    /// Alarm notifications waiting to be published, in id order.
    func notifications() async throws -> [AlarmNotification] {
        try await documents(AlarmNotification.self, kind: AlarmNotification.kind)
    }

    /// The history of an alarm, oldest first.
    func history(_ alarm: String) async throws -> [AlarmHistoryItem] {
        try await store.read { tx in
            try AlarmHistoryStore.items(alarm: alarm, start: 0, end: .max, limit: 1000, in: tx).reversed()
        }
    }

    /// Queues a delivery as the engine does.
    func enqueue(_ delivery: RuleDelivery) async throws {
        try await enqueue([delivery])
    }

    /// Queues deliveries as the engine does, in one transaction.
    func enqueue(_ deliveries: [RuleDelivery]) async throws {
        let documents = try deliveries.map { ($0.pendingID, try Self.encode($0)) }
        try await store.write { tx in
            for (id, bytes) in documents { try tx.put(kind: RuleDelivery.pendingKind, id: id, value: bytes) }
        }
    }

    /// Replaces the stored document of an alarm (a state set by some other means).
    func save(_ alarm: StoredAlarm) async throws {
        let bytes = try Self.encode(alarm)
        try await store.write { tx in try tx.put(kind: MonitorCatalog.alarmKind, id: alarm.name, value: bytes) }
    }

    func documents<T: Decodable>(_ type: T.Type, kind: String) async throws -> [T] {
        let documents = try await store.read { tx in try tx.documents(kind: kind) }
        return try documents.map { try JSONDecoder().decode(T.self, from: Data($0.value)) }
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [UInt8](try encoder.encode(value))
    }

    /// The EventBridge envelope JSON of a record, as the engine queues it for a rule's targets.
    static func envelopeJSON(_ record: EventRecord) throws -> String {
        let envelope = try EventBridgeEnvelope(record: record.bytes, fields: record.fields, defaultAccount: accountID)
        return String(decoding: envelope.json, as: UTF8.self)
    }
}
