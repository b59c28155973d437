import Testing
import TrailDelivery
import TrailModel

@Suite struct LogFileKeyTests {
    /// 2015-08-01T02:10:37.250Z, the delivery time of the AWS documentation's example file name.
    static let exampleTime: Int64 = 1_438_395_037_250

    static func key(prefix: String?, organizationID: String? = nil, kind: LogFileKey.Kind = .events) -> LogFileKey {
        LogFileKey(
            prefix: prefix,
            organizationID: organizationID,
            accountID: "111122223333",
            region: "us-east-2",
            kind: kind,
            deliveryTime: exampleTime,
            uniqueString: "Mu0KsOhtH1ar15ZZ"
        )
    }

    @Test func exampleTimeIsWhatItSays() {
        #expect(EventTime.parseMilliseconds("2015-08-01T02:10:37.250Z") == Self.exampleTime)
    }

    @Test func keyWithoutPrefixMatchesAWSExample() {
        let expected =
            "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        #expect(Self.key(prefix: nil).objectKey == expected)
        #expect(Self.key(prefix: "").objectKey == expected)
        #expect(
            Self.key(prefix: nil).fileName
                == "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        )
    }

    @Test func keyWithPrefix() {
        #expect(
            Self.key(prefix: "logs").objectKey
                == "logs/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
                + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        )
    }

    @Test func keyWithNestedPrefix() {
        #expect(
            Self.key(prefix: "a/b").objectKey
                == "a/b/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
                + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        )
    }

    @Test func organizationTrailKey() {
        #expect(
            Self.key(prefix: "org", organizationID: "o-exampleorgid").objectKey
                == "org/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-east-2/2015/08/01/"
                + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        )
    }

    @Test func insightsKey() {
        #expect(
            Self.key(prefix: nil, kind: .insights).objectKey
                == "AWSLogs/111122223333/CloudTrail-Insight/us-east-2/2015/08/01/"
                + "111122223333_CloudTrail-Insight_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        )
    }

    @Test func settingAnEmptyPrefixClearsIt() {
        var key = Self.key(prefix: "logs")
        key.prefix = ""
        #expect(key.prefix == nil)
        #expect(key.objectKey.hasPrefix("AWSLogs/"))
    }

    @Test func datesAreUTCAndZeroPadded() {
        // 2024-12-31T23:59:59.999Z and 2025-01-01T00:00:00.000Z straddle a year.
        var key = Self.key(prefix: nil)
        key.deliveryTime = 1_735_689_599_999
        #expect(key.folder.hasSuffix("/2024/12/31"))
        #expect(key.fileName.contains("_20241231T2359Z_"))
        key.deliveryTime = 1_735_689_600_000
        #expect(key.folder.hasSuffix("/2025/01/01"))
        #expect(key.fileName.contains("_20250101T0000Z_"))
        key.deliveryTime = 1_709_251_199_000  // 2024-02-29T23:59:59Z
        #expect(key.folder.hasSuffix("/2024/02/29"))
    }

    @Test func uniqueStringComesFromTheInjectedGenerator() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = LogFileKey(
            prefix: nil,
            accountID: "111122223333",
            region: "eu-west-1",
            deliveryTime: Self.exampleTime,
            using: &first
        )
        let b = LogFileKey(
            prefix: nil,
            accountID: "111122223333",
            region: "eu-west-1",
            deliveryTime: Self.exampleTime,
            using: &second
        )
        #expect(a.uniqueString == b.uniqueString)
        #expect(a.uniqueString.utf8.count == 16)
        #expect(a.uniqueString.utf8.allSatisfy { LogFileKey.uniqueStringAlphabet.contains($0) })
        #expect(throws: Never.self) { try a.validate() }
    }

    @Test func systemRandomUniqueStringsDiffer() {
        let keys = (0..<50).map { _ in
            LogFileKey(prefix: nil, accountID: "111122223333", region: "eu-west-1", deliveryTime: 0)
        }
        #expect(Set(keys.map(\.uniqueString)).count == 50)
        #expect(keys.allSatisfy { $0.uniqueString.utf8.count == 16 })
    }

    @Test func uniqueStringsUseTheWholeAlphabet() {
        var generator = SplitMix64(seed: 7)
        var seen = Set<UInt8>()
        for _ in 0..<200 {
            seen.formUnion(LogFileKey.makeUniqueString(using: &generator).utf8)
        }
        #expect(seen == Set(LogFileKey.uniqueStringAlphabet))
    }

    @Test func validateRejectsMalformedParts() {
        var key = Self.key(prefix: nil)
        key.accountID = "12345"
        #expect(throws: LogFileError.invalidKey("")) { try key.validate() }
        key = Self.key(prefix: nil)
        key.region = "US_EAST"
        #expect(throws: LogFileError.invalidKey("")) { try key.validate() }
        key = Self.key(prefix: nil)
        key.uniqueString = "short"
        #expect(throws: LogFileError.invalidKey("")) { try key.validate() }
        key = Self.key(prefix: "/leading")
        #expect(throws: LogFileError.invalidKey("")) { try key.validate() }
        key = Self.key(prefix: nil, organizationID: "org-1")
        #expect(throws: LogFileError.invalidKey("")) { try key.validate() }
    }

    static let roundTripKeys: [LogFileKey] = [
        key(prefix: nil),
        key(prefix: "logs"),
        key(prefix: "a/b"),
        key(prefix: "a/b/c/d"),
        key(prefix: "AWSLogs"),
        key(prefix: "trailing/"),
        key(prefix: "x", organizationID: "o-abcdefghij"),
        key(prefix: nil, organizationID: "o-abcdefghij0123456789", kind: .insights),
        key(prefix: "p", kind: .insights),
    ]

    @Test(arguments: roundTripKeys)
    func parserRoundTrip(key: LogFileKey) throws {
        let parsed = try #require(LogFileKey(parsing: key.objectKey))
        #expect(parsed.objectKey == key.objectKey)
        #expect(parsed.prefix == key.prefix)
        #expect(parsed.organizationID == key.organizationID)
        #expect(parsed.accountID == key.accountID)
        #expect(parsed.region == key.region)
        #expect(parsed.kind == key.kind)
        #expect(parsed.uniqueString == key.uniqueString)
        // The key keeps the minute.
        #expect(parsed.deliveryTime == key.deliveryTime / 60_000 * 60_000)
    }

    @Test func parsesAWSDocumentationKey() throws {
        let key = try #require(
            LogFileKey(
                parsing: "my-prefix/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
                    + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
            )
        )
        #expect(key.prefix == "my-prefix")
        #expect(key.organizationID == nil)
        #expect(EventTime.format(milliseconds: key.deliveryTime) == "2015-08-01T02:10:00Z")
    }

    static let notLogFileKeys: [String] = [
        "",
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/",
        // Account of the file name differs from the folder's.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "999922223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // Region differs.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-west-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // Date folders differ from the timestamp.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/02/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // Kind of the file name differs from the folder's.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail-Insight_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // Unique string too short.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15Z.json.gz",
        // Not gzip JSON.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json",
        // Impossible time.
        "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T2510Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // A digest file.
        "AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail-Digest_us-east-2_trail_us-east-2_20150801T021000Z.json.gz",
        // No AWSLogs segment.
        "logs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // An organization segment that is not an organization ID.
        "AWSLogs/org/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
        // A leading slash (an empty prefix).
        "/AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
            + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
    ]

    @Test(arguments: notLogFileKeys)
    func parserRejects(objectKey: String) {
        #expect(LogFileKey(parsing: objectKey) == nil)
    }
}

/// A small seeded generator (SplitMix64), so tests get the same "random" strings every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
