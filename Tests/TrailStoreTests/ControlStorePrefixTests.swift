import Foundation
import Testing
import TrailStore

/// `documents(kind:idPrefix:)`: a range of ids, exactly those that start with the prefix.
@Suite struct ControlStorePrefixTests {
    @Test func onlyIdsWithThePrefixAreReturnedInOrder() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let ids = [
            "arn:t|us-east-1|", "arn:t|us-east-1|0002", "arn:t|us-east-1|0001", "arn:t|us-east-1}",
            "arn:t|us-east-10|0001", "arn:t|us-east-1", "arn:t2|us-east-1|0001", "arn:t|us-east-1|\u{10FFFF}",
            "arn:t|us-east-1|é", "arn:s|us-east-1|0001",
        ]
        try await temp.store.write { tx in
            for (index, id) in ids.enumerated() {
                try tx.put(kind: "digest-entry", id: id, value: [UInt8(index)])
            }
            try tx.put(kind: "other", id: "arn:t|us-east-1|0003", value: [99])
        }

        let found = try await temp.store.read { tx in
            try tx.documents(kind: "digest-entry", idPrefix: "arn:t|us-east-1|")
        }

        #expect(
            found.map(\.id) == [
                "arn:t|us-east-1|", "arn:t|us-east-1|0001", "arn:t|us-east-1|0002", "arn:t|us-east-1|é",
                "arn:t|us-east-1|\u{10FFFF}",
            ]
        )
        #expect(found.map(\.value) == [[0], [2], [1], [8], [7]])
    }

    @Test func anEmptyPrefixReturnsTheWholeKind() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        try await temp.store.write { tx in
            try tx.put(kind: "k", id: "b", value: [2])
            try tx.put(kind: "k", id: "a", value: [1])
            try tx.put(kind: "other", id: "c", value: [3])
        }
        let all = try await temp.store.read { tx in try tx.documents(kind: "k", idPrefix: "") }
        #expect(all.map(\.id) == ["a", "b"])
    }

    @Test(arguments: ["é", "\u{10FFFF}", "\u{D7FF}", "z"])
    func prefixesEndingInAnyCharacterSelectTheirRange(last: String) async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let prefix = "p" + last
        let scalar = last.unicodeScalars.first!.value
        let above = Unicode.Scalar(scalar == 0xD7FF ? 0xE000 : min(scalar + 1, 0x10FFFF)).map { "p" + String($0) }
        let inside = [prefix, prefix + "a", prefix + "\u{10FFFF}"]
        let outside = ["p", "q", "o" + last] + (above.map { $0 == prefix ? [] : [$0, $0 + "a"] } ?? [])
        try await temp.store.write { tx in
            for id in inside + outside {
                try tx.put(kind: "k", id: id, value: [1])
            }
        }
        let found = try await temp.store.read { tx in try tx.documents(kind: "k", idPrefix: prefix) }
        #expect(Set(found.map(\.id)) == Set(inside))
        #expect(found.map(\.id) == found.map(\.id).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
