import Foundation
import Testing
import TrailDelivery
import TrailModel

@testable import TrailValidation

/// The same validation over the sources `validate-logs` reads from: a directory of downloaded files with
/// signature sidecars, and the embedded object store (at-rest encrypted files included).
@Suite struct SourceTests {
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("validation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes the fixture's files below `root` by key (without `strip/` when given), each digest with a
    /// sidecar: plain metadata for even hours, `aws s3api head-object` output for odd ones.
    static func download(_ fixture: TrailFixture, to root: String, strip: String? = nil) throws {
        for (ref, file) in fixture.files {
            var key = ref.key
            if let strip, key.hasPrefix(strip + "/") { key.removeFirst(strip.count + 1) }
            let path = root + "/" + key
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data(file.body).write(to: URL(fileURLWithPath: path))
            guard !file.metadata.isEmpty else { continue }
            let metadata = JSONValue.object(
                file.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
            )
            let hour = Int(fixture.delivered.firstIndex { $0.key == ref.key } ?? 0)
            let sidecar: JSONValue =
                hour % 2 == 0
                ? metadata
                : .object([
                    ("AcceptRanges", .string("bytes")), ("ContentLength", .int(file.body.count)),
                    ("ContentType", .string("application/json")), ("Metadata", metadata),
                ])
            try Data(sidecar.serialized).write(to: URL(fileURLWithPath: path + ".metadata.json"))
        }
    }

    static func publicKeysFile(in directory: String) throws -> String {
        let path = directory + "/public-keys.json"
        let keys: [JSONValue] = [
            .object([
                ("Value", .string(TestKey.first.publicKey.value)),
                ("ValidityStartTime", .string("2026-11-20T00:00:00+00:00")),
                ("ValidityEndTime", .string("2026-11-21T13:00:00+00:00")),
                ("Fingerprint", .string(TestKey.first.fingerprint)),
            ]),
            .object([
                ("Value", .string(TestKey.second.publicKey.value)),
                ("ValidityStartTime", .number("1795258800.0")),
                ("ValidityEndTime", .number("1795345200")),
                ("Fingerprint", .string(TestKey.second.fingerprint)),
            ]),
        ]
        try Data(JSONValue.object([("PublicKeyList", .array(keys))]).serialized).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func directoryWithSidecarsAndAPublicKeyFile() async throws {
        // Given four digests (key rotated at 12:00) downloaded with their sidecars, and the saved key list.
        var fixture = TrailFixture()
        fixture.deliverHourly(4, key: { $0 < 2 ? .first : .second })
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.download(fixture, to: root + "/files")
        let keys = try PublicKeyList(contentsOfFile: try Self.publicKeysFile(in: root))
        #expect(
            keys.keys.map(\.validityStart) == [
                TrailFixture.date("2026-11-20T00:00:00Z"), Date(timeIntervalSince1970: 1_795_258_800),
            ]
        )

        // When validating the directory.
        let source = DirectorySource(root: root + "/files/")
        let valid = try await ValidationHarness.run(
            fixture,
            end: TrailFixture.hours(4),
            source: source,
            keys: keys.keys
        )

        // Then everything is valid.
        #expect(valid.exitStatus == 0)
        #expect(valid.summary.validDigests == 4)
        #expect(valid.summary.validLogFiles == 8)

        // And a modified log, a missing sidecar and a deleted digest behind it (with the index) are found.
        let log = fixture.delivered[3].logKeys[1]
        try Data(Gzip.compress(Array("{}".utf8))).write(to: URL(fileURLWithPath: root + "/files/" + log))
        try FileManager.default.removeItem(atPath: root + "/files/" + fixture.delivered[2].key + ".metadata.json")
        try FileManager.default.removeItem(atPath: root + "/files/" + fixture.delivered[1].key)
        let damaged = try await ValidationHarness.run(
            fixture,
            end: TrailFixture.hours(4),
            source: source,
            keys: keys.keys,
            withIndex: true
        )
        #expect(damaged.problems(for: log) == [.hashMismatch])
        #expect(damaged.problems(for: fixture.delivered[2].key) == [.signatureVerificationFailed])
        #expect(damaged.problems(for: fixture.delivered[1].key) == [.notFound])
        #expect(damaged.exitStatus == 1)
    }

    @Test func directoryDownloadedFromBelowThePrefix() async throws {
        var fixture = TrailFixture()
        fixture.deliverHourly(2)
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.download(fixture, to: root, strip: "audit")
        #expect(FileManager.default.fileExists(atPath: root + "/AWSLogs"))

        let source = DirectorySource(root: root, strippedPrefix: "audit")
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2), source: source)

        #expect(transcript.summary.validDigests == 2)
        #expect(transcript.summary.validLogFiles == 4)
    }

    @Test func directoryRefusesKeysThatLeaveIt() {
        let source = DirectorySource(root: "/data/files")
        #expect(source.path(of: "AWSLogs/a.json.gz") == "/data/files/AWSLogs/a.json.gz")
        #expect(source.path(of: "../etc/passwd") == nil)
        #expect(source.path(of: "/etc/passwd") == nil)
    }

    @Test func sidecarForms() {
        let plain = DigestMetadataSidecar.metadata(
            parsing: Array(#"{"signature":"ab","signature-algorithm":"SHA256withRSA"}"#.utf8)
        )
        #expect(plain == ["signature": "ab", "signature-algorithm": "SHA256withRSA"])
        let headObject = DigestMetadataSidecar.metadata(
            parsing: Array(
                #"{"ContentLength":3,"Metadata":{"Signature":"ab","x-amz-meta-signature-algorithm":"SHA256withRSA"}}"#
                    .utf8
            )
        )
        #expect(headObject == ["signature": "ab", "signature-algorithm": "SHA256withRSA"])
        #expect(DigestMetadataSidecar.metadata(parsing: Array("not json".utf8)).isEmpty)
    }

    @Test func embeddedStoreWithEncryptedFiles() async throws {
        // Given the fixture delivered into a local store, encrypted at rest (a trail with a KmsKeyId).
        var fixture = TrailFixture()
        fixture.deliverHourly(3)
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try LocalDirectoryStore(root: root + "/buckets", masterKey: MasterKey.generate())
        try await store.createBucket(fixture.bucket)
        for (ref, file) in fixture.files {
            try await store.putObject(
                ObjectUpload(body: file.body, metadata: file.metadata, encryption: .kms(keyId: "alias/trail")),
                bucket: ref.bucket,
                key: ref.key
            )
        }
        let source = ObjectStoreSource(store: store)
        #expect(source.defaultConcurrency == 2 * max(1, ProcessInfo.processInfo.activeProcessorCount))

        // When validating through the store, everything is valid.
        let valid = try await ValidationHarness.run(fixture, end: TrailFixture.hours(3), source: source)
        #expect(valid.exitStatus == 0)
        #expect(valid.summary.validDigests == 3)
        #expect(valid.summary.validLogFiles == 6)

        // And a modified encrypted file (it fails authentication) and a deleted one are found.
        let modified = fixture.delivered[2].logKeys[0]
        let path = root + "/buckets/\(fixture.bucket)/" + modified
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 20] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let deleted = fixture.delivered[1].logKeys[0]
        try FileManager.default.removeItem(atPath: root + "/buckets/\(fixture.bucket)/" + deleted)
        let damaged = try await ValidationHarness.run(fixture, end: TrailFixture.hours(3), source: source)
        #expect(damaged.problems(for: modified) == [.invalidFormat])
        #expect(damaged.problems(for: deleted) == [.notFound])
    }
}
