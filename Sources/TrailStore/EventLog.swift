public import TrailModel

/// An event as the log holds it: its place in the log and the record.
public struct StoredEvent: Sendable {
    /// The event's position in the log; strictly increasing in commit order.
    public let sequence: Int64
    /// The record and its indexed fields.
    public let record: EventRecord

    public init(sequence: Int64, record: EventRecord) {
        self.sequence = sequence
        self.record = record
    }
}

/// What happened to one record given to ``EventLog/append(_:)``.
public enum AppendOutcome: Sendable, Hashable {
    /// Committed as a new event at this sequence number.
    case appended(sequence: Int64)
    /// An event with the same `eventID` was already in the log, at this sequence number.
    case duplicate(sequence: Int64)

    /// The sequence number of the event in the log.
    public var sequence: Int64 {
        switch self {
        case .appended(let s), .duplicate(let s): return s
        }
    }
}

/// The durable, append-only event log: the single source of truth of OpenTrail.
///
/// Every event gets a sequence number when it is committed; consumers read the log in sequence
/// order from cursors they persist. An append returns only after the commit is durable.
public protocol EventLog: Sendable {
    /// Appends records in one transaction and returns, in order, what happened to each.
    ///
    /// A record whose `eventID` is already in the log is not stored again.
    func append(_ records: [EventRecord]) async throws -> [AppendOutcome]

    /// Events matching a query, newest first (by event time, then sequence), answered from indexes.
    func lookup(_ query: LookupQuery) async throws -> [StoredEvent]

    /// Events with a sequence number above `sequence`, in sequence order, at most `limit`.
    func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent]

    /// The highest sequence number committed so far (0 for an empty log).
    func latestSequence() async throws -> Int64

    /// Removes up to `limit` of the events whose event time is before `eventTime` (oldest first) and
    /// returns how many it removed. Retention calls it in small batches so that writers are never held
    /// up for long.
    func purge(before eventTime: Int64, limit: Int) async throws -> Int

    /// The persisted position of a named consumer (0 when it has none yet).
    func cursor(named name: String) async throws -> Int64

    /// Persists the position of a named consumer.
    func setCursor(named name: String, to sequence: Int64) async throws
}
