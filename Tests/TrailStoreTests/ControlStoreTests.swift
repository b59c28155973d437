import Foundation
import Testing
import TrailStore

@Suite struct ControlStoreTests {
    @Test func documentsPersistAcrossReopen() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        try await temp.store.write { tx in
            try tx.put(kind: "trail", id: "us-east-1/b", value: Array("{\"n\":2}".utf8))
            try tx.put(kind: "trail", id: "us-east-1/a", value: Array("{\"n\":1}".utf8))
            try tx.put(kind: "other", id: "x", value: [1])
        }
        let reopened = try temp.reopen()
        let trails = try await reopened.read { tx in try tx.documents(kind: "trail").map(\.id) }
        #expect(trails == ["us-east-1/a", "us-east-1/b"])
        let deleted = try await reopened.write { tx in try tx.delete(kind: "trail", id: "us-east-1/a") }
        let deletedAgain = try await reopened.write { tx in try tx.delete(kind: "trail", id: "us-east-1/a") }
        #expect(deleted && !deletedAgain)
    }

    struct Refused: Error {}

    @Test func aFailedTransactionChangesNothing() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        await #expect(throws: Refused.self) {
            try await temp.store.write { tx in
                try tx.put(kind: "trail", id: "t", value: [1])
                throw Refused()
            }
        }
        let value = try await temp.store.read { tx in try tx.document(kind: "trail", id: "t") }
        #expect(value == nil)
    }

    @Test func concurrentReadModifyWritesDoNotLoseUpdates() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await temp.store.write { tx in
                        let current =
                            try tx.document(kind: "counter", id: "c").map { Int(String(decoding: $0, as: UTF8.self))! }
                            ?? 0
                        try tx.put(kind: "counter", id: "c", value: Array(String(current + 1).utf8))
                    }
                }
            }
            try await group.waitForAll()
        }
        let value = try await temp.store.read { tx in try tx.document(kind: "counter", id: "c") }
        #expect(value.map { String(decoding: $0, as: UTF8.self) } == "50")
    }
}

@Suite struct CheckpointTests {
    @Test func backgroundCheckpointCopiesTheWALWhileWritersGoOn() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append((0..<500).map { makeRecord(id: "c\($0)") })
        // A checkpoint while another writer commits: neither waits for the other, nothing is lost.
        async let more = temp.store.append((0..<500).map { makeRecord(id: "d\($0)") })
        let first = try await temp.store.checkpoint()
        _ = try await more
        let second = try await temp.store.checkpoint()
        #expect(first.walPages > 0)
        #expect(second.checkpointedPages == second.walPages, "\(second)")
        let reopened = try temp.reopen()
        #expect(try await reopened.latestSequence() == 1000)
    }
}
