import Foundation
import TrailModel
import TrailRules

/// The `monitors:` section of the config file (`docs/MONITORING.md`): log groups, metric filters, alarms
/// and rules the operator defines, applied at every start. Rule targets may run commands only from here.
public struct MonitorSettings: Sendable, Codable {
    struct LogGroupEntry: Sendable, Codable {
        var name: String
        var retentionInDays: Int?
    }

    struct MetricFilterEntry: Sendable, Codable {
        var logGroupName: String
        var filterName: String
        var filterPattern: String
        var metricName: String
        var metricNamespace: String
        var metricValue: String?
        var defaultValue: Double?
        var unit: String?
    }

    struct RuleEntry: Sendable, Codable {
        var name: String
        var eventPattern: String
        var state: String?
        var description: String?
        var targets: [RuleTarget]?
    }

    var logGroups: [LogGroupEntry]?
    var metricFilters: [MetricFilterEntry]?
    var alarms: [AlarmEntry]?
    var rules: [RuleEntry]?

    public init() {}

    /// Writes the definitions into the catalog, replacing those an earlier start wrote.
    ///
    /// - Throws: ``MonitorError`` for a definition that is not valid.
    func apply(to catalog: MonitorCatalog, now: Int64) async throws {
        var rules: [Rule] = []
        for entry in self.rules ?? [] {
            guard let state = Rule.State(rawValue: entry.state ?? "ENABLED") else {
                throw MonitorError.invalid("rule \(entry.name): state \(entry.state ?? "") is not valid.")
            }
            rules.append(
                Rule(
                    name: entry.name,
                    eventPattern: entry.eventPattern,
                    state: state,
                    description: entry.description,
                    targets: entry.targets ?? [],
                    creationTime: now
                )
            )
        }
        try await catalog.replaceConfigured(
            logGroups: (logGroups ?? []).map {
                LogGroup(name: $0.name, creationTime: now, retentionInDays: $0.retentionInDays)
            },
            metricFilters: (metricFilters ?? []).map {
                MetricFilter(
                    logGroupName: $0.logGroupName,
                    filterName: $0.filterName,
                    filterPattern: $0.filterPattern,
                    metricName: $0.metricName,
                    metricNamespace: $0.metricNamespace,
                    metricValue: $0.metricValue ?? "1",
                    defaultValue: $0.defaultValue,
                    unit: $0.unit,
                    creationTime: now
                )
            },
            alarms: try (alarms ?? []).map { try $0.storedAlarm(now: now) },
            rules: rules
        )
    }
}
