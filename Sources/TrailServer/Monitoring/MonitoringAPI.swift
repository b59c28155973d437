import Foundation
import TrailDelivery
import TrailModel
import TrailRules
import TrailStore

/// The `/v1` monitoring API (`docs/MONITORING.md`): log groups, metric filters, alarms, rules and their
/// targets, dry runs and backtests.
struct MonitoringAPI: Sendable {
    let catalog: MonitorCatalog
    let control: any ControlStore
    let log: any EventLog
    let dispatcher: TargetDispatcher
    let accountID: String
    let region: String
    let now: @Sendable () -> Date

    /// An action of the API: the service CloudTrail would name for it, and whether it only reads.
    struct Action: Sendable {
        var eventSource: String
        var isReadOnly: Bool
    }

    static let actions: [String: [String: Bool]] = [
        "logs": [
            "CreateLogGroup": false, "DeleteLogGroup": false, "PutRetentionPolicy": false,
            "DeleteRetentionPolicy": false, "DescribeLogGroups": true, "FilterLogEvents": true,
            "PutMetricFilter": false, "DeleteMetricFilter": false, "DescribeMetricFilters": true,
            "TestMetricFilter": true, "BacktestMetricFilter": true,
        ],
        "alarms": [
            "PutMetricAlarm": false, "DeleteAlarms": false, "DescribeAlarms": true, "DescribeAlarmHistory": true,
            "GetMetricStatistics": true, "ListMetrics": true,
        ],
        "rules": [
            "PutRule": false, "DeleteRule": false, "DescribeRule": true, "ListRules": true, "PutTargets": false,
            "RemoveTargets": false, "ListTargetsByRule": true, "TestEventPattern": true,
            "BacktestEventPattern": true, "ListFailedDeliveries": true, "ReplayFailedDeliveries": false,
        ],
        "monitors": ["InstallCIS": false],
    ]

    static let eventSources = [
        "logs": "logs.amazonaws.com", "alarms": "monitoring.amazonaws.com", "rules": "events.amazonaws.com",
        "monitors": "monitoring.amazonaws.com",
    ]

    static func action(area: String, name: String) -> Action? {
        guard let readOnly = actions[area]?[name], let source = eventSources[area] else { return nil }
        return Action(eventSource: source, isReadOnly: readOnly)
    }

    var nowMilliseconds: Int64 { EventTime.milliseconds(now()) }

    /// Runs one action.
    func perform(area: String, action: String, _ request: MonitoringInput) async throws -> JSONValue {
        switch (area, action) {
        case ("logs", "CreateLogGroup"):
            try await catalog.create(
                LogGroup(
                    name: try request.required("logGroupName"),
                    creationTime: nowMilliseconds,
                    retentionInDays: try request.integer("retentionInDays")
                )
            )
            return .object([])
        case ("logs", "DeleteLogGroup"):
            try await catalog.deleteLogGroup(named: try request.required("logGroupName"))
            return .object([])
        case ("logs", "PutRetentionPolicy"):
            guard let days = try request.integer("retentionInDays") else {
                throw MonitorError.invalid("retentionInDays is required.")
            }
            try await catalog.setRetention(group: try request.required("logGroupName"), days: days)
            return .object([])
        case ("logs", "DeleteRetentionPolicy"):
            try await catalog.setRetention(group: try request.required("logGroupName"), days: nil)
            return .object([])
        case ("logs", "DescribeLogGroups"): return try await describeLogGroups(request)
        case ("logs", "FilterLogEvents"): return try await filterLogEvents(request)
        case ("logs", "PutMetricFilter"): return try await putMetricFilter(request)
        case ("logs", "DeleteMetricFilter"):
            try await catalog.deleteMetricFilter(
                group: try request.required("logGroupName"),
                name: try request.required("filterName")
            )
            return .object([])
        case ("logs", "DescribeMetricFilters"): return try await describeMetricFilters(request)
        case ("logs", "TestMetricFilter"): return try testMetricFilter(request)
        case ("logs", "BacktestMetricFilter"): return try await backtestMetricFilter(request)
        case ("alarms", "PutMetricAlarm"): return try await putMetricAlarm(request)
        case ("alarms", "DeleteAlarms"): return try await deleteAlarms(request)
        case ("alarms", "DescribeAlarms"): return try await describeAlarms(request)
        case ("alarms", "DescribeAlarmHistory"): return try await describeAlarmHistory(request)
        case ("alarms", "GetMetricStatistics"): return try await getMetricStatistics(request)
        case ("alarms", "ListMetrics"): return try await listMetrics(request)
        case ("rules", "PutRule"): return try await putRule(request)
        case ("rules", "DeleteRule"):
            try await catalog.deleteRule(named: try request.required("name"))
            return .object([])
        case ("rules", "DescribeRule"):
            let name = try request.required("name")
            guard let rule = try await catalog.rule(named: name) else {
                throw MonitorError(.resourceNotFound, "Rule \(name) does not exist.")
            }
            return describe(rule)
        case ("rules", "ListRules"):
            let prefix = try request.string("namePrefix") ?? ""
            let rules = try await catalog.snapshot().rules.filter { $0.name.hasPrefix(prefix) }
            return .object([("rules", .array(rules.map(describe)))])
        case ("rules", "PutTargets"): return try await putTargets(request)
        case ("rules", "RemoveTargets"):
            let ids = try request.strings("ids") ?? []
            guard !ids.isEmpty else { throw MonitorError.invalid("ids is required.") }
            let missing = try await catalog.removeTargets(rule: try request.required("rule"), ids: ids)
            return Self.failedEntries(missing.map { ($0, "ResourceNotFoundException", "Target \($0) does not exist.") })
        case ("rules", "ListTargetsByRule"):
            let name = try request.required("rule")
            guard let rule = try await catalog.rule(named: name) else {
                throw MonitorError(.resourceNotFound, "Rule \(name) does not exist.")
            }
            return .object([("targets", .array(rule.targets.map(describe)))])
        case ("rules", "TestEventPattern"): return try testEventPattern(request)
        case ("rules", "BacktestEventPattern"): return try await backtestEventPattern(request)
        case ("rules", "ListFailedDeliveries"):
            let failures = try await dispatcher.failures(rule: try request.string("rule"))
            return .object([("failures", .array(failures.map { describe(failure: $0.delivery, id: $0.id) }))])
        case ("rules", "ReplayFailedDeliveries"):
            let ids = try request.strings("ids")
            let rule = try request.string("rule")
            guard ids != nil || rule != nil else { throw MonitorError.invalid("Give ids or rule.") }
            return .object([("replayed", .int(try await dispatcher.replay(ids: ids, rule: rule)))])
        case ("monitors", "InstallCIS"): return try await installCIS(request)
        default:
            throw MonitorError(.resourceNotFound, "Unknown action \(area)/\(action).")
        }
    }

    static func failedEntries(_ failures: [(id: String, code: String, message: String)]) -> JSONValue {
        .object([
            ("failedEntryCount", .int(failures.count)),
            (
                "failedEntries",
                .array(
                    failures.map {
                        .object([
                            ("targetId", .string($0.id)), ("errorCode", .string($0.code)),
                            ("errorMessage", .string($0.message)),
                        ])
                    }
                )
            ),
        ])
    }
}
