import Crypto
import Foundation
import Testing
import TrailDelivery
import TrailModel

/// Signing keys on disk: owner-only, reloaded after a restart, rotated on schedule, sealed with a master key.
@Suite struct SigningKeyStoreTests {
    @Test func keysAreOwnerOnlyFilesReloadedByANewStore() async throws {
        // Given a store that made its first key
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let fingerprint = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)

        // Then the key is one file, mode 0600, in directories of mode 0700
        let directory = fixture.keyDirectory
        #expect(try Self.mode(directory) == 0o700)
        #expect(try Self.mode(directory + "/us-east-1") == 0o700)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/us-east-1")
        try #require(names.count == 1)
        #expect(names[0].hasSuffix("-\(fingerprint).json"))
        #expect(try Self.mode(directory + "/us-east-1/" + names[0]) == 0o600)

        // When a new store (a restarted server) opens the directory
        let reopened = SigningKeyStore(
            directory: directory,
            rotationInterval: DigestFixture.rotation,
            now: fixture.clock.read
        )

        // Then it signs with the same key, and lists it
        fixture.clock.advance(by: 60)
        #expect(try await reopened.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now) == fingerprint)
        let message = Array("message".utf8)
        let signature = try await reopened.sign(message, region: "us-east-1", fingerprint: fingerprint)
        let original = try await fixture.keys.sign(message, region: "us-east-1", fingerprint: fingerprint)
        #expect(signature == original)
        let listed = try await reopened.publicKeys(region: "us-east-1", start: .distantPast, end: .distantFuture)
        #expect(listed.map(\.fingerprint) == [fingerprint])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/us-east-1").count == 1)
    }

    @Test func aKeyIsReplacedAfterTheRotationIntervalAndStaysListed() async throws {
        let fixture = try await DigestFixture(rotation: 3600)
        defer { fixture.remove() }
        let start = fixture.clock.now
        let first = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: start)
        #expect(
            try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: start.addingTimeInterval(3599))
                == first
        )

        fixture.clock.advance(by: 3600)
        let second = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)
        #expect(second != first)

        let both = try await fixture.keys.publicKeys(
            region: "us-east-1",
            start: start.addingTimeInterval(1800),
            end: start.addingTimeInterval(5400)
        )
        #expect(both.map(\.fingerprint) == [first, second])
        #expect(both.first?.validityStart == start)
        #expect(both.first?.validityEnd == start.addingTimeInterval(3600))
        let firstOnly = try await fixture.keys.publicKeys(
            region: "us-east-1",
            start: start.addingTimeInterval(60),
            end: start.addingTimeInterval(1800)
        )
        #expect(firstOnly.map(\.fingerprint) == [first])
        let secondOnly = try await fixture.keys.publicKeys(
            region: "us-east-1",
            start: start.addingTimeInterval(3660),
            end: start.addingTimeInterval(5400)
        )
        #expect(secondOnly.map(\.fingerprint) == [second])
        // Keys are per region.
        let other = try await fixture.keys.signingKeyFingerprint(region: "eu-west-1", at: fixture.clock.now)
        #expect(![first, second].contains(other))
        #expect(
            try await fixture.keys.publicKeys(region: "us-east-1", start: .distantPast, end: .distantFuture).count == 2
        )
    }

    @Test func listingThePresentMakesAKeyWhenThereIsNone() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let now = fixture.clock.now
        let past = try await fixture.keys.publicKeys(
            region: "us-west-2",
            start: now.addingTimeInterval(-7200),
            end: now.addingTimeInterval(-3600)
        )
        #expect(past.isEmpty)
        let present = try await fixture.keys.publicKeys(
            region: "us-west-2",
            start: now.addingTimeInterval(-60),
            end: now
        )
        #expect(present.count == 1)
        #expect(
            try await fixture.keys.signingKeyFingerprint(region: "us-west-2", at: now) == present.first?.fingerprint
        )
    }

    @Test func aSealedKeyNeedsItsMasterKey() async throws {
        // Given a store that seals its keys
        let master = [UInt8](repeating: 7, count: 32)
        let fixture = try await DigestFixture(masterKey: master)
        defer { fixture.remove() }
        let now = fixture.clock.now
        let fingerprint = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: now)
        let message = Array("message".utf8)
        let signature = try await fixture.keys.sign(message, region: "us-east-1", fingerprint: fingerprint)

        // Then the file holds no private key in the clear
        let directory = fixture.keyDirectory + "/us-east-1"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first)
        let file = try JSONValue(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))))
        #expect(file["privateKey"] == nil || file["privateKey"]?.isNull == true)
        #expect(file["sealedPrivateKey"]?.stringValue?.isEmpty == false)
        #expect(file["publicKey"]?.stringValue?.isEmpty == false)

        // And a store with another master key, or none, cannot sign with it, but still lists it
        for other in [[UInt8](repeating: 8, count: 32), nil] {
            let store = SigningKeyStore(
                directory: fixture.keyDirectory,
                rotationInterval: DigestFixture.rotation,
                masterKey: other,
                now: fixture.clock.read
            )
            let error = await #expect(throws: DigestError.self) {
                try await store.sign(message, region: "us-east-1", fingerprint: fingerprint)
            }
            #expect(error?.code == .signingKeyUnavailable)
            #expect(error?.statusCode == "SigningKeyUnavailable")
            let listed = try await store.publicKeys(region: "us-east-1", start: .distantPast, end: .distantFuture)
            #expect(listed.map(\.fingerprint) == [fingerprint])
        }

        // While one with the right master key signs as before
        let same = SigningKeyStore(
            directory: fixture.keyDirectory,
            rotationInterval: DigestFixture.rotation,
            masterKey: master,
            now: fixture.clock.read
        )
        #expect(try await same.sign(message, region: "us-east-1", fingerprint: fingerprint) == signature)
    }

    @Test func anUnknownFingerprintIsUnavailable() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let error = await #expect(throws: DigestError.self) {
            try await fixture.keys.sign([1], region: "us-east-1", fingerprint: String(repeating: "0", count: 32))
        }
        #expect(error?.code == .signingKeyUnavailable)
    }

    @Test(arguments: ["", "../escape", "us-east-1/../x", "US-EAST-1", "-rf", "us east 1"])
    func aRegionThatIsNoRegionNameIsRefused(region: String) async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let now = fixture.clock.now
        await #expect(throws: DigestError.self) {
            try await fixture.keys.signingKeyFingerprint(region: region, at: now)
        }
        await #expect(throws: DigestError.self) {
            try await fixture.keys.publicKeys(region: region, start: .distantPast, end: .distantFuture)
        }
        await #expect(throws: DigestError.self) {
            try await fixture.keys.sign([1], region: region, fingerprint: "x")
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.keyDirectory))
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
    }
}
