import Foundation
import Testing
import TrailDelivery
import TrailModel

/// The digest file's content, its string to sign and its key, against the AWS CLI's and the user guide's
/// material.
@Suite struct DigestDocumentTests {
    @Test(.enabled(if: DigestVectors.isAvailable, DigestVectors.missing))
    func stringToSignMatchesTheAWSCLIVector() throws {
        // Given the vector of the AWS CLI's validation tests
        let vector = try #require(try DigestVectors.cliVectors()["string_to_sign"]?["vector_no_previous_signature"])
        let data = try #require(vector["digest_data"])
        let inflated = try #require(vector["inflated_digest_utf8"]?.stringValue)
        let expected = try #require(vector["expected_string_to_sign"]?.stringValue)
        #expect(data["previousDigestSignature"]?.isNull == true)

        // When the string to sign is rebuilt from its parts
        let text = DigestDocument.stringToSign(
            endTime: try #require(data["digestEndTime"]?.stringValue),
            bucket: try #require(data["digestS3Bucket"]?.stringValue),
            key: try #require(data["digestS3Object"]?.stringValue),
            documentSHA256: DigestDocument.sha256Hex(Array(inflated.utf8)),
            previousSignature: nil
        )

        // Then it is the CLI's, byte for byte
        #expect(String(decoding: text, as: UTF8.self) == expected)
    }

    @Test func stringToSignEndsWithThePreviousSignature() {
        let document = Self.document(
            previous: DigestDocument.Link(bucket: "b", key: "k", sha256: "00", signature: "beef")
        )
        let text = String(decoding: document.stringToSign(documentSHA256: "abc"), as: UTF8.self)
        #expect(text == "2026-11-20T11:00:00Z\ntrail-bucket/\(document.key)\nabc\nbeef")
        let first = Self.document(previous: nil)
        #expect(String(decoding: first.stringToSign(documentSHA256: "abc"), as: UTF8.self).hasSuffix("\nabc\nnull"))
    }

    @Test(.enabled(if: DigestVectors.isAvailable, DigestVectors.missing))
    func membersComeInTheOrderOfCloudTrailsDigests() throws {
        let examples = try DigestVectors.guideExamples()
        try #require(examples.count == 2)
        let withFiles = try JSONValue(
            parsing: Self.document(
                previous: DigestDocument.Link(bucket: "b", key: "k", sha256: "00", signature: "beef"),
                logFiles: [Self.logFile("a", oldest: "2026-11-20T10:00:00Z", newest: "2026-11-20T10:05:00Z")]
            ).jsonBytes
        )
        #expect(withFiles.memberNames == examples[0].memberNames)
        guard case .array(let files) = withFiles["logFiles"], case .array(let exampleFiles) = examples[0]["logFiles"]
        else {
            Issue.record("no logFiles array")
            return
        }
        #expect(files.map(\.memberNames) == exampleFiles.map(\.memberNames))
        let empty = try JSONValue(parsing: Self.document(previous: nil).jsonBytes)
        #expect(empty.memberNames == examples[1].memberNames)
    }

    @Test func anEmptyFirstDigestHasNullEventTimesAndNoPrevious() throws {
        let json = try JSONValue(parsing: Self.document(previous: nil).jsonBytes)
        for member in [
            "newestEventTime", "oldestEventTime", "previousDigestS3Bucket", "previousDigestS3Object",
            "previousDigestHashValue", "previousDigestHashAlgorithm", "previousDigestSignature",
        ] {
            #expect(json[member]?.isNull == true, "\(member)")
        }
        #expect(json["logFiles"] == .array([]))
        #expect(json["digestSignatureAlgorithm"]?.stringValue == "SHA256withRSA")
        #expect(json["digestStartTime"]?.stringValue == "2026-11-20T10:00:00Z")
        #expect(json["digestEndTime"]?.stringValue == "2026-11-20T11:00:00Z")
    }

    @Test func eventTimesSpanEveryListedFile() throws {
        let json = try JSONValue(
            parsing: Self.document(
                previous: nil,
                logFiles: [
                    Self.logFile("a", oldest: "2026-11-20T10:10:00Z", newest: "2026-11-20T10:20:00Z"),
                    Self.logFile("b", oldest: "2026-11-20T09:59:59Z", newest: "2026-11-20T10:15:00Z"),
                ]
            ).jsonBytes
        )
        #expect(json["oldestEventTime"]?.stringValue == "2026-11-20T09:59:59Z")
        #expect(json["newestEventTime"]?.stringValue == "2026-11-20T10:20:00Z")
        guard case .array(let files) = json["logFiles"] else {
            Issue.record("no logFiles array")
            return
        }
        #expect(files.map { $0["hashAlgorithm"]?.stringValue } == ["SHA-256", "SHA-256"])
        #expect(files.map { $0["oldestEventTime"]?.stringValue } == ["2026-11-20T10:10:00Z", "2026-11-20T09:59:59Z"])
    }

    @Test(.enabled(if: DigestVectors.isAvailable, DigestVectors.missing))
    func keyLayoutMatchesTheCLIsExample() throws {
        let vectors = try DigestVectors.cliVectors()
        let expected = try #require(vectors["digest_key_date_extraction"]?["key"]?.stringValue)
        let key = DigestFileKey(
            prefix: nil,
            accountID: "123456789012",
            region: "us-east-1",
            trailName: "foo",
            homeRegion: "us-east-1",
            endTime: try #require(EventTime.parseMilliseconds("2015-08-16T23:05:50.999Z"))
        )
        #expect(key.objectKey == expected)
        let marker = try #require(
            vectors["digest_key_layout"]?["list_marker_example_for_start_20140810T000000Z"]?.stringValue
        )
        let prefixed = DigestFileKey(
            prefix: "prefix",
            accountID: "123456789012",
            region: "us-east-1",
            trailName: "foo",
            homeRegion: "us-east-1",
            endTime: try #require(EventTime.parseMilliseconds("2014-08-09T23:59:00Z"))
        )
        #expect(prefixed.objectKey == marker)
    }

    @Test func keyOfAnotherRegionAndAnEmptyPrefix() throws {
        let key = DigestFileKey(
            prefix: "",
            accountID: "123456789012",
            region: "eu-west-3",
            trailName: "audit.trail",
            homeRegion: "us-east-1",
            endTime: try #require(EventTime.parseMilliseconds("2026-01-02T03:04:05Z"))
        )
        #expect(key.prefix == nil)
        #expect(
            key.objectKey
                == "AWSLogs/123456789012/CloudTrail-Digest/eu-west-3/2026/01/02/"
                + "123456789012_CloudTrail-Digest_eu-west-3_audit.trail_us-east-1_20260102T030405Z.json.gz"
        )
    }

    // MARK: - Helpers

    static func document(
        previous: DigestDocument.Link?,
        logFiles: [DigestDocument.LogFileEntry] = []
    )
        -> DigestDocument
    {
        let end = EventTime.parseMilliseconds("2026-11-20T11:00:00Z")!
        return DigestDocument(
            accountID: DeliveryFixture.accountID,
            startTime: EventTime.parseMilliseconds("2026-11-20T10:00:00Z")!,
            endTime: end,
            bucket: DeliveryFixture.bucket,
            key: DigestFileKey(
                prefix: nil,
                accountID: DeliveryFixture.accountID,
                region: DeliveryFixture.homeRegion,
                trailName: "main",
                homeRegion: DeliveryFixture.homeRegion,
                endTime: end
            ).objectKey,
            publicKeyFingerprint: String(repeating: "ab", count: 16),
            previous: previous,
            logFiles: logFiles
        )
    }

    static func logFile(_ key: String, oldest: String, newest: String) -> DigestDocument.LogFileEntry {
        DigestDocument.LogFileEntry(
            bucket: DeliveryFixture.bucket,
            key: key,
            sha256: DigestDocument.sha256Hex(Array(key.utf8)),
            oldestEventTime: EventTime.parseMilliseconds(oldest)!,
            newestEventTime: EventTime.parseMilliseconds(newest)!
        )
    }
}
