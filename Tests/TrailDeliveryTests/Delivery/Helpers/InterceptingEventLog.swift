import Synchronization
import TrailModel
import TrailStore

/// An ``EventLog`` over a real one that can run an action once, when a delivery pass next asks for the log's
/// end: to make a change land between the engine's reads at the start of a pass.
final class InterceptingEventLog: EventLog {
    let base: any EventLog
    private let action = Mutex<(@Sendable () async throws -> Void)?>(nil)

    init(_ base: any EventLog) {
        self.base = base
    }

    /// Runs `action` once, at the start of the next ``latestSequence()``.
    func beforeNextLatestSequence(_ action: @escaping @Sendable () async throws -> Void) {
        self.action.withLock { $0 = action }
    }

    func latestSequence() async throws -> Int64 {
        let action = self.action.withLock { action in
            defer { action = nil }
            return action
        }
        try await action?()
        return try await base.latestSequence()
    }

    func append(_ records: [EventRecord]) async throws -> [AppendOutcome] {
        try await base.append(records)
    }

    func lookup(_ query: LookupQuery) async throws -> [StoredEvent] {
        try await base.lookup(query)
    }

    func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        try await base.events(after: sequence, limit: limit)
    }

    func purge(before eventTime: Int64, limit: Int) async throws -> Int {
        try await base.purge(before: eventTime, limit: limit)
    }

    func cursor(named name: String) async throws -> Int64 {
        try await base.cursor(named: name)
    }

    func setCursor(named name: String, to sequence: Int64) async throws {
        try await base.setCursor(named: name, to: sequence)
    }
}
