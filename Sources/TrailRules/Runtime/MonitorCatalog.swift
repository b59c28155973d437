import Foundation
import TrailStore

/// The monitoring definitions (log groups, metric filters, alarms, rules) in the control store.
///
/// Every change bumps a version document in the same transaction, so the engine reloads and recompiles
/// only after a change.
package struct MonitorCatalog: Sendable {
    static let versionKind = "monitor-config"
    static let versionID = "version"
    package static let alarmKind = "alarm"

    let control: any ControlStore

    package init(control: any ControlStore) {
        self.control = control
    }

    /// Everything defined, at one version.
    package struct Snapshot: Sendable {
        package var version: Int64
        package var logGroups: [LogGroup]
        package var metricFilters: [MetricFilter]
        package var alarms: [StoredAlarm]
        package var rules: [Rule]
    }

    /// The current version (changes on every definition change).
    package func version() async throws -> Int64 {
        try await control.read { tx in try Self.version(in: tx) }
    }

    static func version(in tx: any ControlTransaction) throws -> Int64 {
        guard let bytes = try tx.document(kind: versionKind, id: versionID) else { return 0 }
        return Int64(String(decoding: bytes, as: UTF8.self)) ?? 0
    }

    static func bumpVersion(in tx: any ControlTransaction) throws {
        let next = try version(in: tx) + 1
        try tx.put(kind: versionKind, id: versionID, value: Array(String(next).utf8))
    }

    package func snapshot() async throws -> Snapshot {
        try await control.read { tx in try Self.snapshot(in: tx) }
    }

    static func snapshot(in tx: any ControlTransaction) throws -> Snapshot {
        Snapshot(
            version: try version(in: tx),
            logGroups: try all(LogGroup.self, kind: LogGroup.kind, in: tx),
            metricFilters: try all(MetricFilter.self, kind: MetricFilter.kind, in: tx),
            alarms: try all(StoredAlarm.self, kind: alarmKind, in: tx),
            rules: try all(Rule.self, kind: Rule.kind, in: tx)
        )
    }

    static func all<T: Decodable>(_ type: T.Type, kind: String, in tx: any ControlTransaction) throws -> [T] {
        try tx.documents(kind: kind).map { try decode(type, $0.value) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [UInt8](try encoder.encode(value))
    }

    /// Runs a change in one transaction and bumps the version with it.
    package func change<T: Sendable>(
        _ body: @escaping @Sendable (any ControlTransaction) throws -> T
    ) async throws -> T {
        try await control.write { tx in
            let result = try body(tx)
            try Self.bumpVersion(in: tx)
            return result
        }
    }

    // MARK: - Log groups

    package func logGroup(named name: String) async throws -> LogGroup? {
        try await control.read { tx in try Self.logGroup(named: name, in: tx) }
    }

    static func logGroup(named name: String, in tx: any ControlTransaction) throws -> LogGroup? {
        try tx.document(kind: LogGroup.kind, id: name).map { try decode(LogGroup.self, $0) }
    }

    /// Creates a group; `replacing` lets the config file overwrite its own definition.
    package func create(_ group: LogGroup, replacing: Bool = false) async throws {
        try LogGroup.validate(name: group.name)
        try LogGroup.validate(retentionInDays: group.retentionInDays)
        try await change { tx in
            if let existing = try Self.logGroup(named: group.name, in: tx), !replacing {
                throw existing.isConfigured
                    ? MonitorError(.conflict, "Log group \(group.name) is defined in the config file.")
                    : MonitorError(.resourceAlreadyExists, "The specified log group already exists.")
            }
            try tx.put(kind: LogGroup.kind, id: group.name, value: try Self.encode(group))
        }
    }

    /// Changes a group's retention.
    package func setRetention(group name: String, days: Int?) async throws {
        try LogGroup.validate(retentionInDays: days)
        try await change { tx in
            guard var group = try Self.logGroup(named: name, in: tx) else {
                throw MonitorError(.resourceNotFound, "The specified log group does not exist.")
            }
            guard !group.isConfigured else {
                throw MonitorError(.conflict, "Log group \(name) is defined in the config file; change it there.")
            }
            group.retentionInDays = days
            try tx.put(kind: LogGroup.kind, id: name, value: try Self.encode(group))
        }
    }

    /// Deletes a group with its metric filters and log events.
    package func deleteLogGroup(named name: String) async throws {
        try await change { tx in
            guard let group = try Self.logGroup(named: name, in: tx) else {
                throw MonitorError(.resourceNotFound, "The specified log group does not exist.")
            }
            guard !group.isConfigured else {
                throw MonitorError(.conflict, "Log group \(name) is defined in the config file; remove it there.")
            }
            try tx.delete(kind: LogGroup.kind, id: name)
            for filter in try tx.documents(kind: MetricFilter.kind, idPrefix: name + "|") {
                try tx.delete(kind: MetricFilter.kind, id: filter.id)
            }
            while try tx.deleteDocuments(
                kind: LogEventStore.kind,
                from: name + "|",
                before: name + "}",
                limit: 10_000
            ) > 0 {}
        }
    }

    // MARK: - Metric filters

    package func put(_ filter: MetricFilter, replacing configured: Bool = false) async throws {
        _ = try filter.compiled()
        try await change { tx in
            guard try Self.logGroup(named: filter.logGroupName, in: tx) != nil else {
                throw MonitorError(.resourceNotFound, "The specified log group does not exist.")
            }
            var stored = filter
            if let existing = try tx.document(kind: MetricFilter.kind, id: filter.id).map({
                try Self.decode(MetricFilter.self, $0)
            }) {
                if existing.isConfigured && !configured {
                    throw MonitorError(.conflict, "Metric filter \(filter.filterName) is defined in the config file.")
                }
                stored.creationTime = existing.creationTime
            }
            try tx.put(kind: MetricFilter.kind, id: filter.id, value: try Self.encode(stored))
        }
    }

    package func deleteMetricFilter(group: String, name: String) async throws {
        try await change { tx in
            let id = MetricFilter.id(group: group, filter: name)
            guard let existing = try tx.document(kind: MetricFilter.kind, id: id) else {
                throw MonitorError(.resourceNotFound, "The specified metric filter does not exist.")
            }
            if try Self.decode(MetricFilter.self, existing).isConfigured {
                throw MonitorError(.conflict, "Metric filter \(name) is defined in the config file; remove it there.")
            }
            try tx.delete(kind: MetricFilter.kind, id: id)
        }
    }

    // MARK: - Rules

    package func rule(named name: String) async throws -> Rule? {
        try await control.read { tx in try tx.document(kind: Rule.kind, id: name).map { try Self.decode(Rule.self, $0) }
        }
    }

    /// Creates or updates a rule's pattern, state and description (its targets stay).
    package func put(_ rule: Rule, configured: Bool = false) async throws {
        _ = try rule.compiledPattern()
        try await change { tx in
            var stored = rule
            if let existing = try tx.document(kind: Rule.kind, id: rule.name).map({ try Self.decode(Rule.self, $0) }) {
                if existing.isConfigured && !configured {
                    throw MonitorError(.conflict, "Rule \(rule.name) is defined in the config file; change it there.")
                }
                stored.creationTime = existing.creationTime
                if !configured { stored.targets = existing.targets }
            }
            try tx.put(kind: Rule.kind, id: rule.name, value: try Self.encode(stored))
        }
    }

    package func deleteRule(named name: String) async throws {
        try await change { tx in
            guard let existing = try tx.document(kind: Rule.kind, id: name).map({ try Self.decode(Rule.self, $0) })
            else { throw MonitorError(.resourceNotFound, "Rule \(name) does not exist.") }
            guard !existing.isConfigured else {
                throw MonitorError(.conflict, "Rule \(name) is defined in the config file; remove it there.")
            }
            try tx.delete(kind: Rule.kind, id: name)
        }
    }

    /// Adds or replaces targets of a rule (by id).
    package func putTargets(rule name: String, _ targets: [RuleTarget]) async throws {
        for target in targets { try target.validate() }
        try await change { tx in
            guard var rule = try tx.document(kind: Rule.kind, id: name).map({ try Self.decode(Rule.self, $0) }) else {
                throw MonitorError(.resourceNotFound, "Rule \(name) does not exist.")
            }
            guard !rule.isConfigured else {
                throw MonitorError(.conflict, "Rule \(name) is defined in the config file; change it there.")
            }
            for target in targets {
                if let index = rule.targets.firstIndex(where: { $0.id == target.id }) {
                    rule.targets[index] = target
                } else {
                    rule.targets.append(target)
                }
            }
            guard rule.targets.count <= Rule.maximumTargets else {
                throw MonitorError(.limitExceeded, "A rule can have at most \(Rule.maximumTargets) targets.")
            }
            try tx.put(kind: Rule.kind, id: name, value: try Self.encode(rule))
        }
    }

    /// Removes targets of a rule; returns the ids that were not there.
    package func removeTargets(rule name: String, ids: [String]) async throws -> [String] {
        try await change { tx in
            guard var rule = try tx.document(kind: Rule.kind, id: name).map({ try Self.decode(Rule.self, $0) }) else {
                throw MonitorError(.resourceNotFound, "Rule \(name) does not exist.")
            }
            guard !rule.isConfigured else {
                throw MonitorError(.conflict, "Rule \(name) is defined in the config file; change it there.")
            }
            let missing = ids.filter { id in !rule.targets.contains { $0.id == id } }
            rule.targets.removeAll { ids.contains($0.id) }
            try tx.put(kind: Rule.kind, id: name, value: try Self.encode(rule))
            return missing
        }
    }
}
