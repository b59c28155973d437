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
        /// Events whose eventIDs and resource names are held in memory before a merge into the database
        /// indexes is due (see ``mergeRecentIndexes(chunkSize:)``). A larger value writes less per event and
        /// holds more in memory (about 200 bytes per event).
        public var indexMergeThreshold: Int
        /// SQLite's page size for a new database. Every commit rewrites the last page of each index range it
        /// touches (one per event name, source, user, access key...), so with commits of a few hundred events
        /// the page size, not the events, sets most of what is written: 2 KiB pages write a third less per event
        /// than SQLite's 4 KiB, and records (about 1 KB) still fit a page.
        public var pageSize: Int = 2048

        public init(
            path: String,
            synchronousFull: Bool = true,
            walAutocheckpoint: Int = 1000,
            cacheSizeMiB: Int = 64,
            indexMergeThreshold: Int = 250_000
        ) {
            self.path = path
            self.synchronousFull = synchronousFull
            self.walAutocheckpoint = walAutocheckpoint
            self.cacheSizeMiB = cacheSizeMiB
            self.indexMergeThreshold = indexMergeThreshold
        }
    }

    let pool: DatabasePool
    /// A connection of its own for checkpoints, so that copying the WAL into the database never runs
    /// inside a writer's commit (see ``checkpoint()``).
    let checkpointer: DatabaseQueue
    let logger: Logger
    /// The eventIDs and resource names of the newest events, not yet merged into the database indexes.
    let recent = RecentIndex()
    /// Events in ``recent`` at which a merge is due.
    public let indexMergeThreshold: Int

    /// The per-connection settings of the event log: durability, checkpoint interval, page cache, and a WAL
    /// cut back once checkpointed. Benchmarks that measure plain SQLite apply the same settings.
    package static func applySettings(_ configuration: Configuration, to db: Database) throws {
        // Only takes effect on a new database (before its first table).
        try db.execute(sql: "PRAGMA page_size = \(configuration.pageSize)")
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
        self.indexMergeThreshold = configuration.indexMergeThreshold
        try Self.migrator.migrate(pool)
        var checkpointConfig = GRDB.Configuration()
        checkpointConfig.label = "opentrail-checkpoint"
        self.checkpointer = try DatabaseQueue(path: configuration.path, configuration: checkpointConfig)
        try loadRecentIndex()
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
        let recent = self.recent
        return try await pool.write { db in
            var outcomes: [AppendOutcome] = []
            outcomes.reserveCapacity(records.count)
            let statements = try InsertStatements(db, stagingUnorderedKeys: true)
            let merged = try db.cachedStatement(sql: "SELECT seq FROM event_ids WHERE event_id = ?")
            var added: [String: Int64] = [:]
            var items: [RecentIndex.Item] = []
            items.reserveCapacity(records.count)
            for record in records {
                let id = record.fields.eventID
                if let seq = try added[id] ?? recent.sequence(ofEventID: id) ?? Int64.fetchOne(merged, arguments: [id])
                {
                    outcomes.append(.duplicate(sequence: seq))
                    continue
                }
                let seq = try Self.insert(record, in: db, statements: statements)
                added[id] = seq
                items.append(Self.recentItem(record.fields, sequence: seq))
                outcomes.append(.appended(sequence: seq))
            }
            // The writer queue runs this right after the commit, before the next transaction, so the
            // next append's duplicate check and every later lookup see these events.
            let committed = items
            db.afterNextTransaction(onCommit: { _ in recent.add(committed) })
            return outcomes
        }
    }

    public func lookup(_ query: LookupQuery) async throws -> [StoredEvent] {
        // The in-memory tail is read before the database: an entry leaves it only after the merge that
        // copied it into the database has committed, so the snapshot read next has it either way.
        let recentSequences = recentMatches(query)
        let (sql, arguments) = Self.lookupSQL(query, recentEventSequence: recentSequences.first)
        return try await pool.read { db in
            var events: [StoredEvent] = []
            events.reserveCapacity(query.limit)
            let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: arguments)
            while let row = try rows.next() { events.append(try Self.storedEvent(row)) }
            guard case .resourceName = query.attribute, !recentSequences.isEmpty else { return events }
            // Resource names of the newest events: merge both lists newest first.
            let seen = Set(events.map(\.sequence))
            let missing = recentSequences.filter { !seen.contains($0) }
            if !missing.isEmpty {
                let marks = Array(repeating: "?", count: missing.count).joined(separator: ",")
                let recentRows = try Row.fetchAll(
                    db,
                    sql: "SELECT \(Self.columns) FROM events WHERE seq IN (\(marks))",
                    arguments: StatementArguments(missing)
                )
                events += try recentRows.map(Self.storedEvent)
            }
            events.sort { ($0.record.fields.eventTime, $0.sequence) > ($1.record.fields.eventTime, $1.sequence) }
            return Array(events.prefix(query.limit))
        }
    }

    /// The sequence numbers of the events in the in-memory tail that answer a lookup by EventId or by
    /// ResourceName, newest first, at most a page.
    func recentMatches(_ query: LookupQuery) -> [Int64] {
        switch query.attribute {
        case .eventID(let id)?:
            return recent.sequence(ofEventID: id).map { [$0] } ?? []
        case .resourceName(let name)?:
            let upper = [query.endTime, query.after?.eventTime].compactMap { $0 }.min()
            let matching = recent.entries(named: name).filter { entry in
                entry.insight == query.insights
                    && entry.eventTime >= (query.startTime ?? .min)
                    && entry.eventTime <= (upper ?? .max)
                    && entry.sequence <= (query.maxSequence ?? .max)
                    && (query.after.map { entry.eventTime < $0.eventTime || entry.sequence < $0.sequence } ?? true)
            }
            return
                matching
                .sorted { ($0.eventTime, $0.sequence) > ($1.eventTime, $1.sequence) }
                .prefix(query.limit)
                .map(\.sequence)
        default:
            return []
        }
    }

    public func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        try await pool.read { db in
            // A cursor over the statement: each row is read in place, its record copied once.
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT \(Self.columns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?"),
                arguments: [sequence, limit]
            )
            var events: [StoredEvent] = []
            events.reserveCapacity(limit)
            while let row = try rows.next() { events.append(try Self.storedEvent(row)) }
            return events
        }
    }

    public func latestSequence() async throws -> Int64 {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0 }
    }

    public func purge(before eventTime: Int64, limit: Int) async throws -> Int {
        let recent = self.recent
        return try await pool.write { db in
            // Oldest first, through the time index, for both kinds of event; the index rows are found
            // from each event's own eventID and resources columns (their primary keys), not by scanning.
            var removed: (eventIDs: [String], names: [String], sequences: Set<Int64>) = ([], [], [])
            for insight in [0, 1] where removed.sequences.count < limit {
                let rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql:
                            "SELECT seq, event_id, event_time, resources FROM events WHERE insight = ? AND event_time < ? ORDER BY event_time, seq LIMIT ?"
                    ),
                    arguments: [insight, eventTime, limit - removed.sequences.count]
                )
                let deleteResource = try db.cachedStatement(
                    sql:
                        "DELETE FROM event_resources WHERE kind = ? AND value = ? AND insight = ? AND event_time = ? AND seq = ?"
                )
                let deleteEventID = try db.cachedStatement(sql: "DELETE FROM event_ids WHERE event_id = ? AND seq = ?")
                let deleteEvent = try db.cachedStatement(sql: "DELETE FROM events WHERE seq = ?")
                for row in rows {
                    let seq: Int64 = row["seq"]
                    let eventID: String = row["event_id"]
                    let time: Int64 = row["event_time"]
                    for (kind, value) in Self.resourceKeys(Self.decodeResources(row["resources"])) {
                        try deleteResource.execute(arguments: [kind, value, insight, time, seq])
                        if kind == Self.resourceNameKind { removed.names.append(value) }
                    }
                    try deleteEventID.execute(arguments: [eventID, seq])
                    try deleteEvent.execute(arguments: [seq])
                    removed.eventIDs.append(eventID)
                    removed.sequences.insert(seq)
                }
            }
            let purged = removed
            db.afterNextTransaction(onCommit: { _ in
                recent.remove(eventIDs: purged.eventIDs, resourceNames: purged.names, sequences: purged.sequences)
            })
            return purged.sequences.count
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

    /// The prepared statements of an insert.
    package struct InsertStatements {
        let event: Statement
        let resource: Statement
        /// The eventID index, when eventIDs and resource names go straight into the database indexes
        /// instead of the in-memory ``RecentIndex`` (a plain insert loop, as the ceiling benchmark runs).
        let eventID: Statement?

        package init(_ db: Database, stagingUnorderedKeys: Bool) throws {
            event = try db.cachedStatement(sql: SQLiteStore.insertEventSQL)
            resource = try db.cachedStatement(sql: SQLiteStore.insertResourceSQL)
            eventID = stagingUnorderedKeys ? nil : try db.cachedStatement(sql: SQLiteStore.insertEventIDSQL)
        }
    }

    /// Inserts one record (whose eventID is known not to be in the log) and its resource-type rows;
    /// returns its sequence number. Its eventID and resource names are indexed later, by a merge, unless
    /// the statements were prepared without staging.
    package static func insert(_ record: EventRecord, in db: Database, statements: InsertStatements) throws -> Int64 {
        let f = record.fields
        let insight = f.isInsight ? 1 : 0
        try statements.event.execute(arguments: [
            f.eventID, f.eventTime, insight, f.eventName, f.eventSource, f.username,
            f.accessKeyId, f.readOnly.map { $0 ? "true" : "false" }, f.awsRegion, f.eventCategory,
            encodeResources(f.resources), Data(record.bytes),
        ])
        let seq = db.lastInsertedRowID
        for (kind, value) in resourceKeys(f.resources) where kind == resourceTypeKind || statements.eventID != nil {
            try statements.resource.execute(arguments: [kind, value, insight, f.eventTime, seq])
        }
        try statements.eventID?.execute(arguments: [f.eventID, seq])
        return seq
    }

    static func recentItem(_ fields: IndexedFields, sequence: Int64) -> RecentIndex.Item {
        RecentIndex.Item(
            eventID: fields.eventID,
            resourceNames: fields.resources.compactMap(\.name),
            entry: .init(insight: fields.isInsight, eventTime: fields.eventTime, sequence: sequence)
        )
    }

    package static let insertEventSQL = """
        INSERT INTO events(event_id, event_time, insight, event_name, event_source, username, access_key_id,
                           read_only, aws_region, event_category, resources, record)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    package static let insertResourceSQL =
        "INSERT OR IGNORE INTO event_resources(kind, value, insight, event_time, seq) VALUES (?, ?, ?, ?, ?)"

    static let insertEventIDSQL = "INSERT OR IGNORE INTO event_ids(event_id, seq) VALUES (?, ?)"

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
        // Split on the separator bytes (ASCII, so never inside another character's UTF-8 encoding): every
        // lookup and delivery row goes through here.
        let unit = UInt8(ascii: "\u{1F}")
        let record = UInt8(ascii: "\u{1E}")
        var resources: [IndexedFields.Resource] = []
        let bytes = Array(text.utf8)
        var start = 0
        func field(_ range: Range<Int>) -> String? {
            range.isEmpty ? nil : String(decoding: bytes[range], as: UTF8.self)
        }
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: record) ?? bytes.count
            let middle = bytes[start..<end].firstIndex(of: unit)
            resources.append(
                IndexedFields.Resource(
                    type: field(start..<(middle ?? end)),
                    name: middle.flatMap { field(($0 + 1)..<end) }
                )
            )
            start = end + 1
        }
        return resources
    }

    /// An event from a row of ``columns``, read by position (every lookup and delivery row goes through here).
    /// Works on a cursor's row, which is valid only until the next one: the record's bytes are copied
    /// straight out of SQLite, once.
    static func storedEvent(_ row: Row) throws -> StoredEvent {
        let bytes = try row.withUnsafeData(atIndex: 11) { data in
            data?.withUnsafeBytes { Array($0.bindMemory(to: UInt8.self)) } ?? []
        }
        return StoredEvent(sequence: row[0], record: EventRecord(bytes: bytes, fields: indexedFields(row)))
    }

    static func indexedFields(_ row: Row) -> IndexedFields {
        let readOnly: String? = row[7]
        return IndexedFields(
            eventID: row[1],
            eventTime: row[2],
            eventName: row[3],
            eventSource: row[4],
            username: row[5],
            accessKeyId: row[6],
            readOnly: readOnly.map { $0 == "true" },
            awsRegion: row[8],
            eventCategory: row[9],
            resources: decodeResources(row[10])
        )
    }

    /// The SQL of a lookup. Each shape walks one composite index in (time, sequence) order.
    static func lookupSQL(_ query: LookupQuery, recentEventSequence: Int64? = nil) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        var table = "events"
        var prefix = ""
        switch query.attribute {
        case .eventID(let id)?:
            // At most one event: the merged index, or the in-memory tail's answer, each a rowid lookup
            // (NOT INDEXED keeps the planner off the time index, which it cannot know is worse).
            table = "events NOT INDEXED"
            conditions.append("seq IN (?, (SELECT seq FROM event_ids WHERE event_id = ?))")
            arguments.append(recentEventSequence ?? 0)
            arguments.append(id)
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
        // An eventID names one event: nothing to order.
        let order =
            if case .eventID = query.attribute { "" } else {
                " ORDER BY \(prefix)event_time DESC, \(prefix)seq DESC"
            }
        let sql =
            "SELECT \(selected) FROM \(table) WHERE \(conditions.joined(separator: " AND "))\(order) LIMIT ?"
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
        migrator.registerMigration("v2-staged-unordered-indexes") { db in
            // eventIDs move from a UNIQUE constraint to their own index table, filled by merges (see
            // RecentIndex); the events table is rebuilt without the constraint. Everything already stored
            // is merged, so the merge cursor starts at the end of the log.
            let lastSequence =
                try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'events'") ?? 0
            try db.execute(
                sql: """
                    CREATE TABLE event_ids (event_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
                    INSERT INTO event_ids(event_id, seq) SELECT event_id, seq FROM events ORDER BY event_id;
                    CREATE TABLE events_v2 (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        event_id TEXT NOT NULL,
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
                    INSERT INTO events_v2 SELECT * FROM events ORDER BY seq;
                    DROP TABLE events;
                    ALTER TABLE events_v2 RENAME TO events;
                    CREATE INDEX events_by_time ON events(insight, event_time, seq);
                    CREATE INDEX events_by_name ON events(event_name, insight, event_time, seq);
                    CREATE INDEX events_by_source ON events(event_source, insight, event_time, seq);
                    CREATE INDEX events_by_username ON events(username, insight, event_time, seq);
                    CREATE INDEX events_by_access_key ON events(access_key_id, insight, event_time, seq);
                    CREATE INDEX events_by_read_only ON events(read_only, insight, event_time, seq);
                    """
            )
            // AUTOINCREMENT never reuses a sequence number, even of purged events: carry the high mark over.
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'events'")
            try db.execute(
                sql: "INSERT INTO sqlite_sequence(name, seq) VALUES ('events', ?)",
                arguments: [lastSequence]
            )
            try db.execute(
                sql: "INSERT OR REPLACE INTO cursors(name, sequence) VALUES (?, ?)",
                arguments: [mergeCursorName, lastSequence]
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

    func documents(kind: String, idPrefix: String) throws -> [(id: String, value: [UInt8])] {
        // Every id with the prefix sorts at or after it and before the prefix with its last character
        // replaced by the next one: a range of the primary key.
        var scalars = Array(idPrefix.unicodeScalars)
        guard let last = scalars.popLast() else { return try documents(kind: kind) }
        var next = last.value + 1
        if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
        guard let successor = Unicode.Scalar(next) else {
            return try documents(kind: kind).filter { $0.id.hasPrefix(idPrefix) }
        }
        scalars.append(successor)
        var upper = ""
        upper.unicodeScalars.append(contentsOf: scalars)
        return try Row.fetchAll(
            db,
            sql: "SELECT id, value FROM control WHERE kind = ? AND id >= ? AND id < ? ORDER BY id",
            arguments: [kind, idPrefix, upper]
        ).map { row in
            let data: Data = row["value"]
            return (row["id"], [UInt8](data))
        }
    }

    func documents(
        kind: String,
        from: String,
        before: String,
        limit: Int,
        newestFirst: Bool
    ) throws -> [(id: String, value: [UInt8])] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT id, value FROM control WHERE kind = ? AND id >= ? AND id < ?
                ORDER BY id \(newestFirst ? "DESC" : "ASC") LIMIT ?
                """,
            arguments: [kind, from, before, max(0, limit)]
        ).map { row in
            let data: Data = row["value"]
            return (row["id"], [UInt8](data))
        }
    }

    func countDocuments(kind: String, from: String, before: String) throws -> Int {
        try Int.fetchOne(
            db,
            sql: "SELECT COUNT(*) FROM control WHERE kind = ? AND id >= ? AND id < ?",
            arguments: [kind, from, before]
        ) ?? 0
    }

    func deleteDocuments(kind: String, from: String, before: String, limit: Int) throws -> Int {
        try db.execute(
            sql: """
                DELETE FROM control WHERE kind = ? AND id IN (
                    SELECT id FROM control WHERE kind = ? AND id >= ? AND id < ? ORDER BY id LIMIT ?)
                """,
            arguments: [kind, kind, from, before, max(0, limit)]
        )
        return db.changesCount
    }

    func cursor(named name: String) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT sequence FROM cursors WHERE name = ?", arguments: [name]) ?? 0
    }

    func setCursor(named name: String, to sequence: Int64) throws {
        try db.execute(
            sql:
                "INSERT INTO cursors(name, sequence) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET sequence = excluded.sequence",
            arguments: [name, sequence]
        )
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

    func latestSequence() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0
    }
}
