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
