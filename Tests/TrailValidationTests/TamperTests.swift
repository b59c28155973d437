import Foundation
import Testing
import TrailDelivery
import TrailValidation

/// Every way of tampering with delivered files is reported, per file, with the AWS CLI's message.
@Suite struct TamperTests {
    /// Five hourly digests from 10:00 to 15:00 with two log files each.
    static func fiveHours() -> TrailFixture {
        var fixture = TrailFixture()
        fixture.deliverHourly(5)
        return fixture
    }

    static let end = TrailFixture.hours(5)

    @Test func modifiedLogFile() async throws {
        var fixture = Self.fiveHours()
        let log = fixture.delivered[2].logKeys[0]
        fixture.rewrite(.init(bucket: fixture.bucket, key: log), with: #"{"Records":[]}"#)

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: log) == [.hashMismatch])
        #expect(transcript.exitStatus == 1)
        #expect(transcript.summary.validDigests == 5)
        #expect(transcript.summary.validLogFiles == 9)
        #expect(transcript.summary.invalidLogFiles == 1)
    }

    @Test func deletedLogFile() async throws {
        var fixture = Self.fiveHours()
        let log = fixture.delivered[1].logKeys[1]
        fixture.delete(.init(bucket: fixture.bucket, key: log))

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: log) == [.notFound])
        #expect(transcript.exitStatus == 1)
    }

    @Test func logFileThatIsNotGzip() async throws {
        var fixture = Self.fiveHours()
        let log = fixture.delivered[3].logKeys[0]
        fixture.files[.init(bucket: fixture.bucket, key: log)]?.body = Array(#"{"Records":[]}"#.utf8)

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: log) == [.invalidFormat])
    }

    @Test func truncatedLogFileIsAHashMismatchAsForTheAWSCLI() async throws {
        var fixture = Self.fiveHours()
        let log = fixture.delivered[3].logKeys[0]
        let ref = TrailFixture.FileRef(bucket: fixture.bucket, key: log)
        let half = fixture.files[ref]!.body.count / 2
        fixture.files[ref]?.body.removeLast(half)

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: log) == [.hashMismatch])
    }

    @Test func modifiedDigest() async throws {
        // Given the digest ending at 13:00 edited (a log file renamed) without a new signature.
        var fixture = Self.fiveHours()
        let digest = fixture.delivered[2]
        fixture.editDigest(digest) { $0.replacingOccurrences(of: digest.logKeys[0], with: digest.logKeys[0] + ".bak") }

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        // Then it fails verification, its log files are not checked, and the walk goes on with the older ones.
        #expect(transcript.problems(for: digest.key) == [.signatureVerificationFailed])
        #expect(!transcript.events.contains { $0.text.contains(digest.logKeys[0]) })
        #expect(transcript.summary.validDigests == 4)
        #expect(transcript.summary.invalidDigests == 1)
        #expect(transcript.summary.validLogFiles == 8)
        #expect(transcript.exitStatus == 1)
    }

    @Test func deletedDigestInTheMiddle() async throws {
        var fixture = Self.fiveHours()
        let digest = fixture.delivered[2]
        fixture.delete(digest.ref)

        for withIndex in [false, true] {
            let transcript = try await ValidationHarness.run(fixture, end: Self.end, withIndex: withIndex)
            #expect(transcript.problems(for: digest.key) == [.notFound])
            #expect(transcript.summary.validDigests == 4)
            #expect(transcript.summary.invalidDigests == 1)
            #expect(transcript.exitStatus == 1)
        }
    }

    @Test func twoConsecutiveDeletedDigests() async throws {
        // Given the digests ending at 12:00 and 13:00 deleted.
        var fixture = Self.fiveHours()
        fixture.delete(fixture.delivered[1].ref)
        fixture.delete(fixture.delivered[2].ref)
        let keys = fixture.delivered.map(\.key)

        // Without the index only the first is found (as by the AWS CLI): the chain jumps to the next listed.
        let offline = try await ValidationHarness.run(fixture, end: Self.end)
        #expect(
            offline.verdicts.filter { $0.key.contains("Digest") }.map(\.key) == [keys[4], keys[3], keys[2], keys[0]]
        )
        #expect(offline.summary.invalidDigests == 1)

        // With the index both are, in chain order.
        let online = try await ValidationHarness.run(fixture, end: Self.end, withIndex: true)
        #expect(
            online.verdicts.filter { $0.key.contains("Digest") }.map(\.key) == [
                keys[4], keys[3], keys[2], keys[1], keys[0],
            ]
        )
        #expect(online.problems(for: keys[1]) == [.notFound])
        #expect(online.problems(for: keys[2]) == [.notFound])
        #expect(online.summary.invalidDigests == 2)
        #expect(online.summary.validDigests == 3)
    }

    @Test func deletedNewestDigestsAreOnlyCaughtWithTheIndex() async throws {
        // Given the two newest digests deleted (chain-end truncation).
        var fixture = Self.fiveHours()
        fixture.delete(fixture.delivered[4].ref)
        fixture.delete(fixture.delivered[3].ref)
        let keys = fixture.delivered.map(\.key)

        // Without the index the chain looks whole.
        let offline = try await ValidationHarness.run(fixture, end: Self.end)
        #expect(offline.exitStatus == 0)
        #expect(offline.summary.validDigests == 3)
        #expect(offline.standardOutput.contains("Chain-end truncation not checked: no digest index (offline)"))

        // With the index both are reported, newest first, before the rest of the chain.
        let online = try await ValidationHarness.run(fixture, end: Self.end, withIndex: true)
        #expect(online.exitStatus == 1)
        #expect(online.verdicts.prefix(2).map(\.key) == [keys[4], keys[3]])
        #expect(online.problems(for: keys[4]) == [.notFound])
        #expect(online.problems(for: keys[3]) == [.notFound])
        #expect(online.summary.invalidDigests == 2)
        #expect(!online.standardOutput.contains("Chain-end truncation"))
    }

    @Test func deletedHeadAfterTheRangeEndIsCaughtThroughTheHead() async throws {
        // Given five digests, validated up to 14:30; the digest ending at 15:00 (the head) is deleted.
        var fixture = Self.fiveHours()
        fixture.delete(fixture.delivered[4].ref)
        let end = TrailFixture.hours(4.5)

        let online = try await ValidationHarness.run(fixture, end: end, withIndex: true)

        // Then the head (listed by the AWS CLI up to one hour after the end) is reported missing.
        #expect(online.problems(for: fixture.delivered[4].key) == [.notFound])
        #expect(online.summary.validDigests == 4)
    }

    @Test func indexedDigestInABucketThatIsGoneIsMissing() async throws {
        // Given the index naming a digest delivered to a bucket that no longer exists.
        let fixture = Self.fiveHours()
        var index = fixture.index(start: TrailFixture.base, end: Self.end)
        let lost = DigestIndex.Entry(bucket: "old-bucket", key: "lost.json.gz", endTime: TrailFixture.hours(0.5))
        index.digests.insert(lost, at: 0)
        let source = OneBucketSource(base: MemorySource(fixture), bucket: fixture.bucket)

        let transcript = try await ValidationHarness.run(
            fixture,
            end: Self.end,
            source: source,
            index: .available(index)
        )

        // Then it is reported missing, last (it is the oldest), and the run goes on.
        #expect(transcript.verdicts.last?.key == "lost.json.gz")
        #expect(transcript.problems(for: "lost.json.gz") == [.notFound])
        #expect(transcript.summary.validDigests == 5)
    }

    @Test func movedDigest() async throws {
        // Given the digest ending at 13:00 replaced by a copy of the (validly signed) one ending at 12:00.
        var fixture = Self.fiveHours()
        fixture.files[fixture.delivered[2].ref] = fixture.files[fixture.delivered[1].ref]

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: fixture.delivered[2].key) == [.moved])
        #expect(transcript.problems(for: fixture.delivered[1].key).isEmpty)
        #expect(transcript.summary.invalidDigests == 1)
        #expect(transcript.summary.validDigests == 4)
    }

    @Test func digestSignedByAnUnknownKey() async throws {
        var fixture = TrailFixture()
        fixture.deliverHourly(5, key: { $0 == 2 ? .unknown : .first })

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        let problem = ValidationProblem.publicKeyNotFound(region: "us-east-1", fingerprint: TestKey.unknown.fingerprint)
        #expect(transcript.problems(for: fixture.delivered[2].key) == [problem])
        #expect(transcript.summary.validDigests == 4)
    }

    @Test(arguments: [[:], ["signature-algorithm": "SHA256withRSA"], ["signature": "00"]])
    func missingSignatureMetadata(metadata: [String: String]) async throws {
        var fixture = Self.fiveHours()
        fixture.files[fixture.delivered[2].ref]?.metadata = metadata

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: fixture.delivered[2].key) == [.signatureVerificationFailed])
    }

    @Test func signatureOfAnotherDigest() async throws {
        var fixture = Self.fiveHours()
        fixture.files[fixture.delivered[2].ref]?.metadata["signature"] = fixture.delivered[1].signature

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: fixture.delivered[2].key) == [.signatureVerificationFailed])
    }

    @Test func malformedSignatureHexIsReportedAsTheAWSCLIDoes() async throws {
        var fixture = Self.fiveHours()
        fixture.files[fixture.delivered[2].ref]?.metadata["signature"] = "abc"
        fixture.files[fixture.delivered[3].ref]?.metadata["signature"] = "zz"

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: fixture.delivered[3].key) == [.other("Non-hexadecimal digit found")])
        #expect(transcript.problems(for: fixture.delivered[2].key) == [.other("Odd-length string")])
    }

    @Test(arguments: ["not gzip at all", "truncated", "not json"])
    func digestInAnInvalidFormat(damage: String) async throws {
        var fixture = Self.fiveHours()
        let ref = fixture.delivered[2].ref
        switch damage {
        case "truncated": fixture.files[ref]?.body.removeLast(4)
        case "not json": fixture.files[ref]?.body = Gzip.compress(Array("{\"digestS3Bucket\": ".utf8))
        default: fixture.files[ref]?.body = Array(damage.utf8)
        }

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: ref.key) == [.invalidFormat])
        #expect(transcript.summary.validDigests == 4)
    }

    @Test func digestWithoutARequiredField() async throws {
        var fixture = Self.fiveHours()
        let digest = fixture.delivered[2]
        fixture.editDigest(digest) { $0.replacingOccurrences(of: "\"digestStartTime\"", with: "\"digestBeginTime\"") }

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        #expect(transcript.problems(for: digest.key) == [.invalidFormat])
    }

    @Test func validlySignedDigestThatIsNotTheOneTheChainLinksTo() async throws {
        // Given the digest ending at 13:00 replaced by another, validly signed digest for the same place
        // (a re-sealed period): the next digest recorded the hash of the original.
        var fixture = Self.fiveHours()
        let original = fixture.delivered[2]
        let json = TrailFixture.digestJSON(
            start: original.start,
            end: original.end,
            bucket: original.bucket,
            key: original.key,
            fingerprint: TestKey.first.fingerprint,
            previous: fixture.delivered[1],
            logFiles: []
        )
        var resealed = fixture
        resealed.store(
            json: json,
            bucket: original.bucket,
            key: original.key,
            start: original.start,
            end: original.end,
            logKeys: [],
            signer: .first
        )
        fixture.files[original.ref] = resealed.files[original.ref]

        let transcript = try await ValidationHarness.run(fixture, end: Self.end)

        // Then OpenTrail reports the broken link (the AWS CLI does not check it).
        let next = fixture.delivered[3]
        #expect(
            transcript.problems(for: original.key) == [
                .chainMismatch(nextBucket: next.bucket, nextKey: next.key, field: "previousDigestHashValue")
            ]
        )
        #expect(transcript.summary.validDigests == 4)
    }

    @Test func storeOutageStopsTheRun() async throws {
        let fixture = Self.fiveHours()
        var source = MemorySource(fixture)
        source.failingKeys = [fixture.delivered[1].logKeys[0]]

        await #expect(throws: LogValidationError.self) {
            _ = try await ValidationHarness.run(fixture, end: Self.end, source: source)
        }
    }

    @Test func noPublicKeysStopsTheRun() async throws {
        let fixture = Self.fiveHours()
        let error = await #expect(throws: LogValidationError.self) {
            _ = try await ValidationHarness.run(fixture, end: Self.end, keys: [])
        }
        #expect(error?.code == .noPublicKeys)
        #expect(error?.reason == "No public keys found between 2026-11-21T10:00:00Z and 2026-11-21T17:00:00Z")
    }
}

/// A source whose every bucket but one is gone.
struct OneBucketSource: ValidationSource {
    var base: MemorySource
    var bucket: String
    var defaultConcurrency: Int { base.defaultConcurrency }

    func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    ) async throws
        -> KeyPage
    {
        try await base.listKeys(
            bucket: bucket,
            prefix: prefix,
            startAfter: startAfter,
            continuationToken: continuationToken
        )
    }

    func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject> {
        guard bucket == self.bucket else { throw ObjectStoreError.noSuchBucket(bucket) }
        return try await base.digest(bucket: bucket, key: key)
    }

    func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    ) async throws
        -> SourceRead<Void>
    {
        guard bucket == self.bucket else { throw ObjectStoreError.noSuchBucket(bucket) }
        return try await base.read(bucket: bucket, key: key, into: consume)
    }
}
