import Foundation
import Synchronization
import Testing
import TrailModel

@testable import TrailStore

/// A log that counts transactions and takes a while to commit, as a disk does.
final class CountingLog: EventLog, Sendable {
    let base: SQLiteStore
    let commits = Mutex<[Int]>([])
    let failNext = Mutex(false)
    struct DiskFull: Error {}

    init(base: SQLiteStore) { self.base = base }

    func append(_ records: [EventRecord]) async throws -> [AppendOutcome] {
        commits.withLock { $0.append(records.count) }
        try await Task.sleep(for: .milliseconds(5))
        if failNext.withLock({
            let fail = $0
            $0 = false
            return fail
        }) {
            throw DiskFull()
        }
        return try await base.append(records)
    }
    func lookup(_ query: LookupQuery) async throws -> [StoredEvent] { try await base.lookup(query) }
    func events(after sequence: Int64, limit: Int) async throws -> [StoredEvent] {
        try await base.events(after: sequence, limit: limit)
    }
    func latestSequence() async throws -> Int64 { try await base.latestSequence() }
    func purge(before eventTime: Int64, limit: Int) async throws -> Int {
        try await base.purge(before: eventTime, limit: limit)
    }
    func cursor(named name: String) async throws -> Int64 { try await base.cursor(named: name) }
    func setCursor(named name: String, to sequence: Int64) async throws {
        try await base.setCursor(named: name, to: sequence)
    }
}

@Suite struct GroupCommitLogTests {
    @Test func concurrentAppendsShareTransactionsAndEachGetsItsOwnOutcomes() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let counting = CountingLog(base: temp.store)
        let log = GroupCommitLog(counting)
        // 200 writers, each appending 1 to 3 records; one of them repeats an eventID another wrote.
        let results = try await withThrowingTaskGroup(of: (Int, [AppendOutcome]).self) { group in
            for writer in 0..<200 {
                group.addTask {
                    let records = (0...(writer % 3)).map { makeRecord(id: "w\(writer)-\($0)") }
                    return (writer, try await log.append(records))
                }
            }
            return try await group.reduce(into: [Int: [AppendOutcome]]()) { $0[$1.0] = $1.1 }
        }
        let commits = counting.commits.withLock { $0 }
        let expectedRecords = (0..<200).map { $0 % 3 + 1 }.reduce(0, +)
        let committedRecords = commits.reduce(0, +)
        #expect(committedRecords == expectedRecords)
        #expect(commits.count < 200, "expected group commits, got \(commits.count) transactions")
        // Each writer got one outcome per record, and they name its own records.
        for (writer, outcomes) in results {
            #expect(outcomes.count == writer % 3 + 1)
            for (index, outcome) in outcomes.enumerated() {
                let found = try await temp.store.lookup(LookupQuery(attribute: .eventID("w\(writer)-\(index)")))
                #expect(found.first?.sequence == outcome.sequence)
            }
        }
        let sequences: [Int64] = results.values.flatMap { $0.map(\.sequence) }
        #expect(Set(sequences).count == committedRecords)
    }

    @Test func aFailedCommitFailsEveryWriterInItAndTheNextCommitProceeds() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let counting = CountingLog(base: temp.store)
        let log = GroupCommitLog(counting)
        counting.failNext.withLock { $0 = true }
        await #expect(throws: CountingLog.DiskFull.self) { try await log.append([makeRecord(id: "lost")]) }
        let outcome = try await log.append([makeRecord(id: "kept")])
        #expect(outcome == [.appended(sequence: 1)])
        #expect(try await temp.store.lookup(LookupQuery(attribute: .eventID("lost"))).isEmpty)
    }

    @Test func duplicatesWithinOneGroupAreStoredOnce() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let log = GroupCommitLog(CountingLog(base: temp.store))
        let outcomes = try await withThrowingTaskGroup(of: [AppendOutcome].self) { group in
            for _ in 0..<20 { group.addTask { try await log.append([makeRecord(id: "same")]) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(Set(outcomes.map(\.sequence)) == [1])
        let appended = outcomes.filter { if case .appended = $0 { true } else { false } }
        #expect(appended.count == 1)
    }
}
