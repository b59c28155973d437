import GRDB
import Logging
import TrailModel

extension SQLiteStore {
    /// The cursor below which every event's eventID and resource names are in the database indexes.
    static let mergeCursorName = "store.index-merge"

    /// Events whose eventIDs and resource names are held in memory, waiting for a merge.
    public var unmergedEventCount: Int { recent.count }

    /// Whether enough events wait in memory for a merge (``Configuration/indexMergeThreshold``).
    public var isIndexMergeDue: Bool { recent.count >= indexMergeThreshold }

    /// Runs one merge transaction; when `yielding`, then waits as long as it took, so that a background
    /// merge takes at most half of the writer's time and appends keep flowing.
    func yieldingToWriters(_ yielding: Bool, _ body: () async throws -> Void) async throws {
        let started = ContinuousClock.now
        try await body()
        if yielding { try await Task.sleep(for: ContinuousClock.now - started) }
    }

    /// Rebuilds the in-memory tail from the rows after the merge cursor (at open).
    func loadRecentIndex() throws {
        let items = try pool.read { db in
            let from =
                try Int64.fetchOne(
                    db,
                    sql: "SELECT sequence FROM cursors WHERE name = ?",
                    arguments: [Self.mergeCursorName]
                ) ?? 0
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT seq, event_id, insight, event_time, resources FROM events WHERE seq > ? ORDER BY seq",
                arguments: [from]
            )
            var items: [RecentIndex.Item] = []
            while let row = try rows.next() {
                items.append(
                    RecentIndex.Item(
                        eventID: row["event_id"],
                        resourceNames: Self.decodeResources(row["resources"]).compactMap(\.name),
                        entry: .init(
                            insight: row["insight"] as Int == 1,
                            eventTime: row["event_time"],
                            sequence: row["seq"]
                        )
                    )
                )
            }
            return items
        }
        recent.add(items)
        if !items.isEmpty {
            logger.info("Loaded unmerged index entries", metadata: ["trail.store.unmerged_events": "\(items.count)"])
        }
    }

    /// Copies the eventIDs and resource names held in memory into the database indexes, in key order,
    /// one short transaction per `chunkSize` keys so that appends wait at most for one chunk. Each chunk
    /// leaves memory only once it has committed; the merge cursor moves at the end, so a crash in the
    /// middle only repeats work (the inserts ignore what is already there). With `yielding`, each
    /// transaction is followed by a pause as long as itself (the background service merges that way).
    /// - Returns: the number of events merged.
    @discardableResult
    public func mergeRecentIndexes(chunkSize: Int = 5_000, yielding: Bool = false) async throws -> Int {
        let through = try await latestSequence()
        let recent = self.recent
        let keys = recent.keys(through: through)
        guard !keys.eventIDs.isEmpty || !keys.names.isEmpty else { return 0 }
        for start in stride(from: 0, to: keys.eventIDs.count, by: chunkSize) {
            let chunk = Array(keys.eventIDs[start..<min(start + chunkSize, keys.eventIDs.count)])
            try await yieldingToWriters(yielding) {
                try await pool.write { db in
                    let insert = try db.cachedStatement(sql: Self.insertEventIDSQL)
                    for (id, seq) in recent.sequences(of: chunk, through: through) {
                        try insert.execute(arguments: [id, seq])
                    }
                    db.afterNextTransaction(onCommit: { _ in recent.removeEventIDs(chunk, through: through) })
                }
            }
        }
        // Names carry one entry per event: chunks are cut by entries, not names.
        var start = 0
        while start < keys.names.count {
            var end = start
            var entries = 0
            while end < keys.names.count, entries < chunkSize || end == start {
                entries += recent.entries(named: keys.names[end]).count
                end += 1
            }
            let chunk = Array(keys.names[start..<end])
            start = end
            try await yieldingToWriters(yielding) {
                try await pool.write { db in
                    let insert = try db.cachedStatement(sql: Self.insertResourceSQL)
                    for (name, entry) in recent.entries(of: chunk, through: through) {
                        try insert.execute(arguments: [
                            Self.resourceNameKind, name, entry.insight ? 1 : 0, entry.eventTime, entry.sequence,
                        ])
                    }
                    db.afterNextTransaction(onCommit: { _ in recent.removeNames(chunk, through: through) })
                }
            }
        }
        try await setCursor(named: Self.mergeCursorName, to: through)
        logger.debug("Merged index entries", metadata: ["trail.store.merged_events": "\(keys.eventIDs.count)"])
        return keys.eventIDs.count
    }
}
