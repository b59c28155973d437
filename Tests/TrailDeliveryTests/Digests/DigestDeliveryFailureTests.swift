import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// GetTrailStatus's digest fields, and digests the object store or the key store refuses: reported, retried,
/// and the chain goes on without a gap or a duplicate.
@Suite struct DigestDeliveryFailureTests {
    @Test func aDeliveredDigestSetsTheLatestDigestDeliveryTime() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await engine.deliver()
        #expect(try await fixture.delivery.status(trail.arn).latestDigestDeliveryTime == nil)

        fixture.clock.advance(by: DigestFixture.period)
        try await engine.deliver()

        let status = try await fixture.delivery.status(trail.arn)
        #expect(status.latestDigestDeliveryTime == fixture.clock.now)
        #expect(status.latestDigestDeliveryError == nil)
    }

    @Test func aRefusedDigestIsReportedAndRetriedWithoutAGap() async throws {
        // Given a validating trail whose digests go through a store that fails
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(objects: flaky))
        try await engine.deliver()
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        let a = try await engine.deliver(force: true)

        // When the digest of the period is refused
        fixture.clock.advance(by: DigestFixture.period)
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))
        let failed = try await engine.deliver()

        // Then nothing is written, the status says why, and the log files go on
        #expect(failed.digests.isEmpty)
        #expect(try await fixture.digestKeys().isEmpty)
        var status = try await fixture.delivery.status(trail.arn)
        #expect(status.latestDigestDeliveryError == "ServiceUnavailable")
        #expect(status.latestDigestDeliveryTime == nil)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])
        let b = try await engine.deliver(force: true)
        #expect(b.delivered[trail.arn]?.count == 1)
        #expect(flaky.attempts.count == 1)

        // And it is retried after the backoff (30 s), not before
        fixture.clock.advance(by: 29)
        #expect(try await engine.deliver().digests.isEmpty)
        #expect(flaky.attempts.count == 1)
        fixture.clock.advance(by: 1)
        let retried = try await engine.deliver()
        let key = try #require(retried.digests[trail.arn]?.first)

        // Then the digest lists every file since the chain opened, and the status is clear again
        let digest = try await fixture.digest(key)
        #expect(digest.logFileKeys == (a.delivered[trail.arn] ?? []) + (b.delivered[trail.arn] ?? []))
        #expect(digest.startTime == "2026-11-20T10:15:30Z")
        status = try await fixture.delivery.status(trail.arn)
        #expect(status.latestDigestDeliveryError == nil)
        #expect(status.latestDigestDeliveryTime == fixture.clock.now)

        // And the chain goes on from it
        fixture.clock.advance(by: DigestFixture.period)
        try await engine.deliver()
        let digests = try await fixture.digests()
        #expect(digests.count == 2)
        #expect(Set(digests.map(\.key)).count == digests.count)
        try await fixture.expectChain(digests)
    }

    @Test func aForcedSealRetriesAFailedDigestAtOnce() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(objects: flaky))
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        flaky.failNextPuts(2, with: .noSuchBucket(DeliveryFixture.bucket))

        let failed = try await engine.deliver(force: true, sealsDigests: true)
        #expect(failed.digests.isEmpty)
        #expect(try await fixture.delivery.status(trail.arn).latestDigestDeliveryError == "NoSuchBucket")
        #expect(try await engine.deliver(force: true, sealsDigests: true).digests.isEmpty)
        let sealed = try await engine.deliver(force: true, sealsDigests: true)

        let key = try #require(sealed.digests[trail.arn]?.first)
        #expect(try await fixture.digest(key).logFileKeys == failed.delivered[trail.arn])
        #expect(flaky.attempts.map(\.succeeded) == [false, false, true])
        try await fixture.expectChain(try await fixture.digests())
    }

    @Test func aSigningKeyThatCannotBeUnsealedIsReported() async throws {
        // Given a sealed signing key, and a keeper whose key store lacks the master key
        let fixture = try await DigestFixture(masterKey: [UInt8](repeating: 1, count: 32))
        defer { fixture.remove() }
        _ = try await fixture.keys.signingKeyFingerprint(region: "us-east-1", at: fixture.clock.now)
        let keys = SigningKeyStore(
            directory: fixture.keyDirectory,
            rotationInterval: DigestFixture.rotation,
            now: fixture.clock.read
        )
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(keys: keys))
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])

        // When a digest is due
        let report = try await engine.deliver(force: true, sealsDigests: true)

        // Then the log file is delivered, no digest is, and the status says why
        #expect(report.delivered[trail.arn]?.count == 1)
        #expect(report.digests.isEmpty)
        #expect(try await fixture.digestKeys().isEmpty)
        #expect(try await fixture.delivery.status(trail.arn).latestDigestDeliveryError == "SigningKeyUnavailable")
    }

    @Test func aFinalDigestThatFailsStillEndsTheChain() async throws {
        // Given a validating trail with a digest
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        var trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(objects: flaky))
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        try await engine.deliver(force: true, sealsDigests: true)

        // When the trail stops logging, an event is left out, it logs again, and the final digest is refused
        fixture.clock.advance(by: 60)
        trail.isLogging = false
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("stopped-0", "2026-11-20T10:02:00Z")])
        trail.isLogging = true
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("c-0", "2026-11-20T10:03:00Z")])
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))
        let refused = try await engine.deliver(force: true)
        #expect(refused.digests.isEmpty)

        // And the store is back
        fixture.clock.advance(by: 60)
        let retried = try await engine.deliver(force: true, sealsDigests: true)
        fixture.clock.advance(by: DigestFixture.period)
        try await engine.deliver(force: true, sealsDigests: true)

        // Then the chain of the first run ended with a final digest and a new one started after it
        #expect(retried.digests[trail.arn]?.isEmpty == false)
        let digests = try await fixture.digests()
        #expect(digests.filter(\.hasNoPrevious).count == 2, "the chain went on across StopLogging")
        #expect(Set(digests.map(\.key)).count == digests.count)
        try #require(digests.count == 3)
        try await fixture.expectChain(Array(digests[0...1]))
        try await fixture.expectChain([digests[2]])
        // The final digest lists nothing of the new run; the new chain does.
        #expect(digests[1].logFileKeys.isEmpty)
        #expect(digests[2].logFileKeys == refused.delivered[trail.arn])
    }

    @Test func aTrailDeletedAndCreatedAgainWhileItsFinalDigestFailsGetsANewChain() async throws {
        // Given a validating trail with a digest
        let fixture = try await DigestFixture(buckets: [DeliveryFixture.bucket, "new-bucket"])
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(objects: flaky))
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        let first = try await engine.deliver(force: true, sealsDigests: true)

        // When it is deleted and its final digest refused
        fixture.clock.advance(by: 60)
        try await fixture.delivery.recordPlan(nil, arn: trail.arn)
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))
        #expect(try await engine.deliver(force: true).digests.isEmpty)
        #expect(try await fixture.delivery.plan(trail.arn) == nil)

        // And created again, under the same name, into another bucket
        var created = trail
        created.bucket = "new-bucket"
        try await fixture.delivery.recordPlan(created)
        try await fixture.append([("n-0", "2026-11-20T10:05:00Z")])
        fixture.clock.advance(by: 60)
        let report = try await engine.deliver(force: true, sealsDigests: true)
        // (A chain opened in a pass is sealed in a later one.)
        let next = try await engine.deliver(force: true, sealsDigests: true)

        // Then the old chain ends in the old bucket, and the new trail's chain starts afresh in its own
        #expect(report.digests[trail.arn]?.count == 1)
        #expect(next.digests[trail.arn]?.count == 1)
        let old = try await fixture.digests()
        try #require(old.count == 2)
        #expect(old.first?.key == first.digests[trail.arn]?.first)
        try await fixture.expectChain(old)
        let new = try await fixture.digests(in: "new-bucket")
        try #require(new.count == 1)
        #expect(new[0].hasNoPrevious)
        try await fixture.expectChain(new, bucket: "new-bucket")
        #expect(old[1].logFiles.isEmpty)
        #expect(new[0].logFileKeys == report.delivered[trail.arn])
    }

    @Test func aFileWhoseDigestEntryCannotBeRecordedIsStoredAgainAndListedOnce() async throws {
        // Given a validating trail whose engine's next control write fails (the digest entry of its first file)
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let failing = FailingControlStore(fixture.store)
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.delivery.makeEngine(
            control: failing,
            digests: fixture.makeKeeper(),
            now: fixture.clock.read
        )
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        failing.failNextWrites(1)

        // When passes run
        let failed = try await engine.deliver(force: true, sealsDigests: true)
        #expect(failed.failures[trail.arn] == "InternalError")
        #expect(try await fixture.delivery.cursor(trail.arn) == 0)
        let retried = try await engine.deliver(force: true, sealsDigests: true)

        // Then the file is stored again under its key, and its digest lists it once
        let files = try #require(retried.delivered[trail.arn])
        #expect(files.count == 1)
        let digests = try await fixture.digests()
        try #require(digests.count == 1)
        #expect(digests[0].logFileKeys == files)
        #expect(
            try await fixture.objects.allKeys(bucket: DeliveryFixture.bucket).filter { $0.contains("/CloudTrail/") }
                == files
        )
        try await fixture.expectChain(digests)
    }
}
