import Foundation
import Testing

@testable import TrailDelivery

@Suite struct MasterKeyTests {
    @Test func loadOrCreateCreatesAnOwnerOnlyKeyOnceAndReadsItBack() throws {
        let directory = try TemporaryObjectRoot()
        defer { directory.remove() }
        let path = directory.path + "/" + MasterKey.defaultFileName
        let created = try MasterKey.loadOrCreate(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == MasterKey.byteCount)
        let loaded = try MasterKey.loadOrCreate(at: path)
        #expect(loaded.fingerprint == created.fingerprint)
        #expect(directory.files(under: "") == [MasterKey.defaultFileName])
    }

    @Test func concurrentCreatorsAgreeOnOneKey() async throws {
        let directory = try TemporaryObjectRoot()
        defer { directory.remove() }
        let path = directory.path + "/" + MasterKey.defaultFileName
        let fingerprints = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<8 {
                group.addTask { try MasterKey.loadOrCreate(at: path).fingerprint }
            }
            return try await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
        }
        #expect(fingerprints.count == 1)
    }

    @Test func aKeyFileOfTheWrongSizeIsRefused() throws {
        let directory = try TemporaryObjectRoot()
        defer { directory.remove() }
        let path = directory.path + "/short.key"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try MasterKey.loadOrCreate(at: path) }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) {
            try MasterKey(bytes: [UInt8](repeating: 0, count: 31))
        }
    }

    @Test func theDescriptionShowsOnlyTheFingerprint() throws {
        let bytes = [UInt8](repeating: 0xAB, count: 32)
        let key = try MasterKey(bytes: bytes)
        #expect(key.description == "MasterKey(fingerprint: \(key.fingerprintHex))")
        #expect(!key.description.lowercased().contains("abababab"))
        #expect(key.fingerprint.count == 8)
    }
}
