import Foundation
import Logging
import TrailModel
import TrailStore

extension MonitorEngine {
    /// Evaluates alarms: all of them once a second (so periods that close and missing data are seen), and at
    /// once those whose metric just received data. A state change is saved with its history item and the
    /// notifications of its actions, in one transaction. Returns the number of state changes.
    func evaluateAlarms(_ alarms: [StoredAlarm], touched: Set<MetricKey>) async throws -> Int {
        let nowMs = EventTime.milliseconds(now())
        let isDue = nowMs - lastAlarmEvaluation >= 1000
        let names = alarms.filter { isDue || touched.contains($0.definition.metric) }.map(\.name)
        guard !names.isEmpty else { return 0 }
        if isDue { lastAlarmEvaluation = nowMs }
        let region = configuration.region
        let account = configuration.accountID
        // Evaluate in a read transaction; write only what changed.
        let changes = try await control.read { tx in
            var changes: [(StoredAlarm, AlarmTransition)] = []
            for name in names {
                guard let bytes = try tx.document(kind: MonitorCatalog.alarmKind, id: name) else { continue }
                var alarm = try MonitorCatalog.decode(StoredAlarm.self, bytes)
                let evaluator = AlarmEvaluator(definition: alarm.definition)
                let span = Int64(evaluator.evaluationRange + 2) * Int64(alarm.definition.period) * 1000
                let series = try MetricDataStore.series(
                    alarm.definition.metric,
                    from: nowMs - span,
                    before: nowMs + MetricSeries.minute,
                    now: nowMs,
                    in: tx
                )
                let evaluation = evaluator.evaluate(series, at: nowMs, previousState: alarm.state.value)
                guard let transition = alarm.state.apply(evaluation, of: alarm.definition, at: nowMs) else { continue }
                changes.append((alarm, transition))
            }
            return changes
        }
        guard !changes.isEmpty else { return 0 }
        let written = try await control.write { tx in
            var written: [(StoredAlarm, AlarmTransition)] = []
            for (alarm, transition) in changes {
                // The alarm may have been changed or deleted since it was read: keep its definition, set its state.
                guard let bytes = try tx.document(kind: MonitorCatalog.alarmKind, id: alarm.name) else { continue }
                var current = try MonitorCatalog.decode(StoredAlarm.self, bytes)
                guard current.definition == alarm.definition else { continue }
                current.state = alarm.state
                try tx.put(kind: MonitorCatalog.alarmKind, id: alarm.name, value: try MonitorCatalog.encode(current))
                try AlarmHistoryStore.append(transition.historyItem, in: tx)
                for (index, topic) in transition.actions.enumerated() {
                    let notification = AlarmNotification.stateChange(
                        alarm: current,
                        transition: transition,
                        topic: topic,
                        region: region,
                        accountID: account
                    )
                    try tx.put(
                        kind: AlarmNotification.kind,
                        id: ControlID.padded(transition.timestamp, width: 15) + "|" + alarm.name + "|" + String(index),
                        value: try MonitorCatalog.encode(notification)
                    )
                }
                written.append((alarm, transition))
            }
            return written
        }
        for (alarm, transition) in written {
            logger.info(
                "Alarm changed state",
                metadata: [
                    "trail.alarm": "\(alarm.name)", "trail.alarm.old": "\(transition.oldState.rawValue)",
                    "trail.alarm.new": "\(transition.newState.rawValue)",
                ]
            )
        }
        return written.count
    }

    /// Once a minute: log events older than their group's retention, and metric tallies older than 15 days
    /// (CloudWatch keeps one-minute data that long), a bounded batch at a time.
    func purgeExpired(_ monitors: CompiledMonitors) async throws {
        let nowMs = EventTime.milliseconds(now())
        guard nowMs - lastPurge >= 60_000 else { return }
        lastPurge = nowMs
        let groups = monitors.logGroups.compactMap { group -> (String, Int64)? in
            guard let days = group.retentionInDays else { return nil }
            return (group.name, nowMs - Int64(days) * 86_400_000)
        }
        try await control.write { tx in
            for (group, cutoff) in groups {
                _ = try LogEventStore.purge(group: group, before: cutoff, limit: 10_000, in: tx)
            }
            _ = try MetricDataStore.purge(before: nowMs - Self.metricRetention, limit: 10_000, in: tx)
        }
    }

    /// How long per-minute metric data is kept.
    static let metricRetention: Int64 = 15 * 86_400_000
}

extension AlarmNotification {
    /// The SNS message CloudWatch publishes for an alarm state change, for one topic of its actions.
    static func stateChange(
        alarm: StoredAlarm,
        transition: AlarmTransition,
        topic: String,
        region: String,
        accountID: String
    ) -> AlarmNotification {
        let definition = alarm.definition
        let message = JSONValue.object([
            ("AlarmName", .string(definition.name)),
            ("AlarmDescription", definition.description.map(JSONValue.string) ?? .null),
            ("AWSAccountId", .string(accountID)),
            ("AlarmConfigurationUpdatedTimestamp", .string(CloudWatchFormat.timestamp(alarm.configurationUpdatedAt))),
            ("NewStateValue", .string(transition.newState.rawValue)),
            ("NewStateReason", .string(transition.reason)),
            ("StateChangeTime", .string(CloudWatchFormat.timestamp(transition.timestamp))),
            ("Region", .string(region)),
            ("AlarmArn", .string(alarm.arn(region: region, accountID: accountID))),
            ("OldStateValue", .string(transition.oldState.rawValue)),
            ("OKActions", .array(definition.okActions.map(JSONValue.string))),
            ("AlarmActions", .array(definition.alarmActions.map(JSONValue.string))),
            ("InsufficientDataActions", .array(definition.insufficientDataActions.map(JSONValue.string))),
            (
                "Trigger",
                .object([
                    ("MetricName", .string(definition.metric.name.value)),
                    ("Namespace", .string(definition.metric.namespace.value)),
                    ("StatisticType", .string("Statistic")),
                    ("Statistic", .string(definition.statistic.rawValue.uppercased())),
                    ("Unit", .null),
                    ("Dimensions", .array([])),
                    ("Period", .int(definition.period)),
                    ("EvaluationPeriods", .int(definition.evaluationPeriods)),
                    ("DatapointsToAlarm", .int(definition.datapointsToAlarm)),
                    ("ComparisonOperator", .string(definition.comparisonOperator.rawValue)),
                    ("Threshold", .number(CloudWatchFormat.number(definition.threshold))),
                    ("TreatMissingData", .string(definition.treatMissingData.rawValue)),
                    ("EvaluateLowSampleCountPercentile", .string("")),
                ])
            ),
        ])
        return AlarmNotification(
            topic: topic.split(separator: ":").last.map(String.init) ?? topic,
            subject: "\(transition.newState.rawValue): \"\(definition.name)\" in \(region)",
            message: String(decoding: message.serialized, as: UTF8.self)
        )
    }
}
