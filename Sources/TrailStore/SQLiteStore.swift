import Foundation
import GRDB
import Logging
public import TrailModel

/// The embedded store: the event log and control state in one SQLite database (WAL mode).
///
/// Appends commit with `synchronous = FULL`, so an acknowledged event survives a crash of the
/// process and of the machine. Lookups are answered from composite (attribute, time) indexes.
public final class SQLiteStore: EventLog, ControlStore, Sendable {
    /// Settings of the embedded store.
    public struct Configuration: Sendable {
        /// The database file.
        public var path: String
        /// `PRAGMA synchronous`: `FULL` (default) survives power loss, `NORMAL` only a crash of the process.
        public var synchronousFull: Bool
        /// Pages of WAL after which SQLite checkpoints automatically.
        public var walAutocheckpoint: Int
        /// SQLite's page cache per connection, in MiB. The writer keeps the hot index pages of a growing
        /// log here; SQLite's default (2 MiB) makes inserts read index pages back from the OS.
        public var cacheSizeMiB: Int

        public init(path: String, synchronousFull: Bool = true, walAutocheckpoint: Int = 1000, cacheSizeMiB: Int = 64) {
            self.path = path
            self.synchronousFull = synchronousFull
            self.walAutocheckpoint = walAutocheckpoint
            self.cacheSizeMiB = cacheSizeMiB
        }
    }

    let pool: DatabasePool
    /// A connection of its own for checkpoints, so that copying the WAL into the database never runs
    /// inside a writer's commit (see ``checkpoint()``).
    let checkpointer: DatabaseQueue
    let logger: Logger

    /// The per-connection settings of the event log: durability, checkpoint interval, page cache, and a WAL
    /// cut back once checkpointed. Benchmarks that measure plain SQLite apply the same settings.
    package static func applySettings(_ configuration: Configuration, to db: Database) throws {
        try db.execute(sql: "PRAGMA synchronous = \(configuration.synchronousFull ? "FULL" : "NORMAL")")
        try db.execute(sql: "PRAGMA wal_autocheckpoint = \(configuration.walAutocheckpoint)")
        try db.execute(sql: "PRAGMA cache_size = -\(configuration.cacheSizeMiB * 1024)")
        try db.execute(sql: "PRAGMA journal_size_limit = \(64 << 20)")
    }

    /// Opens (creating and migrating as needed) the database at `configuration.path`.
    public init(configuration: Configuration, logger: Logger) throws {
        var config = GRDB.Configuration()
        config.prepareDatabase { db in try Self.applySettings(configuration, to: db) }
        config.label = "opentrail"
        // Another connection (the checkpointer, or an operator's sqlite3) may hold a lock for a moment:
        // wait for it rather than fail a commit.
        config.busyMode = .timeout(5)
        self.pool = try DatabasePool(path: configuration.path, configuration: config)
        self.logger = logger
        try Self.migrator.migrate(pool)
        var checkpointConfig = GRDB.Configuration()
        checkpointConfig.label = "opentrail-checkpoint"
        self.checkpointer = try DatabaseQueue(path: configuration.path, configuration: checkpointConfig)
        // The database holds records of every caller and access key ids: owner-only.
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: configuration.path + suffix) {
            try? FileManager.default.setAttributes(
                [.posixPermissions: 0o600],
                ofItemAtPath: configuration.path + suffix
            )
        }
        logger.info("Opened event store", metadata: ["trail.store.path": "\(configuration.path)"])
    }

    // MARK: - EventLog

    public func append(_ records: [EventRecord]) async throws -> [AppendOutcome] {
        guard !records.isEmpty else { return [] }
        return try await pool.write { db in
            var outcomes: [AppendOutcome] = []
            outcomes.reserveCapacity(records.count)
            let insert = try db.cachedStatement(sql: Self.insertEventSQL)
            let insertResource = try db.cachedStatement(sql: Self.insertResourceSQL)
            let existing = try db.cachedStatement(sql: "SELECT seq FROM events WHERE event_id = ?")
            for record in records {
                // One index probe per record: the insert itself finds a duplicate eventID.
                if let seq = try Self.insert(record, in: db, event: insert, resource: insertResource) {
                    outcomes.append(.appended(sequence: seq))
                } else {
                    let seq = try Int64.fetchOne(existing, arguments: [record.fields.eventID]) ?? 0
                    outcomes.append(.duplicate(sequence: seq))
                }
            }
            return outcomes
        }
    }

    public func lookup(_ query: LookupQuery) async throws -> [StoredEvent] {
        let (sql, arguments) = Self.lookupSQL(query)
        return try await pool.read { db in
            var events: [StoredEvent] = []
            events.reserveCapacity(query.limit)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() { events.append(Self.storedEvent(row)) }
            return events
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?"),
                arguments: [sequence, limit]
            ).map(Self.storedEvent)
        }
    }

    public func latestSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0 }
    }

    public func purge(before eventTime: Int64, limit: Int) async throws -> Int {
        try await pool.write { db in
            // Oldest first, through the time index, for both kinds of event; the resources rows are
            // found from each event's own resources column (their primary key), not by scanning.
            var removed = 0
            for insight in [0, 1] where removed < limit {
                let rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT seq, event_time, resources FROM events WHERE insight = ? AND event_time < ? ORDER BY event_time, seq LIMIT ?"
                    ),
                    arguments: [insight, eventTime, limit - removed]
                )
                let deleteResource = try db.cachedStatement(
                    sql:
                        "DELETE FROM event_resources WHERE kind = ? AND value = ? AND insight = ? AND event_time = ? AND seq = ?"
                )
                let deleteEvent = try db.cachedStatement(sql: "DELETE FROM events WHERE seq = ?")
                for row in rows {
                    let seq: Int64 = row["seq"]
                    let time: Int64 = row["event_time"]
                    for (kind, value) in Self.resourceKeys(Self.decodeResources(row["resources"])) {
                        try deleteResource.execute(arguments: [kind, value, insight, time, seq])
                    }
                    try deleteEvent.execute(arguments: [seq])
                }
                removed += rows.count
            }
            return removed
        }
    }

    public func cursor(named name: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT sequence FROM cursors WHERE name = ?", arguments: [name]) ?? 0
        }
    }

    public func setCursor(named name: String, to sequence: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO cursors(name, sequence) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET sequence = excluded.sequence",
                arguments: [name, sequence]
            )
        }
    }

    /// Copies what the WAL holds into the database file without waiting for readers or writers
    /// (`PRAGMA wal_checkpoint(PASSIVE)`), on its own connection; writers go on committing meanwhile.
    /// - Returns: the WAL's size and how much of it is now in the database, in pages.
    @discardableResult
    public func checkpoint() async throws -> (walPages: Int, checkpointedPages: Int) {
        try await checkpointer.writeWithoutTransaction { db in
            let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(PASSIVE)")
            return (row?[1] ?? 0, row?[2] ?? 0)
        }
    }

    /// SQLite's plan for a lookup, one line per step (for tests that prove lookups use indexes).
    func queryPlan(for query: LookupQuery) async throws -> [String] {
        let (sql, arguments) = Self.lookupSQL(query)
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    // MARK: - ControlStore

    public func read<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteControlTransaction(db: db)) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any ControlTransaction) throws -> T) async throws -> T {
        try await pool.write { db in try body(SQLiteControlTransaction(db: db)) }
    }

    // MARK: - SQL

    static let columns =
        "seq, event_id, event_time, event_name, event_source, username, access_key_id, read_only, aws_region, event_category, resources, record"

    /// Inserts one record and its resource rows with the prepared ``insertEventSQL`` and
    /// ``insertResourceSQL`` statements; returns its sequence number, or `nil` when its eventID is
    /// already in the log (nothing is written then).
    package static func insert(
        _ record: EventRecord,
        in db: Database,
        event: Statement,
        resource: Statement
    ) throws
        -> Int64?
    {
        let f = record.fields
        try event.execute(arguments: [
            f.eventID, f.eventTime, f.isInsight ? 1 : 0, f.eventName, f.eventSource, f.username,
            f.accessKeyId, f.readOnly.map { $0 ? "true" : "false" }, f.awsRegion, f.eventCategory,
            encodeResources(f.resources), Data(record.bytes),
        ])
        guard db.changesCount > 0 else { return nil }
        let seq = db.lastInsertedRowID
        for (kind, value) in resourceKeys(f.resources) {
            try resource.execute(arguments: [kind, value, f.isInsight ? 1 : 0, f.eventTime, seq])
        }
        return seq
    }

    package static let insertEventSQL = """
        INSERT INTO events(event_id, event_time, insight, event_name, event_source, username, access_key_id,
                           read_only, aws_region, event_category, resources, record)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(event_id) DO NOTHING
        """

    package static let insertResourceSQL =
        "INSERT OR IGNORE INTO event_resources(kind, value, insight, event_time, seq) VALUES (?, ?, ?, ?, ?)"

    static let resourceTypeKind = 1
    static let resourceNameKind = 2

    static func resourceKeys(_ resources: [IndexedFields.Resource]) -> [(Int, String)] {
        var keys: [(Int, String)] = []
        for resource in resources {
            if let type = resource.type { keys.append((resourceTypeKind, type)) }
            if let name = resource.name { keys.append((resourceNameKind, name)) }
        }
        return keys
    }

    /// Separators of the compact `resources` column: unit separator between type and name, record
    /// separator between resources. Values holding either character are stored as JSON instead.
    static let unitSeparator: Character = "\u{1F}"
    static let recordSeparator: Character = "\u{1E}"

    /// The resources column: compact text read back without a JSON parser (every lookup row has one).
    static func encodeResources(_ resources: [IndexedFields.Resource]) -> String? {
        guard !resources.isEmpty else { return nil }
        let values = resources.flatMap { [$0.type ?? "", $0.name ?? ""] }
        if values.contains(where: { $0.contains(unitSeparator) || $0.contains(recordSeparator) || $0.hasPrefix("[") }) {
            let value = JSONValue.array(
                resources.map {
                    .array([$0.type.map(JSONValue.string) ?? .null, $0.name.map(JSONValue.string) ?? .null])
                }
            )
            return value.serializedString
        }
        return resources.map { "\($0.type ?? "")\(unitSeparator)\($0.name ?? "")" }.joined(
            separator: String(recordSeparator)
        )
    }

    static func decodeResources(_ text: String?) -> [IndexedFields.Resource] {
        guard let text, !text.isEmpty else { return [] }
        if text.hasPrefix("[") {
            guard case .array(let items)? = try? JSONValue(parsing: text) else { return [] }
            return items.compactMap { item in
                guard case .array(let pair) = item, pair.count == 2 else { return nil }
                return IndexedFields.Resource(type: pair[0].stringValue, name: pair[1].stringValue)
            }
        }
        return text.split(separator: recordSeparator, omittingEmptySubsequences: false).map { part in
            let fields = part.split(separator: unitSeparator, maxSplits: 1, omittingEmptySubsequences: false)
            let type = fields.first.flatMap { $0.isEmpty ? nil : String($0) }
            let name = fields.count > 1 && !fields[1].isEmpty ? String(fields[1]) : nil
            return IndexedFields.Resource(type: type, name: name)
        }
    }

    static func storedEvent(_ row: Row) -> StoredEvent {
        let readOnly: String? = row["read_only"]
        let fields = IndexedFields(
            eventID: row["event_id"],
            eventTime: row["event_time"],
            eventName: row["event_name"],
            eventSource: row["event_source"],
            username: row["username"],
            accessKeyId: row["access_key_id"],
            readOnly: readOnly.map { $0 == "true" },
            awsRegion: row["aws_region"],
            eventCategory: row["event_category"],
            resources: decodeResources(row["resources"])
        )
        let data: Data = row["record"]
        return StoredEvent(sequence: row["seq"], record: EventRecord(bytes: [UInt8](data), fields: fields))
    }

    /// The SQL of a lookup. Each shape walks one composite index in (time, sequence) order.
    static func lookupSQL(_ query: LookupQuery) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        var table = "events"
        var prefix = ""
        switch query.attribute {
        case .eventID(let id)?:
            conditions.append("event_id = ?")
            arguments.append(id)
        case .eventName(let v)?:
            conditions.append("event_name = ?")
            arguments.append(v)
        case .eventSource(let v)?:
            conditions.append("event_source = ?")
            arguments.append(v)
        case .username(let v)?:
            conditions.append("username = ?")
            arguments.append(v)
        case .accessKeyId(let v)?:
            conditions.append("access_key_id = ?")
            arguments.append(v)
        case .readOnly(let v)?:
            conditions.append("read_only = ?")
            arguments.append(v ? "true" : "false")
        case .resourceType(let v)?:
            table = "event_resources r JOIN events e ON e.seq = r.seq"
            prefix = "r."
            conditions.append("r.kind = ?")
            arguments.append(resourceTypeKind)
            conditions.append("r.value = ?")
            arguments.append(v)
        case .resourceName(let v)?:
            table = "event_resources r JOIN events e ON e.seq = r.seq"
            prefix = "r."
            conditions.append("r.kind = ?")
            arguments.append(resourceNameKind)
            conditions.append("r.value = ?")
            arguments.append(v)
        case nil: break
        }
        conditions.append("\(prefix)insight = ?")
        arguments.append(query.insights ? 1 : 0)
        if let start = query.startTime {
            conditions.append("\(prefix)event_time >= ?")
            arguments.append(start)
        }
        // The page position and the end of the range make one upper bound on event_time, so that SQLite
        // seeks the index to it rather than filtering every newer entry; ties on event_time go by seq.
        var upper = query.endTime
        if let after = query.after { upper = min(upper ?? after.eventTime, after.eventTime) }
        if let upper {
            conditions.append("\(prefix)event_time <= ?")
            arguments.append(upper)
        }
        if let max = query.maxSequence {
            conditions.append("\(prefix)seq <= ?")
            arguments.append(max)
        }
        if let after = query.after {
            conditions.append("(\(prefix)event_time < ? OR \(prefix)seq < ?)")
            arguments.append(after.eventTime)
            arguments.append(after.sequence)
        }
        let selected =
            prefix.isEmpty
            ? columns
            : columns.split(separator: ",").map { "e." + $0.trimmingCharacters(in: .whitespaces) }.joined(
                separator: ", "
            )
        let sql =
            "SELECT \(selected) FROM \(table) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(prefix)event_time DESC, \(prefix)seq DESC LIMIT ?"
        arguments.append(query.limit)
        return (sql, StatementArguments(arguments))
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-event-log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL UNIQUE,
                        event_time INTEGER NOT NULL,
                        insight INTEGER NOT NULL,
                        event_name TEXT,
                        event_source TEXT,
                        username TEXT,
                        access_key_id TEXT,
                        read_only TEXT,
                        aws_region TEXT,
                        event_category TEXT,
                        resources TEXT,
                        record BLOB NOT NULL
                    );
                    CREATE INDEX events_by_time ON events(insight, event_time, seq);
                    CREATE INDEX events_by_name ON events(event_name, insight, event_time, seq);
                    CREATE INDEX events_by_source ON events(event_source, insight, event_time, seq);
                    CREATE INDEX events_by_username ON events(username, insight, event_time, seq);
                    CREATE INDEX events_by_access_key ON events(access_key_id, insight, event_time, seq);
                    CREATE INDEX events_by_read_only ON events(read_only, insight, event_time, seq);
                    CREATE TABLE event_resources (
                        kind INTEGER NOT NULL,
                        value TEXT NOT NULL,
                        insight INTEGER NOT NULL,
                        event_time INTEGER NOT NULL,
                        seq INTEGER NOT NULL,
                        PRIMARY KEY (kind, value, insight, event_time, seq)
                    ) WITHOUT ROWID;
                    CREATE TABLE cursors (name TEXT PRIMARY KEY, sequence INTEGER NOT NULL);
                    CREATE TABLE control (
                        kind TEXT NOT NULL,
                        id TEXT NOT NULL,
                        value BLOB NOT NULL,
                        PRIMARY KEY (kind, id)
                    ) WITHOUT ROWID;
                    """
            )
        }
        return migrator
    }
}

struct SQLiteControlTransaction: ControlTransaction {
    let db: Database

    func document(kind: String, id: String) throws -> [UInt8]? {
        try Data.fetchOne(db, sql: "SELECT value FROM control WHERE kind = ? AND id = ?", arguments: [kind, id]).map {
            [UInt8]($0)
        }
    }

    func documents(kind: String) throws -> [(id: String, value: [UInt8])] {
        try Row.fetchAll(db, sql: "SELECT id, value FROM control WHERE kind = ? ORDER BY id", arguments: [kind]).map {
            row in
            let data: Data = row["value"]
            return (row["id"], [UInt8](data))
        }
    }

    func put(kind: String, id: String, value: [UInt8]) throws {
        try db.execute(
            sql:
                "INSERT INTO control(kind, id, value) VALUES(?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET value = excluded.value",
            arguments: [kind, id, Data(value)]
        )
    }

    func delete(kind: String, id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM control WHERE kind = ? AND id = ?", arguments: [kind, id])
        return db.changesCount > 0
    }
}
