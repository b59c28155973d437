import Foundation
import Testing
import TrailValidation

/// Valid chains: every digest and log file is reported valid, in the AWS CLI's order.
@Suite struct ChainValidationTests {
    @Test func validChainWithKeyRotationAndEmptyPeriods() async throws {
        // Given six hourly digests, the key rotated after the third, two periods without log files.
        var fixture = TrailFixture()
        fixture.deliverHourly(6, logFiles: { [2, 4].contains($0) ? 0 : 2 }, key: { $0 < 3 ? .first : .second })

        // When validating the six hours.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(6))

        // Then every file is valid, newest digest first, each followed by its log files.
        #expect(transcript.exitStatus == 0)
        #expect(transcript.summary.validDigests == 6)
        #expect(transcript.summary.invalidDigests == 0)
        #expect(transcript.summary.validLogFiles == 8)
        #expect(transcript.summary.invalidLogFiles == 0)
        var expected: [String] = []
        for digest in fixture.delivered.reversed() { expected += [digest.key] + digest.logKeys }
        #expect(transcript.verdicts.map(\.key) == expected)
        #expect(transcript.verdicts.allSatisfy { $0.problem == nil })
        #expect(transcript.standardError.isEmpty)
        #expect(transcript.summary.foundStart == TrailFixture.base)
        #expect(transcript.summary.foundEnd == TrailFixture.hours(6))
    }

    @Test func digestBeforeTheStartIsReachedThroughItsLinkAndEndsTheWalk() async throws {
        // Given four hourly digests from 10:00.
        var fixture = TrailFixture()
        fixture.deliverHourly(4)

        // When validating from 11:30 (inside the second digest) to 14:00.
        let start = TrailFixture.hours(1.5)
        let transcript = try await ValidationHarness.run(fixture, start: start, end: TrailFixture.hours(4))

        // Then the digests ending at 14:00, 13:00 and 12:00 are checked, and the walk stops after the digest
        // that starts before 11:30; the found range starts at the requested start.
        #expect(transcript.summary.validDigests == 3)
        #expect(
            transcript.verdicts.filter { $0.key.contains("CloudTrail-Digest") }.map(\.key)
                == fixture.delivered[1...].reversed().map(\.key)
        )
        #expect(transcript.summary.foundStart == start)
    }

    @Test func digestsAfterTheEndPlusOneHourAreNotListed() async throws {
        // Given six hourly digests from 10:00.
        var fixture = TrailFixture()
        fixture.deliverHourly(6)

        // When validating 10:00 to 12:30: the listing keeps digests ending up to 13:30.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2.5))

        // Then the walk starts at the digest ending at 13:00, and the found range ends at the requested end.
        #expect(transcript.verdicts.first?.key == fixture.delivered[2].key)
        #expect(transcript.summary.validDigests == 3)
        #expect(transcript.summary.foundEnd == TrailFixture.hours(2.5))
    }

    @Test func gapBetweenChainsIsReportedButIsNotAProblem() async throws {
        // Given a chain from 10:00 to 13:00, nothing delivered until 15:00, and a new chain to 17:00.
        var fixture = TrailFixture()
        fixture.deliverHourly(3)
        fixture.endChain()
        fixture.deliverHourly(2, from: TrailFixture.hours(5))

        // When validating 10:00 to 17:00.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(7))

        // Then both chains are valid and the gap is reported between them, on standard error.
        #expect(transcript.exitStatus == 0)
        #expect(transcript.summary.validDigests == 5)
        let gap = ValidationEvent.gap(from: TrailFixture.hours(3), to: TrailFixture.hours(5))
        #expect(transcript.events.contains(gap))
        #expect(
            transcript.standardError
                == "\nNo log files were delivered by CloudTrail between 2026-11-21T13:00:00Z and 2026-11-21T15:00:00Z\n\n"
        )
        let gapIndex = transcript.events.firstIndex(of: gap)!
        let before = transcript.events[..<gapIndex].compactMap { event -> String? in
            if case .file(.digest, _, let key, _) = event { return key }
            return nil
        }
        #expect(before == [fixture.delivered[4].key, fixture.delivered[3].key])
    }

    @Test func noDigestsInRange() async throws {
        // Given digests only on the previous day.
        var fixture = TrailFixture()
        fixture.deliverHourly(2, from: TrailFixture.hours(-30))

        // When validating today.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(4))

        // Then nothing is found, which is not a problem.
        #expect(transcript.events.isEmpty)
        #expect(transcript.exitStatus == 0)
        #expect(
            transcript.standardOutput.contains(
                "Results requested for 2026-11-21T10:00:00Z to 2026-11-21T14:00:00Z\nNo digests found\n"
            )
        )
    }

    @Test func backfillDigestsAndOtherTrailsAreIgnored() async throws {
        // Given a valid chain, a backfill digest, and another trail's digests in the same folders.
        var fixture = TrailFixture()
        fixture.deliverHourly(2)
        let backfillKey = fixture.layout.key(endingAt: TrailFixture.hours(1)).replacingOccurrences(
            of: ".json.gz",
            with: "_backfill.json.gz"
        )
        fixture.files[.init(bucket: fixture.bucket, key: backfillKey)] = StoredFile(body: Array("junk".utf8))
        var other = fixture
        other.trailName = "other-trail"
        other.endChain()
        other.deliverHourly(2)
        fixture.files.merge(other.files) { $1 }

        // When validating.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2))

        // Then only the trail's own standard digests are checked.
        #expect(transcript.exitStatus == 0)
        #expect(transcript.summary.validDigests == 2)
        #expect(!transcript.events.contains { $0.text.contains("backfill") || $0.text.contains("other-trail") })
    }

    @Test func digestsWithoutPrefixAndInAnotherRegion() async throws {
        // Given a trail without key prefix, delivering digests for us-west-2 from its home region us-east-1.
        var fixture = TrailFixture()
        fixture.prefix = nil
        fixture.region = "us-west-2"
        fixture.deliverHourly(2)

        // When validating that region.
        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2))

        // Then its digests are found under AWSLogs/<account>/CloudTrail-Digest/us-west-2.
        #expect(transcript.summary.validDigests == 2)
        #expect(transcript.verdicts.first?.key.hasPrefix("AWSLogs/123456789012/CloudTrail-Digest/us-west-2/") == true)
    }
}
