import ArgumentParser
import Foundation
import GRDB
import Logging
import TrailModel
import TrailStore

/// The ceiling of ingest: a plain SQLite insert loop into the event log's schema (same tables, same
/// indexes, same durability settings), with the records built beforehand and only the inserts timed.
/// With `--through-store`, the same records go through `SQLiteStore.append` instead, to show what the
/// store adds (answering duplicates, one transaction per call) and saves (eventIDs and resource names
/// are indexed by merges of many thousand sorted keys instead of one page write per event).
struct InsertCeiling: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceiling",
        abstract: "Time a plain SQLite insert loop of the event log's schema."
    )

    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var events = 1_000_000
    @Option var batch = 10_000
    @Flag(name: .customLong("through-store")) var throughStore = false
    @Option(name: .customLong("wal-autocheckpoint")) var walAutocheckpoint = 50_000

    func run() async throws {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let path = (dataDirectory as NSString).appendingPathComponent("opentrail.sqlite")
        let store = try SQLiteStore(
            configuration: .init(path: path, walAutocheckpoint: walAutocheckpoint),
            logger: Logger(label: "bench")
        )
        let writesBefore = Self.bytesWritten()
        var generator = SyntheticEvents(count: events)
        var inserting = Duration.zero
        var done = 0
        // The event log's durability, checkpoint and cache settings, as the server runs them.
        var configuration = GRDB.Configuration()
        let settings = SQLiteStore.Configuration(path: path, walAutocheckpoint: walAutocheckpoint)
        configuration.prepareDatabase { db in try SQLiteStore.applySettings(settings, to: db) }
        let queue = throughStore ? nil : try DatabaseQueue(path: path, configuration: configuration)
        while done < events {
            let n = min(batch, events - done)
            let records = (done..<(done + n)).map { generator.record($0) }
            let started = ContinuousClock.now
            if let queue {
                try await queue.write { db in
                    // Every index entry inserted as the row is: no staging in memory, no duplicate check.
                    let statements = try SQLiteStore.InsertStatements(db, stagingUnorderedKeys: false)
                    for record in records {
                        _ = try SQLiteStore.insert(record, in: db, statements: statements)
                    }
                }
            } else {
                _ = try await store.append(records)
                if store.isIndexMergeDue { try await store.mergeRecentIndexes() }
            }
            inserting += ContinuousClock.now - started
            done += n
        }
        let written = Self.bytesWritten() - writesBefore
        let seconds = inserting.seconds
        print(
            String(
                format:
                    "ceiling (%@): %d events in %.1f s of inserts = %.0f events/s, %.1f KB written per event (transactions of %d)",
                throughStore ? "SQLiteStore.append" : "plain GRDB insert loop",
                done,
                seconds,
                Double(done) / seconds,
                Double(written) / Double(done) / 1024,
                batch
            )
        )
    }

    /// Bytes this process caused to be written to storage (`/proc/self/io` write_bytes).
    static func bytesWritten() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("write_bytes:") {
            return Int(line.split(separator: " ").last ?? "0") ?? 0
        }
        return 0
    }
}
