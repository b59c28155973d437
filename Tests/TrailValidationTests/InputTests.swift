import Foundation
import Testing
import TrailModel

@testable import TrailValidation

/// Dates, ARNs, key layout, public key lists, digest indexes and gzip, as the AWS CLI reads them.
@Suite struct InputTests {
    @Test(arguments: [
        ("2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z"),
        ("2026-11-21T10:00:00", "2026-11-21T10:00:00Z"),
        ("2026-11-21 10:00:00.750Z", "2026-11-21T10:00:00Z"),
        ("2026-11-21T10:00", "2026-11-21T10:00:00Z"),
        ("2026-11-21", "2026-11-21T00:00:00Z"),
        ("20261121T100000Z", "2026-11-21T10:00:00Z"),
        // The AWS CLI replaces the zone with UTC instead of converting.
        ("2026-11-21T10:00:00+02:00", "2026-11-21T10:00:00Z"),
        ("2026-11-21T10:00:00-0500", "2026-11-21T10:00:00Z"),
    ])
    func datesTheAWSCLIAccepts(text: String, display: String) throws {
        #expect(ValidationDate.display(try ValidationDate.parse(text)) == display)
    }

    @Test(arguments: ["foo", "", "2026-13-01", "2026-11-21T25:00:00Z", "2026-11-21T10:00:00Zjunk", "1700000000"])
    func datesTheAWSCLIRefuses(text: String) {
        #expect(throws: LogValidationError.invalidDate(text)) { try ValidationDate.parse(text) }
    }

    @Test func fractionsAreKeptForComparisonButNotShown() throws {
        let date = try ValidationDate.parse("2026-11-21T10:00:00.750Z")
        #expect(date.timeIntervalSince1970.truncatingRemainder(dividingBy: 1) == 0.75)
        #expect(ValidationDate.keyStamp(date) == "20261121T100000Z")
    }

    @Test(arguments: [
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
        "arn:aws-cn:cloudtrail:cn-north-1:123456789012:trail/a:b",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/main/extra",
    ])
    func validTrailARNs(arn: String) throws {
        try ValidationConfiguration.checkTrailARN(arn)
    }

    @Test(arguments: [
        "foo:bar:baz",
        "arn:aws:cloudtrail:us-east-1:12345678901:trail/main",
        "arn:aws:cloudtrail:us-east-1:123456789012:trail/",
        "arn::cloudtrail:us-east-1:123456789012:trail/main",
        "arn:aws:s3:us-east-1:123456789012:trail/main",
    ])
    func invalidTrailARNs(arn: String) {
        #expect(throws: LogValidationError.invalidTrailARN(arn)) { try ValidationConfiguration.checkTrailARN(arn) }
    }

    @Test func configurationFromTheARN() throws {
        let configuration = try ValidationConfiguration(
            trailARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit",
            startTime: TrailFixture.base,
            endTime: TrailFixture.hours(1),
            bucket: "b",
            prefix: "",
            sourceRegion: "us-east-1"
        )
        #expect(configuration.trailName == "audit")
        #expect(configuration.homeRegion == "eu-west-1")
        #expect(configuration.accountID == "123456789012")
        #expect(configuration.prefix == nil)
        #expect(
            configuration.keyLayout.key(endingAt: TrailFixture.base)
                == "AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/21/"
                + "123456789012_CloudTrail-Digest_us-east-1_audit_eu-west-1_20261121T100000Z.json.gz"
        )
        let member = try ValidationConfiguration(
            trailARN: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/audit",
            startTime: TrailFixture.base,
            endTime: TrailFixture.base,
            bucket: "b",
            accountID: "210987654321",
            sourceRegion: "us-east-1"
        )
        #expect(member.accountID == "210987654321")
    }

    @Test func reversedRangeIsRefusedWithTheAWSCLIMessage() {
        let error = #expect(throws: LogValidationError.self) {
            _ = try ValidationConfiguration(
                trailARN: "arn:aws:cloudtrail:us-east-1:123456789012:trail/main",
                startTime: TrailFixture.hours(1),
                endTime: TrailFixture.base,
                bucket: "b",
                sourceRegion: "us-east-1"
            )
        }
        #expect(error?.reason == "Invalid time range specified: start-time must occur before end-time")
    }

    @Test func keyMatchingFollowsTheAWSCLIExpression() {
        let layout = DigestKeyLayout(
            prefix: "p",
            accountID: "123456789012",
            sourceRegion: "us-east-1",
            trailName: "t",
            homeRegion: "us-east-1"
        )
        let base =
            "p/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2026/11/21/123456789012_CloudTrail-Digest_us-east-1_t_us-east-1_"
        #expect(layout.matches(base + "20261121T100000Z.json.gz"))
        #expect(layout.matches(base + "20261121T100000Z_backfill.json.gz"))
        #expect(!layout.matches(base + ".json.gz"))
        #expect(!layout.matches(base + "20261121T100000Z.json"))
        #expect(!layout.matches(base.replacingOccurrences(of: "_t_", with: "_other_") + "20261121T100000Z.json.gz"))
        #expect(!layout.matches(base.replacingOccurrences(of: "/2026/", with: "/x/") + "20261121T100000Z.json.gz"))
        #expect(DigestKeyLayout.stamp(of: base + "20261121T100000Z_backfill.json.gz") == "20261121T100000Z")
        #expect(DigestKeyLayout.date(of: "short") == nil)
    }

    @Test func publicKeyListForms() throws {
        let value = TestKey.first.publicKey.value
        let lowercase = try DigestPublicKey.list(
            parsing: Array(
                #"{"publicKeyList":[{"Value":"\#(value)","Fingerprint":"f","ValidityStartTime":"1436317441.0"}]}"#.utf8
            )
        )
        #expect(
            lowercase == [
                DigestPublicKey(
                    fingerprint: "f",
                    value: value,
                    validityStart: Date(timeIntervalSince1970: 1_436_317_441)
                )
            ]
        )
        let bare = try DigestPublicKey.list(parsing: Array(#"[{"Value":"\#(value)","Fingerprint":"f"}]"#.utf8))
        #expect(bare.count == 1)
        #expect(throws: LogValidationError.self) { try DigestPublicKey.list(parsing: Array(#"{"Keys":[]}"#.utf8)) }
        #expect(throws: LogValidationError.self) { try DigestPublicKey.list(parsing: Array(#"[{"Value":"x"}]"#.utf8)) }
    }

    @Test func fingerprintIsTheMD5OfTheDER() {
        let key = TestKey.first.publicKey
        #expect(key.fingerprint.count == 32)
        #expect(key.rsaKey != nil)
    }

    @Test func digestIndexAnswer() throws {
        let index = try DigestIndex(
            parsing: Array(
                #"""
                {"trailArn":"arn:aws:cloudtrail:us-east-1:123456789012:trail/t","region":"us-east-1",
                 "digests":[{"bucket":"b","key":"k2","digestStartTime":"2026-11-21T11:00:00Z","digestEndTime":"2026-11-21T12:00:00Z"},
                            {"bucket":"b","key":"k1","digestStartTime":"2026-11-21T10:00:00Z","digestEndTime":"2026-11-21T11:00:00Z"}],
                 "head":{"bucket":"b","key":"k3","digestStartTime":"2026-11-21T12:00:00Z","digestEndTime":"2026-11-21T13:00:00Z"}}
                """#.utf8
            )
        )
        #expect(index.digests.map(\.key) == ["k1", "k2"])
        #expect(index.head?.endTime == TrailFixture.hours(3))
        let empty = try DigestIndex(parsing: Array(#"{"digests":[],"head":null}"#.utf8))
        #expect(empty == DigestIndex(digests: [], head: nil))
        #expect(throws: LogValidationError.self) { try DigestIndex(parsing: Array(#"{"head":null}"#.utf8)) }
    }

    @Test func gzipReadsTheFirstMemberOnlyAsTheAWSCLI() throws {
        let first = Array("hello".utf8)
        let second = Array("world".utf8)
        let inflater = try GzipSHA256(keepsOutput: true)
        try inflater.update(Gzip.compress(first) + Gzip.compress(second) + Array("trailing".utf8))
        #expect(inflater.inflated == first)
        #expect(inflater.isComplete)
    }

    @Test func gzipSeesATruncatedStream() throws {
        let whole = Gzip.compress(Array(repeating: UInt8(ascii: "a"), count: 100_000))
        let inflater = try GzipSHA256()
        for chunk in stride(from: 0, to: whole.count - 3, by: 5) {
            try inflater.update(Array(whole[chunk..<min(whole.count - 3, chunk + 5)]))
        }
        #expect(!inflater.isComplete)

        let complete = try GzipSHA256()
        try complete.update(whole)
        #expect(complete.isComplete)
        #expect(try GzipSHA256().isComplete == false)
        #expect(throws: GzipSHA256.CorruptData.self) { try GzipSHA256().update(Array("plain text".utf8)) }
    }
}
