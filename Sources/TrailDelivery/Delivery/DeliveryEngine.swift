import Foundation
import Logging
import NIOCore
import TrailModel
import TrailStore

/// Delivers each trail's selected events as CloudTrail log files: a consumer of the event log with one
/// persisted cursor per trail.
///
/// A pass (``deliver(force:)``) reads the log after the furthest-behind trail, parses each record once,
/// and appends it to the open file of every trail that selects it (one file per trail and region). A
/// file is cut when its window has passed since its first record, or before it would exceed its size
/// cap, then stored; a failed store is retried with backoff and the file kept meanwhile. A trail's
/// cursor moves only past events whose files are stored, so a crash repeats delivery of the events
/// after it (the same eventIDs again) and never skips one. In normal operation each event is
/// delivered once.
package actor DeliveryEngine {
    /// Settings of the engine.
    package struct Configuration: Sendable {
        /// When files are cut.
        package var cutPolicy: LogFileCutPolicy
        /// Events read from the log per step.
        package var batchSize: Int
        /// The first retry of a failed store waits this long, doubling up to ``maximumRetryDelay``.
        package var initialRetryDelay: Duration
        package var maximumRetryDelay: Duration
        /// Files waiting to be stored, per trail, after which the trail reads no further (memory bound).
        package var maximumPendingFiles: Int

        package init(
            cutPolicy: LogFileCutPolicy = LogFileCutPolicy(),
            batchSize: Int = 1_000,
            initialRetryDelay: Duration = .seconds(1),
            maximumRetryDelay: Duration = .seconds(60),
            maximumPendingFiles: Int = 16
        ) {
            self.cutPolicy = cutPolicy
            self.batchSize = batchSize
            self.initialRetryDelay = initialRetryDelay
            self.maximumRetryDelay = maximumRetryDelay
            self.maximumPendingFiles = maximumPendingFiles
        }
    }

    /// What one pass did.
    package struct Report: Sendable, Hashable {
        /// Keys of the files stored in this pass, by trail ARN.
        package var delivered: [String: [String]] = [:]
        /// The error of each trail whose files could not all be stored.
        package var failures: [String: String] = [:]
        /// The log's end when the pass began: every selected event up to it is stored unless a trail failed.
        package var through: Int64 = 0
        /// Keys of the digest files written in this pass, by trail ARN.
        package var digests: [String: [String]] = [:]
    }

    /// A file being filled.
    struct OpenFile {
        /// The trail's settings when the file was opened; a change of destination cuts the file.
        let trail: DeliveryTrail
        let builder: LogFileBuilder
        let openedAt: ContinuousClock.Instant
        let firstSequence: Int64
    }

    /// A cut file that is not stored yet.
    struct PendingFile {
        var trail: DeliveryTrail
        var region: String
        var key: String
        var file: LogFile
        var firstSequence: Int64
        var attempts = 0
        var retryAt: ContinuousClock.Instant
    }

    /// Where one trail stands.
    struct TrailState {
        /// Every event at or before it is delivered (persisted).
        var cursor: Int64
        /// Every event at or before it has been read into an open or pending file.
        var scanned: Int64
        var open: [String: OpenFile] = [:]
        var pending: [PendingFile] = []

        /// The position below which everything is stored.
        var deliveredThrough: Int64 {
            let waiting = open.values.map(\.firstSequence) + pending.map(\.firstSequence)
            return waiting.min().map { $0 - 1 } ?? scanned
        }
    }

    let log: any EventLog
    let control: any ControlStore
    let objects: any ObjectStore
    let notifier: (any DeliveryNotifier)?
    /// Writes the digests of trails with log file validation; `nil` leaves them unwritten.
    let digests: DigestKeeper?
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    var states: [String: TrailState] = [:]
    var compiled: [DeliveryTrail: CompiledEventSelectors] = [:]
    /// Serialises passes: the background loop and a flush never interleave.
    var isRunning = false
    var waiting: [CheckedContinuation<Void, Never>] = []

    package init(
        log: any EventLog,
        control: any ControlStore,
        objects: any ObjectStore,
        notifier: (any DeliveryNotifier)?,
        digests: DigestKeeper? = nil,
        configuration: Configuration = Configuration(),
        logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.log = log
        self.control = control
        self.objects = objects
        self.notifier = notifier
        self.digests = digests
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    static func cursorName(_ arn: String) -> String { "delivery:\(arn)" }

    /// One pass: reads what the log holds now, cuts the files that are due (every open file when
    /// `force`), stores them, writes the digests that are due (every open chain's when `sealsDigests`), and
    /// moves the cursors. With `force`, failed files are retried at once.
    @discardableResult
    package func deliver(force: Bool = false, sealsDigests: Bool = false) async throws -> Report {
        await acquire()
        defer { release() }
        var report = Report()
        // The log's end first, then the plans: a change recorded in between holds for events after the
        // end (its `since` is at least the end), so none of the events read in this pass needs it.
        let end = try await log.latestSequence()
        let plans = try await loadPlans()
        report.through = end
        for plan in plans.values where states[plan.arn] == nil {
            let stored = try await log.cursor(named: Self.cursorName(plan.arn))
            let start = max(stored, plan.firstSequence)
            states[plan.arn] = TrailState(cursor: start, scanned: start)
        }
        states = states.filter { plans[$0.key] != nil }
        try await retryPending(force: force, report: &report)
        try await scan(plans: plans, through: end, report: &report)
        let clock = ContinuousClock.now
        for arn in states.keys.sorted() {
            for region in (states[arn]?.open.keys.sorted() ?? []) {
                guard let open = states[arn]?.open[region] else { continue }
                if force || configuration.cutPolicy.isWindowElapsed(openedAt: open.openedAt, now: clock) {
                    try await cut(arn: arn, region: region, report: &report)
                }
            }
        }
        if let digests {
            var progress: [String: DigestKeeper.Progress] = [:]
            for (arn, plan) in plans {
                guard let state = states[arn] else { continue }
                progress[arn] = DigestKeeper.Progress(plan: plan, from: state.cursor, through: state.deliveredThrough)
            }
            report.digests = try await digests.step(progress: progress, force: sealsDigests)
        }
        try await advanceCursors(plans: plans)
        return report
    }

    func acquire() async {
        if !isRunning {
            isRunning = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            isRunning = false
        } else {
            waiting.removeFirst().resume()
        }
    }

    func loadPlans() async throws -> [String: DeliveryPlan] {
        let documents = try await control.read { tx in try tx.documents(kind: DeliveryPlan.kind) }
        var plans: [String: DeliveryPlan] = [:]
        for (id, bytes) in documents {
            do {
                plans[id] = try DeliveryPlan.decoded(bytes)
            } catch {
                // One unreadable plan must not stop every other trail.
                logger.error("Unreadable delivery plan", metadata: ["trail.arn": "\(id)", "trail.error": "\(error)"])
            }
        }
        return plans
    }

    /// Reads the log from the furthest-behind trail to `end`, parsing each record once for all trails.
    func scan(plans: [String: DeliveryPlan], through end: Int64, report: inout Report) async throws {
        let log = self.log
        let batchSize = configuration.batchSize
        var batch: (after: Int64, events: [StoredEvent])?
        while true {
            let reading = Set(
                states.filter { $0.value.scanned < end && $0.value.pending.count < configuration.maximumPendingFiles }
                    .keys
            )
            guard let from = reading.compactMap({ states[$0]?.scanned }).min() else { return }
            let events: [StoredEvent]
            if let batch, batch.after == from {
                events = batch.events
            } else {
                events = try await log.events(after: from, limit: batchSize)
            }
            guard let lastRead = events.last?.sequence else { return }
            let more = events.count == batchSize && lastRead < end
            // The next batch is read from the log while this one is compressed: two stages on two cores.
            async let next = more ? log.events(after: lastRead, limit: batchSize) : []
            try await process(events, for: reading, plans: plans, through: end, report: &report)
            batch = (lastRead, try await next)
            if !more { return }
        }
    }

    /// One trail's view of a batch: its plan, and the settings of the version last used (looked up again
    /// only when an event falls under another version).
    struct Reader {
        let arn: String
        let plan: DeliveryPlan
        let scanned: Int64
        var versionIndex: Int?
        var trail: DeliveryTrail?
        var selectors: CompiledEventSelectors?
    }

    /// Offers each event of a batch to every trail in `reading` that has not read it yet.
    func process(
        _ events: [StoredEvent],
        for reading: Set<String>,
        plans: [String: DeliveryPlan],
        through end: Int64,
        report: inout Report
    ) async throws {
        var readers = reading.sorted().compactMap { arn in
            plans[arn].map { Reader(arn: arn, plan: $0, scanned: states[arn]?.scanned ?? .max) }
        }
        for event in events where event.sequence <= end {
            var fromColumns: SelectableEvent?
            var fromRecord: SelectableEvent?
            for index in readers.indices where readers[index].scanned < event.sequence {
                let version = readers[index].plan.versionIndex(at: event.sequence)
                if version != readers[index].versionIndex {
                    readers[index].versionIndex = version
                    readers[index].trail = version.flatMap { readers[index].plan.versions[$0].trail }
                    readers[index].selectors = readers[index].trail.map { selectors(for: $0) }
                }
                guard let trail = readers[index].trail, trail.isLogging, let compiled = readers[index].selectors
                else { continue }
                let region = Self.region(of: event.record.fields, for: trail)
                guard trail.covers(region: region) else { continue }
                let selectable: SelectableEvent
                if Self.canSelectFromColumns(event.record.fields, for: trail) {
                    let quick = fromColumns ?? Self.selectableFromColumns(event.record.fields)
                    fromColumns = quick
                    selectable = quick
                } else {
                    if fromRecord == nil {
                        guard let json = try? JSONValue(parsing: event.record.bytes) else { continue }
                        fromRecord = SelectableEvent(record: json)
                    }
                    guard let parsed = fromRecord else { continue }
                    selectable = parsed
                }
                guard compiled.selects(selectable) else { continue }
                try await append(event, to: readers[index].arn, region: region, trail: trail, report: &report)
            }
        }
        guard let lastEvent = events.last else { return }
        let last = min(lastEvent.sequence, end)
        for arn in reading where (states[arn]?.scanned ?? .max) < last {
            states[arn]?.scanned = last
        }
    }

    /// The region whose files an event goes to: its `awsRegion`, or the trail's home region for a record
    /// without one or with one that cannot be a folder of the key layout (an imported record may carry
    /// anything there; it must not stop the trail).
    package static func region(of fields: IndexedFields, for trail: DeliveryTrail) -> String {
        guard let region = fields.awsRegion, !region.isEmpty, region.count <= 32,
            region.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        else { return trail.homeRegion }
        return region
    }

    /// Whether the log's indexed columns hold all a trail's selectors look at: basic selectors and a
    /// management or Insights event with its category (data events go by the exact resources of the
    /// record, advanced selectors by fields the columns lack). Saves parsing the record, the largest cost of a
    /// delivery pass.
    package static func canSelectFromColumns(_ fields: IndexedFields, for trail: DeliveryTrail) -> Bool {
        // Channel records (`ActivityAuditLog`) are indexed by their `eventData`'s source and name, while
        // selectors look at the record itself: they are read from the record.
        guard trail.selectors.eventSelectors != nil, let category = fields.eventCategory else { return false }
        return category == "Management" || category == "Insight"
    }

    package static func selectableFromColumns(_ fields: IndexedFields) -> SelectableEvent {
        SelectableEvent(
            eventCategory: fields.eventCategory ?? "Management",
            eventSource: fields.eventSource,
            eventName: fields.eventName,
            readOnly: fields.readOnly,
            resources: fields.resources.map { SelectableEvent.Resource(type: $0.type, arn: $0.name) }
        )
    }

    func selectors(for trail: DeliveryTrail) -> CompiledEventSelectors {
        if let selectors = compiled[trail] { return selectors }
        if compiled.count > 256 { compiled.removeAll() }
        let selectors = CompiledEventSelectors(trail.selectors)
        compiled[trail] = selectors
        return selectors
    }

    func append(
        _ event: StoredEvent,
        to arn: String,
        region: String,
        trail: DeliveryTrail,
        report: inout Report
    ) async throws {
        let bytes = event.record.bytes
        if let open = states[arn]?.open[region],
            !open.trail.hasSameDestination(as: trail)
                || configuration.cutPolicy.mustCut(before: bytes.count, size: open.builder.size)
        {
            try await cut(arn: arn, region: region, report: &report)
        }
        if states[arn]?.open[region] == nil {
            states[arn]?.open[region] = OpenFile(
                trail: trail,
                builder: try LogFileBuilder(computesSHA256: trail.validatesLogFiles),
                openedAt: .now,
                firstSequence: event.sequence
            )
        }
        try states[arn]?.open[region]?.builder.append(bytes, eventTime: event.record.fields.eventTime)
    }

    /// Finishes the open file of a trail and region and stores it (or keeps it for a retry).
    func cut(arn: String, region: String, report: inout Report) async throws {
        guard let open = states[arn]?.open.removeValue(forKey: region) else { return }
        let finished: LogFile?
        do {
            finished = try open.builder.finish()
        } catch {
            // Read the file's events again next pass rather than move past them.
            if let scanned = states[arn]?.scanned { states[arn]?.scanned = min(scanned, open.firstSequence - 1) }
            throw error
        }
        guard let file = finished else { return }
        let trail = open.trail
        let key = LogFileKey(
            prefix: trail.prefix,
            accountID: trail.accountID,
            region: region,
            deliveryTime: EventTime.milliseconds(now())
        ).objectKey
        var pending = PendingFile(
            trail: trail,
            region: region,
            key: key,
            file: file,
            firstSequence: open.firstSequence,
            retryAt: .now
        )
        if try await store(&pending, report: &report) == false {
            states[arn]?.pending.append(pending)
        }
    }

    func retryPending(force: Bool, report: inout Report) async throws {
        for arn in states.keys.sorted() {
            guard var pending = states[arn]?.pending, !pending.isEmpty else { continue }
            var kept: [PendingFile] = []
            for index in pending.indices {
                if force || pending[index].retryAt <= .now, try await store(&pending[index], report: &report) {
                    continue
                }
                kept.append(pending[index])
            }
            states[arn]?.pending = kept
        }
    }

    /// Stores a file; on failure records the error and schedules the next attempt.
    /// - Returns: whether the file is stored.
    func store(_ pending: inout PendingFile, report: inout Report) async throws -> Bool {
        let trail = pending.trail
        let upload = ObjectUpload(
            body: Array(pending.file.compressed.readableBytesView),
            contentType: "application/json",
            contentEncoding: "gzip",
            encryption: trail.kmsKeyID.map { .kms(keyId: $0) }
        )
        let attempted = now()
        do {
            try await objects.putObject(upload, bucket: trail.bucket, key: pending.key)
            if digests != nil, trail.validatesLogFiles, let sha256 = pending.file.uncompressedSHA256 {
                // A validating trail's file counts as delivered once its digest entry is committed too.
                let entry = DigestDocument.LogFileEntry(
                    bucket: trail.bucket,
                    key: pending.key,
                    sha256: sha256,
                    oldestEventTime: pending.file.oldestEventTime,
                    newestEventTime: pending.file.newestEventTime
                )
                let (region, firstSequence) = (pending.region, pending.firstSequence)
                let time = EventTime.milliseconds(attempted)
                try await control.write { tx in
                    try DigestChain.recordDelivered(
                        entry,
                        trail: trail,
                        region: region,
                        firstSequence: firstSequence,
                        now: time,
                        in: tx
                    )
                }
            }
        } catch {
            pending.attempts += 1
            let delay = min(
                configuration.initialRetryDelay * (1 << min(pending.attempts - 1, 16)),
                configuration.maximumRetryDelay
            )
            pending.retryAt = .now + delay
            let reason = Self.deliveryError(error)
            report.failures[trail.arn] = reason
            logger.warning(
                "Log file delivery failed",
                metadata: [
                    "trail.arn": "\(trail.arn)", "trail.bucket": "\(trail.bucket)", "trail.error": "\(reason)",
                    "trail.attempts": "\(pending.attempts)",
                ]
            )
            await DeliveryStatus.record(arn: trail.arn, in: control, logger: logger) { status in
                status.latestDeliveryAttemptTime = attempted
                status.latestDeliveryError = reason
            }
            return false
        }
        report.delivered[trail.arn, default: []].append(pending.key)
        await DeliveryStatus.record(arn: trail.arn, in: control, logger: logger) { status in
            status.latestDeliveryAttemptTime = attempted
            status.latestDeliveryTime = attempted
            status.latestDeliveryError = nil
        }
        if let topic = trail.snsTopicName, let notifier {
            await notifier.logFileDelivered(trail: trail, topic: topic, bucket: trail.bucket, key: pending.key)
        }
        return true
    }

    /// The error GetTrailStatus shows: the store's error code, as S3 names it where it has one.
    static func deliveryError(_ error: any Error) -> String {
        guard let error = error as? ObjectStoreError else { return "InternalError" }
        if let code = error.serviceErrorCode { return code }
        switch error.code {
        case .noSuchBucket: return "NoSuchBucket"
        case .accessDenied: return "AccessDenied"
        case .invalidCredentials: return "InvalidAccessKeyId"
        case .unavailable: return "ServiceUnavailable"
        case .throttled: return "SlowDown"
        default: return "InternalError"
        }
    }

    /// Persists each trail's new position, and forgets deleted trails that have nothing left to deliver.
    func advanceCursors(plans: [String: DeliveryPlan]) async throws {
        for arn in states.keys.sorted() {
            guard let state = states[arn], let plan = plans[arn] else { continue }
            let through = state.deliveredThrough
            if through > state.cursor {
                try await log.setCursor(named: Self.cursorName(arn), to: through)
                states[arn]?.cursor = through
            }
            let cursor = max(through, state.cursor)
            if plan.isFinished(at: cursor), state.open.isEmpty, state.pending.isEmpty {
                // Only if no change was recorded meanwhile (the trail created again, say).
                let removed = try await control.write { tx in try plan.replace(with: nil, in: tx) }
                if removed { states[arn] = nil }
            } else if plan.versions.count > 1 {
                var pruning = plan
                pruning.prune(through: cursor)
                let pruned = pruning
                if pruned != plan {
                    _ = try await control.write { tx in try plan.replace(with: pruned, in: tx) }
                }
            }
        }
    }
}

/// Told of every stored log file of a trail with a topic; must not block delivery.
package protocol DeliveryNotifier: Sendable {
    func logFileDelivered(trail: DeliveryTrail, topic: String, bucket: String, key: String) async
}
