import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// Digest chains written by the delivery engine for a trail with log file validation.
@Suite struct DigestChainTests {
    @Test func eachDigestListsTheFilesDeliveredSinceThePreviousOne() async throws {
        // Given a validating trail
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())

        // When a file is delivered and a digest sealed
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z"), ("a-1", "2026-11-20T10:00:30Z")])
        let first = try await engine.deliver(force: true, sealsDigests: true)
        let firstFiles = try #require(first.delivered[trail.arn])
        #expect(firstFiles.count == 1)
        #expect(first.digests[trail.arn]?.count == 1)

        // And two more files are delivered, the second one with the next digest
        fixture.clock.advance(by: 120)
        try await fixture.append([("b-0", "2026-11-20T10:05:00Z")])
        let second = try await engine.deliver(force: true)
        #expect(second.digests.isEmpty)
        fixture.clock.advance(by: 60)
        try await fixture.append([("c-0", "2026-11-20T10:07:00Z"), ("c-1", "2026-11-20T10:06:00Z")])
        let third = try await engine.deliver(force: true, sealsDigests: true)
        let laterFiles = (second.delivered[trail.arn] ?? []) + (third.delivered[trail.arn] ?? [])
        #expect(laterFiles.count == 2)

        // Then there are two digests, each listing exactly its files, with their hashes and event times
        let digests = try await fixture.digests()
        try #require(digests.count == 2)
        #expect(digests.map(\.key) == (first.digests[trail.arn] ?? []) + (third.digests[trail.arn] ?? []))
        #expect(digests[0].logFileKeys == firstFiles)
        #expect(digests[1].logFileKeys == laterFiles)
        for digest in digests {
            for file in digest.logFiles {
                let key = try #require(file["s3Object"]?.stringValue)
                #expect(file["s3Bucket"]?.stringValue == DeliveryFixture.bucket)
                #expect(file["hashValue"]?.stringValue == (try await fixture.uncompressedSHA256(key)))
                #expect(file["hashAlgorithm"]?.stringValue == "SHA-256")
            }
        }
        #expect(digests[0].logFiles.first?["oldestEventTime"]?.stringValue == "2026-11-20T10:00:30Z")
        #expect(digests[0].logFiles.first?["newestEventTime"]?.stringValue == "2026-11-20T10:01:00Z")
        #expect(digests[0].string("oldestEventTime") == "2026-11-20T10:00:30Z")
        #expect(digests[0].string("newestEventTime") == "2026-11-20T10:01:00Z")
        #expect(digests[1].string("oldestEventTime") == "2026-11-20T10:05:00Z")
        #expect(digests[1].string("newestEventTime") == "2026-11-20T10:07:00Z")

        // And they form a chain: the first opened when the first file was delivered, the second linked to it
        try await fixture.expectChain(digests)
        #expect(digests[0].startTime == "2026-11-20T10:15:30Z")
        // A forced digest ends at least a second after it starts (keys hold the second).
        #expect(digests[0].endTime == "2026-11-20T10:15:31Z")
        #expect(digests[1].endTime == "2026-11-20T10:18:30Z")
        #expect(
            digests[1].key
                == "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/"
                + "123456789012_CloudTrail-Digest_us-east-1_main_us-east-1_20261120T101830Z.json.gz"
        )
        #expect(digests[1].object.contentEncoding == "gzip")
        // Nothing is left waiting for the next digest, and one chain is open, in the home region only.
        let chains = try await fixture.openChains()
        #expect(Array(chains.keys) == [DigestChain.id(arn: trail.arn, region: "us-east-1")])
        let pending = try await fixture.store.read { tx in try tx.documents(kind: DigestChain.entryKind) }
        #expect(pending.isEmpty)
    }

    @Test func digestKeysCarryTheTrailsPrefix() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail("audited", prefix: "audit/logs")
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])

        let report = try await engine.deliver(force: true, sealsDigests: true)

        let key = try #require(report.digests[trail.arn]?.first)
        let end = try #require(EventTime.parseMilliseconds("2026-11-20T10:15:31Z"))
        #expect(
            key
                == DigestFileKey(
                    prefix: "audit/logs",
                    accountID: DeliveryFixture.accountID,
                    region: "us-east-1",
                    trailName: "audited",
                    homeRegion: "us-east-1",
                    endTime: end
                ).objectKey
        )
        #expect(key.hasPrefix("audit/logs/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/20/"))
        let digest = try await fixture.digest(key)
        #expect(digest.string("digestS3Object") == key)
        #expect(digest.logFileKeys.allSatisfy { $0.hasPrefix("audit/logs/AWSLogs/123456789012/CloudTrail/") })
        try await fixture.expectChain([digest])
    }

    @Test func periodsWithoutEventsGiveEmptyDigestsOnTheirOwn() async throws {
        // Given a validating trail without events
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())

        // When passes run as time goes by
        #expect(try await engine.deliver().digests.isEmpty)
        fixture.clock.advance(by: DigestFixture.period - 1)
        #expect(try await engine.deliver().digests.isEmpty)
        fixture.clock.advance(by: 1)
        let first = try await engine.deliver()
        #expect(first.digests[trail.arn]?.count == 1)
        #expect(try await engine.deliver().digests.isEmpty)
        fixture.clock.advance(by: DigestFixture.period)
        let second = try await engine.deliver()
        #expect(second.digests[trail.arn]?.count == 1)

        // Then each period has its digest: no log files, no event times
        let digests = try await fixture.digests()
        try #require(digests.count == 2)
        for digest in digests {
            #expect(digest["logFiles"] == .array([]))
            #expect(digest["oldestEventTime"]?.isNull == true)
            #expect(digest["newestEventTime"]?.isNull == true)
        }
        #expect(digests[0].startTime == "2026-11-20T10:15:30Z")
        #expect(digests[0].endTime == "2026-11-20T10:25:30Z")
        #expect(digests[1].endTime == "2026-11-20T10:35:30Z")
        try await fixture.expectChain(digests)
    }

    @Test func filesDeliveredOnTheirOwnAreSealedWhenThePeriodEnds() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])

        let delivered = try await engine.deliver(force: true)
        #expect(delivered.digests.isEmpty)
        fixture.clock.advance(by: 300)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])
        let more = try await engine.deliver(force: true)
        #expect(more.digests.isEmpty)
        fixture.clock.advance(by: 300)
        let sealed = try await engine.deliver()

        let key = try #require(sealed.digests[trail.arn]?.first)
        let digest = try await fixture.digest(key)
        #expect(digest.logFileKeys == (delivered.delivered[trail.arn] ?? []) + (more.delivered[trail.arn] ?? []))
        #expect(digest.startTime == "2026-11-20T10:15:30Z")
        #expect(digest.endTime == "2026-11-20T10:25:30Z")
        try await fixture.expectChain([digest])
    }

    @Test func aKeyRotationInTheMiddleOfAChainKeepsEveryDigestVerifiable() async throws {
        // Given keys that rotate every 15 minutes and digests every 10
        let fixture = try await DigestFixture(rotation: 900)
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await engine.deliver()

        // When four periods pass, each with a file
        var files: [[String]] = []
        for index in 0..<4 {
            try await fixture.append([("e-\(index)", "2026-11-20T10:0\(index):00Z")])
            fixture.clock.advance(by: DigestFixture.period)
            let report = try await engine.deliver(force: true)
            files.append(report.delivered[trail.arn] ?? [])
            #expect(report.digests[trail.arn]?.count == 1)
        }

        // Then the chain changed keys in the middle, and every digest verifies with its own key
        let digests = try await fixture.digests()
        try #require(digests.count == 4)
        let fingerprints = digests.compactMap(\.fingerprint)
        #expect(fingerprints.count == 4)
        #expect(Set(fingerprints).count == 2)
        #expect(fingerprints[0] == fingerprints[1])
        #expect(fingerprints[1] != fingerprints[2])
        #expect(digests.map(\.logFileKeys) == files)
        try await fixture.expectChain(digests)
        let listed = try await fixture.keys.publicKeys(
            region: "us-east-1",
            start: fixture.clock.now.addingTimeInterval(-3 * DigestFixture.period),
            end: fixture.clock.now
        )
        #expect(Set(listed.map(\.fingerprint)) == Set(fingerprints))
    }

    @Test func theIndexListsEveryDigestAndTheHead() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await engine.deliver()
        for _ in 0..<3 {
            fixture.clock.advance(by: DigestFixture.period)
            try await engine.deliver()
        }
        let digests = try await fixture.digests()
        try #require(digests.count == 3)

        let all = try await fixture.store.read { tx in
            try DigestChain.index(arn: trail.arn, region: "us-east-1", start: .min, end: .max, in: tx)
        }
        #expect(all.digests.map(\.key) == digests.map(\.key))
        #expect(all.digests.allSatisfy { $0.bucket == DeliveryFixture.bucket && $0.region == "us-east-1" })
        #expect(all.head?.key == digests.last?.key)
        #expect(all.digests.map { EventTime.format(milliseconds: $0.startTime) } == digests.map(\.startTime))
        #expect(all.digests.map { EventTime.format(milliseconds: $0.endTime) } == digests.map(\.endTime))

        // A range selects by end time, and the head is the newest digest of all.
        let middle = try #require(all.digests.dropFirst().first)
        let some = try await fixture.store.read { tx in
            try DigestChain.index(
                arn: trail.arn,
                region: "us-east-1",
                start: middle.endTime,
                end: middle.endTime,
                in: tx
            )
        }
        #expect(some.digests == [middle])
        #expect(some.head == all.head)
        let none = try await fixture.store.read { tx in
            try DigestChain.index(arn: trail.arn, region: "us-west-2", start: .min, end: .max, in: tx)
        }
        #expect(none.digests.isEmpty && none.head == nil)
        // Another trail whose ARN starts like this one's does not show.
        let other = try await fixture.store.read { tx in
            try DigestChain.index(
                arn: String(trail.arn.dropLast()),
                region: "us-east-1",
                start: .min,
                end: .max,
                in: tx
            )
        }
        #expect(other.digests.isEmpty && other.head == nil)
    }

    @Test func aTrailWithoutValidationHasNoDigests() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail(validatesLogFiles: false)
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])

        let report = try await engine.deliver(force: true, sealsDigests: true)
        fixture.clock.advance(by: DigestFixture.period)
        let later = try await engine.deliver(force: true, sealsDigests: true)

        #expect(report.delivered[trail.arn]?.count == 1)
        #expect(report.digests.isEmpty && later.digests.isEmpty)
        #expect(try await fixture.digestKeys().isEmpty)
        #expect(try await fixture.openChains().isEmpty)
    }

    @Test func aRestartedServerContinuesTheChain() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        try await engine.deliver(force: true, sealsDigests: true)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])
        let beforeRestart = try await engine.deliver(force: true)

        // A new key store, keeper and engine on the same directory and database
        let keys = SigningKeyStore(
            directory: fixture.keyDirectory,
            rotationInterval: DigestFixture.rotation,
            now: fixture.clock.read
        )
        let restarted = fixture.makeEngine(keeper: fixture.makeKeeper(keys: keys))
        // (The forced digest ended a second after the clock.)
        fixture.clock.advance(by: DigestFixture.period + 1)
        let report = try await restarted.deliver()

        let key = try #require(report.digests[trail.arn]?.first)
        #expect(try await fixture.digest(key).logFileKeys == beforeRestart.delivered[trail.arn])
        let digests = try await fixture.digests()
        #expect(digests.count == 2)
        #expect(Set(digests.compactMap(\.fingerprint)).count == 1)
        try await fixture.expectChain(digests)
    }
}
