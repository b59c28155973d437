/// Reads and writes of control state (trails, tags, keys...) inside one transaction.
///
/// Control state is a set of documents, each a JSON value addressed by a kind and an id; the
/// layers above decide what the documents hold.
public protocol ControlTransaction {
    /// The document of a kind and id, or `nil`.
    func document(kind: String, id: String) throws -> [UInt8]?
    /// Every document of a kind, ordered by id.
    func documents(kind: String) throws -> [(id: String, value: [UInt8])]
    /// The documents of a kind whose id starts with `idPrefix`, ordered by id (an index range, not a scan).
    func documents(kind: String, idPrefix: String) throws -> [(id: String, value: [UInt8])]
    /// The documents of a kind with `from <= id < before`, ordered by id (descending when `newestFirst`),
    /// at most `limit` of them: a range of the index.
    func documents(
        kind: String,
        from: String,
        before: String,
        limit: Int,
        newestFirst: Bool
    ) throws -> [(id: String, value: [UInt8])]
    /// The number of documents of a kind with `from <= id < before` (counted in the index, no value read).
    func countDocuments(kind: String, from: String, before: String) throws -> Int
    /// Removes at most `limit` documents of a kind with `from <= id < before`, lowest ids first; returns
    /// how many were removed.
    @discardableResult func deleteDocuments(kind: String, from: String, before: String, limit: Int) throws -> Int
    /// The position of a consumer of the event log, as ``EventLog/cursor(named:)`` reads it.
    func cursor(named name: String) throws -> Int64
    /// Moves a consumer's position in the same transaction as the state it derived from the events.
    func setCursor(named name: String, to sequence: Int64) throws
    /// Creates or replaces a document.
    func put(kind: String, id: String, value: [UInt8]) throws
    /// Removes a document; returns whether it existed.
    @discardableResult func delete(kind: String, id: String) throws -> Bool
    /// The highest sequence number in the event log as this transaction sees it: a control change made
    /// in this transaction takes effect for the events after it.
    func latestSequence() throws -> Int64
}

/// Durable control state with serialisable read-modify-write transactions.
public protocol ControlStore: Sendable {
    /// Runs `body` in a read-only snapshot.
    func read<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T
    /// Runs `body` in a write transaction; it commits durably when `body` returns, and rolls back when
    /// it throws.
    func write<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T
}
