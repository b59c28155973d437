import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// A chain ends with a final digest when its trail stops logging, stops validating, or is deleted; a new chain
/// starts when it logs and validates again. A multi-region trail keeps a chain per region.
@Suite struct DigestChainEndTests {
    @Test func stopLoggingEndsTheChainAndStartLoggingStartsANewOne() async throws {
        // Given a validating trail with a digest
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        var trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        let first = try await engine.deliver(force: true, sealsDigests: true)
        #expect(first.digests[trail.arn]?.count == 1)

        // When events arrive and the trail stops logging
        fixture.clock.advance(by: 60)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])
        trail.isLogging = false
        try await fixture.delivery.recordPlan(trail)

        // Then no final digest while the events before the stop are not delivered (their file is still open)
        let waiting = try await engine.deliver()
        #expect(waiting.delivered.isEmpty)
        #expect(waiting.digests.isEmpty)

        // And the final digest once they are, listing their file
        fixture.clock.advance(by: 60)
        let stopped = try await engine.deliver(force: true)
        let stoppedFiles = try #require(stopped.delivered[trail.arn])
        let finalKey = try #require(stopped.digests[trail.arn]?.first)
        #expect(stopped.digests[trail.arn]?.count == 1)
        #expect(try await fixture.digest(finalKey).logFileKeys == stoppedFiles)
        #expect(try await fixture.openChains().isEmpty)

        // And no digest after it, however long the trail stays stopped
        fixture.clock.advance(by: 3 * DigestFixture.period)
        #expect(try await engine.deliver().digests.isEmpty)
        #expect(try await engine.deliver(force: true, sealsDigests: true).digests.isEmpty)
        let chain = try await fixture.digests()
        #expect(chain.map(\.key) == (first.digests[trail.arn] ?? []) + [finalKey])
        try await fixture.expectChain(chain)

        // When it logs again (at once: the same second as the final digest)
        trail.isLogging = true
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("c-0", "2026-11-20T10:03:00Z")])
        let restarted = try await engine.deliver(force: true, sealsDigests: true)

        // Then a new chain starts, after the final digest, under another key
        let newKey = try #require(restarted.digests[trail.arn]?.first)
        let newDigest = try await fixture.digest(newKey)
        #expect(newDigest.hasNoPrevious)
        #expect(newDigest.logFileKeys == restarted.delivered[trail.arn])
        let finalDigest = try await fixture.digest(finalKey)
        #expect(try #require(newDigest.startTime) >= (try #require(finalDigest.endTime)))
        let keys = try await fixture.digestKeys()
        #expect(keys.count == 3)
        #expect(Set(keys).count == keys.count)
        try await fixture.expectChain([newDigest])
        // Every delivered log file is listed by exactly one digest.
        let listed = try await fixture.digests().flatMap(\.logFileKeys)
        let logFiles = try await fixture.objects.allKeys(bucket: DeliveryFixture.bucket).filter {
            $0.contains("/CloudTrail/")
        }
        #expect(listed.sorted() == logFiles.sorted())
    }

    @Test func turningValidationOffEndsTheChainAndOnStartsANewOne() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        var trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        let first = try await engine.deliver(force: true, sealsDigests: true)
        let firstKey = try #require(first.digests[trail.arn]?.first)

        // When validation is turned off, with events before and after the change
        fixture.clock.advance(by: 60)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])
        trail.validatesLogFiles = false
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("u-0", "2026-11-20T10:02:30Z")])
        let off = try await engine.deliver(force: true)

        // Then the final digest lists the file of the events before the change only
        let offFiles = try #require(off.delivered[trail.arn])
        try #require(offFiles.count == 2)
        let finalKey = try #require(off.digests[trail.arn]?.first)
        let finalDigest = try await fixture.digest(finalKey)
        #expect(finalDigest.logFileKeys == [offFiles[0]])
        #expect(try await fixture.openChains().isEmpty)
        fixture.clock.advance(by: 2 * DigestFixture.period)
        try await fixture.append([("u-1", "2026-11-20T10:03:00Z")])
        let unvalidated = try await engine.deliver(force: true, sealsDigests: true)
        #expect(unvalidated.digests.isEmpty)
        try await fixture.expectChain([try await fixture.digest(firstKey), finalDigest])

        // When it is turned on again
        trail.validatesLogFiles = true
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("c-0", "2026-11-20T10:04:00Z")])
        let on = try await engine.deliver(force: true, sealsDigests: true)

        // Then a new chain lists the files from then on
        let newDigest = try await fixture.digest(try #require(on.digests[trail.arn]?.first))
        #expect(newDigest.hasNoPrevious)
        #expect(newDigest.logFileKeys == on.delivered[trail.arn])
        #expect(try #require(newDigest.startTime) >= (try #require(finalDigest.endTime)))
        try await fixture.expectChain([newDigest])
        // The files of the unvalidated time are in no digest.
        let listed = Set(try await fixture.digests().flatMap(\.logFileKeys))
        #expect(listed.isDisjoint(with: [offFiles[1]] + (unvalidated.delivered[trail.arn] ?? [])))
    }

    @Test func deletingTheTrailEndsTheChain() async throws {
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        try await engine.deliver(force: true, sealsDigests: true)
        fixture.clock.advance(by: 60)
        try await fixture.append([("b-0", "2026-11-20T10:02:00Z")])

        // When the trail is deleted
        try await fixture.delivery.recordPlan(nil, arn: trail.arn)
        let deleted = try await engine.deliver(force: true)

        // Then its last file is delivered and listed by a final digest, and the trail is forgotten
        let lastFiles = try #require(deleted.delivered[trail.arn])
        let finalKey = try #require(deleted.digests[trail.arn]?.first)
        #expect(try await fixture.digest(finalKey).logFileKeys == lastFiles)
        #expect(try await fixture.delivery.plan(trail.arn) == nil)
        #expect(try await fixture.openChains().isEmpty)
        fixture.clock.advance(by: 3 * DigestFixture.period)
        #expect(try await engine.deliver().digests.isEmpty)
        #expect(try await engine.deliver(force: true, sealsDigests: true).digests.isEmpty)
        let digests = try await fixture.digests()
        #expect(digests.count == 2)
        try await fixture.expectChain(digests)
    }

    @Test func aMultiRegionTrailKeepsAChainPerRegion() async throws {
        // Given a multi-region trail in a deployment of three regions
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        let regions = ["us-east-1", "us-west-2", "eu-west-1"]
        let trail = DigestFixture.trail(isMultiRegion: true)
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper(regions: regions))

        // When events arrive in two of them
        #expect(try await engine.deliver().digests.isEmpty)
        #expect(
            Set(try await fixture.openChains().keys) == Set(regions.map { DigestChain.id(arn: trail.arn, region: $0) })
        )
        try await fixture.append([("east-0", "2026-11-20T10:01:00Z")], region: "us-east-1")
        try await fixture.append([("west-0", "2026-11-20T10:02:00Z")], region: "us-west-2")
        let first = try await engine.deliver(force: true, sealsDigests: true)
        // (A forced digest ends a second after its start when the clock has not moved.)
        fixture.clock.advance(by: DigestFixture.period + 1)
        let second = try await engine.deliver()

        // Then each region has its chain, signed with its region's keys, the third one with empty digests
        #expect(first.digests[trail.arn]?.count == 3)
        #expect(second.digests[trail.arn]?.count == 3)
        let files = try #require(first.delivered[trail.arn])
        for region in regions {
            let digests = try await fixture.digests(region: region)
            try #require(digests.count == 2, "\(region)")
            #expect(digests.allSatisfy { $0.key.contains("_CloudTrail-Digest_\(region)_main_us-east-1_") })
            try await fixture.expectChain(digests, region: region)
            let expected = files.filter { $0.contains("/CloudTrail/\(region)/") }
            #expect(digests[0].logFileKeys == expected, "\(region)")
            #expect(digests[1].logFileKeys.isEmpty)
            #expect(expected.count == (region == "eu-west-1" ? 0 : 1))
        }
        let fingerprints = try await regions.asyncMap { region in
            try await fixture.digests(region: region).first?.fingerprint
        }
        #expect(Set(fingerprints).count == 3)

        // When the trail becomes single-region
        var single = trail
        single.isMultiRegion = false
        try await fixture.delivery.recordPlan(single)
        fixture.clock.advance(by: 60)
        let narrowed = try await engine.deliver()

        // Then the other regions' chains end with a final digest and the home region's goes on
        #expect(narrowed.digests[trail.arn]?.count == 2)
        #expect(Array(try await fixture.openChains().keys) == [DigestChain.id(arn: trail.arn, region: "us-east-1")])
        fixture.clock.advance(by: 3 * DigestFixture.period)
        #expect(try await engine.deliver().digests[trail.arn]?.count == 1)
        for region in regions {
            try await fixture.expectChain(try await fixture.digests(region: region), region: region)
        }
    }

    @Test func aFinalDigestListsNoFileOfEventsAfterTheStop() async throws {
        // Given a validating trail with a digest
        let fixture = try await DigestFixture()
        defer { fixture.remove() }
        var trail = DigestFixture.trail()
        try await fixture.delivery.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(keeper: fixture.makeKeeper())
        try await fixture.append([("a-0", "2026-11-20T10:01:00Z")])
        try await engine.deliver(force: true, sealsDigests: true)

        // When it stops and starts logging again, with events of the new run, before the next pass
        fixture.clock.advance(by: 60)
        trail.isLogging = false
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("stopped-0", "2026-11-20T10:02:00Z")])
        trail.isLogging = true
        try await fixture.delivery.recordPlan(trail)
        try await fixture.append([("c-0", "2026-11-20T10:03:00Z")])
        let report = try await engine.deliver(force: true, sealsDigests: true)
        // (A chain opened in a pass is sealed in a later one.)
        try await engine.deliver(force: true, sealsDigests: true)

        // Then the final digest covers events up to the StopLogging only, and the new run's file is in the
        // new chain (CloudTrail: "log files that cover events up to and including the StopLogging event")
        let newRun = try #require(report.delivered[trail.arn])
        let digests = try await fixture.digests()
        try #require(digests.count == 3)
        #expect(digests[1].logFileKeys.isEmpty)
        #expect(digests[2].logFileKeys == newRun)
        #expect(digests[2].hasNoPrevious)
        try await fixture.expectChain(Array(digests[0...1]))
        try await fixture.expectChain([digests[2]])
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self {
            results.append(try await transform(element))
        }
        return results
    }
}
