import Foundation
import GRDB
import Logging
import Testing
import TrailModel

@testable import TrailStore

/// eventIDs and resource names of the newest events live in memory until a merge copies them into the
/// database indexes. Every answer must be the same before, during and after a merge, and after a restart.
@Suite struct StagedIndexTests {
    static let bucket = "arn:aws:s3:::staged"

    static func record(_ i: Int) -> EventRecord {
        makeRecord(
            id: "event-\(i)",
            time: "2026-11-20T10:00:\(String(format: "%02d", i % 60))Z",
            resources: [(type: "AWS::S3::Bucket", arn: bucket), (type: "AWS::S3::Object", arn: "\(bucket)/key-\(i)")]
        )
    }

    /// Pages through every event with the resource name, two at a time, as LookupEvents does.
    static func pages(_ store: SQLiteStore, name: String) async throws -> [String] {
        var seen: [String] = []
        var after: LookupQuery.Position?
        let pinned = try await store.latestSequence()
        repeat {
            let page = try await store.lookup(
                LookupQuery(attribute: .resourceName(name), limit: 2, after: after, maxSequence: pinned)
            )
            seen += page.map(\.record.fields.eventID)
            after =
                page.count == 2
                ? page.last.map { .init(eventTime: $0.record.fields.eventTime, sequence: $0.sequence) } : nil
        } while after != nil
        return seen
    }

    @Test func lookupsAndDuplicatesAreTheSameBeforeAndAfterAMerge() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let store = temp.store
        _ = try await store.append((0..<10).map(Self.record))
        #expect(store.unmergedEventCount == 10)
        let before = try await Self.pages(store, name: Self.bucket)
        #expect(before.count == 10)

        // Half merged, half in memory: pages cross the boundary without gaps or repeats.
        #expect(try await store.mergeRecentIndexes(chunkSize: 3) == 10)
        #expect(store.unmergedEventCount == 0)
        _ = try await store.append((10..<20).map(Self.record))
        let mixed = try await Self.pages(store, name: Self.bucket)
        #expect(mixed.count == 20)
        #expect(Set(mixed).count == 20)
        let expected = try await store.lookup(LookupQuery(limit: 50)).map(\.record.fields.eventID)
        #expect(mixed == expected)

        for i in [3, 15] {
            let byID = try await store.lookup(LookupQuery(attribute: .eventID("event-\(i)")))
            #expect(byID.map(\.record.fields.eventID) == ["event-\(i)"])
            let byObject = try await store.lookup(LookupQuery(attribute: .resourceName("\(Self.bucket)/key-\(i)")))
            #expect(byObject.map(\.record.fields.eventID) == ["event-\(i)"])
            // A duplicate is recognised wherever its eventID is indexed.
            let again = try await store.append([Self.record(i)])
            #expect(again == [.duplicate(sequence: Int64(i + 1))])
        }
        // And within one batch.
        let twice = try await store.append([makeRecord(id: "twice"), makeRecord(id: "twice")])
        #expect(twice == [.appended(sequence: 21), .duplicate(sequence: 21)])
        #expect(try await store.latestSequence() == 21)
    }

    @Test func aRestartRebuildsTheUnmergedTailFromTheRows() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append((0..<5).map(Self.record))
        try await temp.store.mergeRecentIndexes()
        _ = try await temp.store.append((5..<9).map(Self.record))

        let reopened = try temp.reopen()
        #expect(reopened.unmergedEventCount == 4)
        #expect(try await Self.pages(reopened, name: Self.bucket).count == 9)
        #expect(try await reopened.append([Self.record(7)]) == [.duplicate(sequence: 8)])
        #expect(try await reopened.append([Self.record(2)]) == [.duplicate(sequence: 3)])
        #expect(try await reopened.lookup(LookupQuery(attribute: .eventID("event-8"))).count == 1)
    }

    @Test func aMergeInterruptedBeforeItsCursorMovedIsRepeatedHarmlessly() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append((0..<6).map(Self.record))
        try await temp.store.mergeRecentIndexes()
        // As if the process died after the chunks committed but before the cursor moved.
        try await temp.store.setCursor(named: SQLiteStore.mergeCursorName, to: 0)
        let reopened = try temp.reopen()
        #expect(reopened.unmergedEventCount == 6)
        #expect(try await reopened.mergeRecentIndexes() == 6)
        #expect(try await Self.pages(reopened, name: Self.bucket).count == 6)
        #expect(try await reopened.lookup(LookupQuery(attribute: .eventID("event-4"))).count == 1)
    }

    @Test func purgeRemovesMergedAndUnmergedIndexEntries() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let old = (0..<4).map { i in
            makeRecord(id: "old-\(i)", time: "2026-01-01T00:00:0\(i)Z", resources: [(type: "T", arn: "shared-name")])
        }
        _ = try await temp.store.append(Array(old[0..<2]))
        try await temp.store.mergeRecentIndexes()
        _ = try await temp.store.append(Array(old[2..<4]) + [Self.record(1)])
        let cutoff = try #require(EventTime.parseMilliseconds("2026-06-01T00:00:00Z"))
        #expect(try await temp.store.purge(before: cutoff, limit: 100) == 4)
        #expect(try await temp.store.lookup(LookupQuery(attribute: .resourceName("shared-name"))).isEmpty)
        for i in 0..<4 {
            #expect(try await temp.store.lookup(LookupQuery(attribute: .eventID("old-\(i)"))).isEmpty)
        }
        // Nothing purged comes back with the next merge.
        try await temp.store.mergeRecentIndexes()
        #expect(try await temp.store.lookup(LookupQuery(attribute: .resourceName("shared-name"))).isEmpty)
        #expect(temp.store.isIndexMergeDue == false)
    }

    @Test func aMergeIsDueAtTheThreshold() async throws {
        let temp = try TemporaryStore(indexMergeThreshold: 3)
        defer { temp.remove() }
        _ = try await temp.store.append((0..<2).map(Self.record))
        #expect(!temp.store.isIndexMergeDue)
        _ = try await temp.store.append([Self.record(2)])
        #expect(temp.store.isIndexMergeDue)
    }

    @Test func aStoreOfTheFirstSchemaIsMigratedWithItsEventIDs() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opentrail-v1-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("v1.sqlite").path
        // The first schema, with three events of which the newest was purged.
        let queue = try DatabaseQueue(path: path)
        try SQLiteStore.migrator.migrate(queue, upTo: "v1-event-log")
        try await queue.write { db in
            // The row insert is the same in both schemas (v1 had no event_ids table to fill).
            let statements = try SQLiteStore.InsertStatements(db, stagingUnorderedKeys: true)
            for i in 0..<3 { _ = try SQLiteStore.insert(Self.record(i), in: db, statements: statements) }
            try db.execute(sql: "DELETE FROM events WHERE seq = 3")
        }
        try queue.close()

        let store = try SQLiteStore(configuration: .init(path: path), logger: Logger(label: "test"))
        #expect(store.unmergedEventCount == 0)
        #expect(try await store.lookup(LookupQuery(attribute: .eventID("event-1"))).map(\.sequence) == [2])
        #expect(try await store.append([Self.record(0)]) == [.duplicate(sequence: 1)])
        // Sequence numbers are never reused, not even the purged one.
        #expect(try await store.append([Self.record(5)]) == [.appended(sequence: 4)])
    }

    /// Small pages keep what each commit rewrites small (see SQLiteStore.Configuration.pageSize).
    @Test func aNewStoreUsesTwoKiBPages() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let pageSize = try await temp.store.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") }
        #expect(pageSize == 2048)
    }
}
