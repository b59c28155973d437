import Foundation
import Logging
import TrailDelivery
import TrailModel
import TrailStore

/// Reads the event log from its own cursor and runs every monitor over each record: streams records into
/// the log groups of their trails, feeds metric filters' per-minute data, and queues the deliveries of
/// the rules they match; then moves alarms whose metrics changed.
///
/// One pass commits its log events, metric data, queued deliveries and the cursor in one transaction, so a
/// crash repeats a pass rather than losing or doubling its effects.
package actor MonitorEngine {
    package static let cursorName = "monitors"

    package struct Configuration: Sendable {
        package var accountID: String
        package var region: String
        /// Records read per pass.
        package var batchSize: Int

        package init(accountID: String, region: String, batchSize: Int = 2000) {
            self.accountID = accountID
            self.region = region
            self.batchSize = batchSize
        }
    }

    /// What a pass did.
    package struct Report: Sendable {
        package var records = 0
        package var logEvents = 0
        package var metricData = 0
        package var deliveries = 0
        package var alarmTransitions = 0
    }

    let log: any EventLog
    let control: any ControlStore
    let catalog: MonitorCatalog
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    var compiled: CompiledMonitors?
    var selectorCache: [DeliveryTrail: CompiledEventSelectors] = [:]
    var lastAlarmEvaluation: Int64 = 0
    var lastPurge: Int64 = 0
    var hasStarted = false
    /// The matcher's working memory, reused for every record.
    var scratch = EventPatternMatcher.Scratch()
    var matchedIDs: [Int] = []

    package init(
        log: any EventLog,
        control: any ControlStore,
        configuration: Configuration,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.log = log
        self.control = control
        self.catalog = MonitorCatalog(control: control)
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// The monitors compiled at one catalog version.
    struct CompiledMonitors: Sendable {
        var version: Int64
        var logGroups: [LogGroup]
        var groups: Set<String>
        var filters: [String: [MetricFilter.Compiled]]
        var rules: [(rule: Rule, pattern: EventPattern)]
        var matcher: EventPatternMatcher
        var alarms: [StoredAlarm]

        var hasWork: Bool { !groups.isEmpty || !rules.isEmpty }
    }

    func reloadIfNeeded() async throws -> CompiledMonitors {
        let version = try await catalog.version()
        if let compiled, compiled.version == version { return compiled }
        let snapshot = try await catalog.snapshot()
        var filters: [String: [MetricFilter.Compiled]] = [:]
        for filter in snapshot.metricFilters {
            do {
                filters[filter.logGroupName, default: []].append(try filter.compiled())
            } catch {
                logger.warning(
                    "Metric filter cannot run",
                    metadata: ["trail.monitor.filter": "\(filter.filterName)", "trail.error": "\(error)"]
                )
            }
        }
        var rules: [(Rule, EventPattern)] = []
        for rule in snapshot.rules where rule.state.isEnabled {
            do {
                rules.append((rule, try rule.compiledPattern()))
            } catch {
                logger.warning(
                    "Rule cannot run",
                    metadata: ["trail.monitor.rule": "\(rule.name)", "trail.error": "\(error)"]
                )
            }
        }
        let next = CompiledMonitors(
            version: snapshot.version,
            logGroups: snapshot.logGroups,
            groups: Set(snapshot.logGroups.map(\.name)),
            filters: filters,
            rules: rules,
            matcher: EventPatternMatcher(rules.enumerated().map { (id: $0.offset, pattern: $0.element.1) }),
            alarms: snapshot.alarms
        )
        compiled = next
        return next
    }

    /// Where the engine starts on a log it has never read: at its end (monitors and rules are not retroactive;
    /// backtests look at the history). The decision is kept (a `monitor-config` document), so a log that was
    /// empty at the first start is then read from its first record.
    func startingCursor() async throws -> Int64 {
        if hasStarted { return try await log.cursor(named: Self.cursorName) }
        let start = try await control.write { tx in
            if try tx.document(kind: MonitorCatalog.versionKind, id: Self.startedID) != nil {
                return try tx.cursor(named: Self.cursorName)
            }
            let latest = try tx.latestSequence()
            try tx.setCursor(named: Self.cursorName, to: latest)
            try tx.put(kind: MonitorCatalog.versionKind, id: Self.startedID, value: Array(String(latest).utf8))
            return latest
        }
        hasStarted = true
        return start
    }

    static let startedID = "engine-started"

    /// One pass: the next batch of records, then the alarms.
    @discardableResult
    package func step() async throws -> Report {
        var report = Report()
        let monitors = try await reloadIfNeeded()
        let cursor = try await startingCursor()
        let events = try await log.events(after: cursor, limit: configuration.batchSize)
        var touched: Set<MetricKey> = []
        if let last = events.last?.sequence {
            var output = PassOutput()
            if monitors.hasWork {
                let plans = monitors.groups.isEmpty ? [] : try await loadPlans()
                let ingestion = EventTime.milliseconds(now())
                for event in events {
                    process(event, monitors: monitors, plans: plans, ingestion: ingestion, into: &output)
                }
            }
            report.records = events.count
            report.logEvents = output.logEvents.count
            report.metricData = output.metricData.count
            report.deliveries = output.deliveries.count
            touched = Set(output.metricData.keys.map(\.metric))
            let toWrite = output
            try await control.write { tx in
                for event in toWrite.logEvents {
                    try LogEventStore.append(
                        group: event.group,
                        stream: event.stream,
                        timestamp: event.timestamp,
                        sequence: event.sequence,
                        ingestionTime: event.ingestion,
                        message: event.message,
                        in: tx
                    )
                }
                for (key, tally) in toWrite.metricData {
                    try MetricDataStore.merge(
                        tally.tally,
                        defaultValue: tally.defaultValue,
                        metric: key.metric,
                        filterID: key.filterID,
                        in: tx
                    )
                }
                for delivery in toWrite.deliveries {
                    try tx.put(
                        kind: RuleDelivery.pendingKind,
                        id: delivery.pendingID,
                        value: try MonitorCatalog.encode(delivery)
                    )
                }
                try tx.setCursor(named: Self.cursorName, to: last)
            }
        }
        report.alarmTransitions = try await evaluateAlarms(monitors.alarms, touched: touched)
        try await purgeExpired(monitors)
        return report
    }

    // MARK: - One record

    struct PassOutput {
        struct LogEvent {
            var group: String
            var stream: String
            var timestamp: Int64
            var sequence: Int64
            var ingestion: Int64
            var message: [UInt8]
        }
        struct TallyKey: Hashable {
            var metric: MetricKey
            var filterID: String
            var minute: Int64
        }
        struct Tally {
            var tally: MetricFilterTally
            var defaultValue: Double?
        }
        var logEvents: [LogEvent] = []
        var metricData: [TallyKey: Tally] = [:]
        var deliveries: [RuleDelivery] = []
    }

    func loadPlans() async throws -> [DeliveryPlan] {
        try await control.read { tx in
            try tx.documents(kind: DeliveryPlan.kind).map { try DeliveryPlan.decoded($0.value) }
        }
    }

    func process(
        _ event: StoredEvent,
        monitors: CompiledMonitors,
        plans: [DeliveryPlan],
        ingestion: Int64,
        into output: inout PassOutput
    ) {
        let fields = event.record.fields
        let envelope: EventBridgeEnvelope
        do {
            envelope = try EventBridgeEnvelope(
                record: event.record.bytes,
                fields: fields,
                defaultAccount: configuration.accountID
            )
        } catch {
            logger.debug(
                "Record skipped by monitors",
                metadata: ["trail.sequence": "\(event.sequence)", "trail.error": "\(error)"]
            )
            return
        }
        // Log groups and their metric filters.
        if !monitors.groups.isEmpty {
            var groups: [String] = []
            for plan in plans {
                guard let trail = streamingTrail(plan, for: event, envelope: envelope), let arn = trail.logGroupArn,
                    let group = LogGroup.name(fromARN: arn), monitors.groups.contains(group), !groups.contains(group),
                    selects(event, trail: trail)
                else { continue }
                groups.append(group)
            }
            let region = fields.awsRegion ?? configuration.region
            let view = LogEventView(message: event.record.bytes, json: envelope.flat)
            for group in groups {
                output.logEvents.append(
                    .init(
                        group: group,
                        stream: "\(envelope.account)_CloudTrail_\(region)",
                        timestamp: fields.eventTime,
                        sequence: event.sequence,
                        ingestion: ingestion,
                        message: event.record.bytes
                    )
                )
                let minute = MetricSeries.minuteStart(containing: fields.eventTime)
                for filter in monitors.filters[group] ?? [] {
                    let value = filter.pattern.matches(view) ? filter.value.value(in: view) : nil
                    let key = PassOutput.TallyKey(metric: filter.metric, filterID: filter.filter.id, minute: minute)
                    if output.metricData[key] == nil {
                        output.metricData[key] = .init(
                            tally: MetricFilterTally(minuteContaining: minute),
                            defaultValue: filter.filter.defaultValue
                        )
                    }
                    output.metricData[key]!.tally.observe(matchedValue: value)
                }
            }
        }
        // Rules.
        if !monitors.rules.isEmpty {
            var eventJSON: String?
            monitors.matcher.matchingIDs(envelope.flat, into: &matchedIDs, scratch: &scratch)
            for id in matchedIDs {
                let rule = monitors.rules[id].rule
                guard !envelope.isReadOnlyManagementEvent || rule.state == .enabledWithAllManagementEvents else {
                    continue
                }
                let json = eventJSON ?? String(decoding: envelope.json, as: UTF8.self)
                eventJSON = json
                for target in rule.targets {
                    output.deliveries.append(
                        RuleDelivery(
                            rule: rule.name,
                            targetID: target.id,
                            sequence: event.sequence,
                            event: json,
                            enqueuedAt: ingestion
                        )
                    )
                }
            }
        }
    }

    /// The settings of a plan's trail that stream `event` into its log group, if any (the call that stops a
    /// trail included, as the CIS CloudTrail-changes alarm needs).
    func streamingTrail(_ plan: DeliveryPlan, for event: StoredEvent, envelope: EventBridgeEnvelope) -> DeliveryTrail? {
        plan.loggingTrail(at: event.sequence, fields: event.record.fields) {
            guard let named = envelope.flat.firstIndex(atRelativePath: "requestParameters.name"),
                envelope.flat.entries[named].kind == .string
            else { return nil }
            return envelope.flat.valueString(envelope.flat.entries[named])
        }
    }

    /// Whether a trail selects a record, as delivery decides it.
    func selects(_ event: StoredEvent, trail: DeliveryTrail) -> Bool {
        let fields = event.record.fields
        guard trail.covers(region: DeliveryEngine.region(of: fields, for: trail)) else { return false }
        let selectors: CompiledEventSelectors
        if let cached = selectorCache[trail] {
            selectors = cached
        } else {
            if selectorCache.count > 256 { selectorCache.removeAll() }
            selectors = CompiledEventSelectors(trail.selectors)
            selectorCache[trail] = selectors
        }
        if DeliveryEngine.canSelectFromColumns(fields, for: trail) {
            return selectors.selects(DeliveryEngine.selectableFromColumns(fields))
        }
        guard let json = try? JSONValue(parsing: event.record.bytes) else { return false }
        return selectors.selects(SelectableEvent(record: json))
    }
}
