import Foundation
import Testing
import TrailValidation

/// The exact text and streams of `aws cloudtrail validate-logs`.
@Suite struct OutputTextTests {
    static let digestFolder =
        "s3://trail-bucket/audit/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/21/"
        + "123456789012_CloudTrail-Digest_us-east-1_main-trail_us-east-1_"
    static let logFolder =
        "s3://trail-bucket/audit/AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/21/"
        + "123456789012_CloudTrail_us-east-1_"

    @Test func verboseValidRun() async throws {
        var fixture = TrailFixture()
        fixture.deliverHourly(2, logFiles: { _ in 1 })

        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2), withIndex: true)

        #expect(
            transcript.standardOutput == """
                Validating log files for trail arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail \
                between 2026-11-21T10:00:00Z and 2026-11-21T12:00:00Z

                Digest file\t\(Self.digestFolder)20261121T120000Z.json.gz\tvalid
                Log file\t\(Self.logFolder)20261121T1101Z_LOGFILE000000002.json.gz\tvalid
                Digest file\t\(Self.digestFolder)20261121T110000Z.json.gz\tvalid
                Log file\t\(Self.logFolder)20261121T1001Z_LOGFILE000000001.json.gz\tvalid

                Results requested for 2026-11-21T10:00:00Z to 2026-11-21T12:00:00Z
                Results found for 2026-11-21T10:00:00Z to 2026-11-21T12:00:00Z:

                2/2 digest files valid
                2/2 log files valid

                """
        )
        #expect(transcript.standardError.isEmpty)
        #expect(transcript.exitStatus == 0)
    }

    /// Three digests: a modified log file in the newest, the middle digest deleted.
    static func damaged() -> TrailFixture {
        var fixture = TrailFixture()
        fixture.deliverHourly(3)
        fixture.rewrite(.init(bucket: fixture.bucket, key: fixture.delivered[2].logKeys[0]), with: "{}")
        fixture.delete(fixture.delivered[1].ref)
        return fixture
    }

    @Test func quietRunWithProblems() async throws {
        let transcript = try await ValidationHarness.run(Self.damaged(), end: TrailFixture.hours(3), verbose: false)

        #expect(
            transcript.standardOutput == """
                Validating log files for trail arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail \
                between 2026-11-21T10:00:00Z and 2026-11-21T13:00:00Z

                Results requested for 2026-11-21T10:00:00Z to 2026-11-21T13:00:00Z
                Results found for 2026-11-21T10:00:00Z to 2026-11-21T13:00:00Z:

                2/3 digest files valid, 1/3 digest files INVALID
                3/4 log files valid, 1/4 log files INVALID

                Chain-end truncation not checked: no digest index (offline), so deleted newest digest files \
                cannot be detected.

                """
        )
        #expect(
            transcript.standardError == """
                Log file\t\(Self.logFolder)20261121T1201Z_LOGFILE000000005.json.gz\tINVALID: hash value doesn't match

                Digest file\t\(Self.digestFolder)20261121T120000Z.json.gz\tINVALID: not found


                """
        )
        #expect(transcript.exitStatus == 1)
    }

    @Test func verboseRunInterleavesBlankLinesAsTheAWSCLI() async throws {
        let transcript = try await ValidationHarness.run(Self.damaged(), end: TrailFixture.hours(3), withIndex: true)

        #expect(
            transcript.terminal == """
                Validating log files for trail arn:aws:cloudtrail:us-east-1:123456789012:trail/main-trail \
                between 2026-11-21T10:00:00Z and 2026-11-21T13:00:00Z

                Digest file\t\(Self.digestFolder)20261121T130000Z.json.gz\tvalid

                Log file\t\(Self.logFolder)20261121T1201Z_LOGFILE000000005.json.gz\tINVALID: hash value doesn't match

                Log file\t\(Self.logFolder)20261121T1201Z_LOGFILE000000006.json.gz\tvalid

                Digest file\t\(Self.digestFolder)20261121T120000Z.json.gz\tINVALID: not found

                Digest file\t\(Self.digestFolder)20261121T110000Z.json.gz\tvalid
                Log file\t\(Self.logFolder)20261121T1001Z_LOGFILE000000001.json.gz\tvalid
                Log file\t\(Self.logFolder)20261121T1001Z_LOGFILE000000002.json.gz\tvalid

                Results requested for 2026-11-21T10:00:00Z to 2026-11-21T13:00:00Z
                Results found for 2026-11-21T10:00:00Z to 2026-11-21T13:00:00Z:

                2/3 digest files valid, 1/3 digest files INVALID
                3/4 log files valid, 1/4 log files INVALID

                """
        )
    }

    @Test func onlyInvalidDigests() async throws {
        // Given every digest's signature metadata gone.
        var fixture = TrailFixture()
        fixture.deliverHourly(2)
        for digest in fixture.delivered { fixture.files[digest.ref]?.metadata = [:] }

        let transcript = try await ValidationHarness.run(fixture, end: TrailFixture.hours(2), withIndex: true)

        #expect(
            transcript.standardOutput.hasSuffix(
                """
                Results requested for 2026-11-21T10:00:00Z to 2026-11-21T12:00:00Z
                No valid digests found in range

                0/2 digest files valid, 2/2 digest files INVALID

                """
            )
        )
        #expect(transcript.exitStatus == 1)
    }

    @Test func fatalErrorText() {
        #expect(
            ValidationOutput.fatal("Invalid trail ARN provided: foo")
                == .init(.standardError, "\nInvalid trail ARN provided: foo\n")
        )
    }

    @Test func summaryWithoutValidLogFilesOmitsTheLogRatio() {
        var summary = ValidationSummary()
        summary.validDigests = 1
        summary.foundStart = TrailFixture.base
        summary.foundEnd = TrailFixture.hours(1)
        let text = ValidationOutput(isVerbose: false).summary(
            summary,
            start: TrailFixture.base,
            end: TrailFixture.hours(1)
        )
        #expect(
            text.map(\.text).joined() == """
                Results requested for 2026-11-21T10:00:00Z to 2026-11-21T11:00:00Z
                Results found for 2026-11-21T10:00:00Z to 2026-11-21T11:00:00Z:

                1/1 digest files valid

                """
        )
    }
}
