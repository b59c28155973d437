import Testing
import TrailDelivery

@Suite struct LogFileCutPolicyTests {
    static let opened = ContinuousClock.Instant.now
    static let oneRecord = LogFileSize(
        recordCount: 1,
        uncompressedBytes: 100,
        compressedBytes: 10,
        compressedBytesUpperBound: 700
    )

    @Test func defaultsAreCloudTrails() {
        let policy = LogFileCutPolicy()
        #expect(policy.window == .seconds(300))
        #expect(policy.maximumCompressedBytes == 50_000_000)
        #expect(policy.maximumUncompressedBytes == nil)
    }

    @Test func windowIsAtLeastOneSecond() {
        #expect(LogFileCutPolicy(window: .milliseconds(10)).window == .seconds(1))
        #expect(LogFileCutPolicy(window: .zero).window == .seconds(1))
        var policy = LogFileCutPolicy()
        policy.window = .milliseconds(-5)
        #expect(policy.window == .seconds(1))
        #expect(LogFileCutPolicy(window: .seconds(2)).window == .seconds(2))
    }

    @Test func cutsWhenTheWindowHasPassedSinceTheFirstRecord() {
        let policy = LogFileCutPolicy()
        let opened = Self.opened
        #expect(policy.cutReason(openedAt: opened, now: opened, size: Self.oneRecord) == nil)
        #expect(
            policy.cutReason(openedAt: opened, now: opened.advanced(by: .seconds(299.999)), size: Self.oneRecord)
                == nil
        )
        #expect(
            policy.cutReason(openedAt: opened, now: opened.advanced(by: .seconds(300)), size: Self.oneRecord)
                == .windowElapsed
        )
        #expect(policy.deadline(openedAt: opened) == opened.advanced(by: .seconds(300)))
        #expect(policy.isWindowElapsed(openedAt: opened, now: opened.advanced(by: .seconds(301))))
    }

    @Test func emptyFileIsNeverCut() {
        let policy = LogFileCutPolicy(window: .seconds(1), maximumCompressedBytes: 10)
        let opened = Self.opened
        #expect(
            policy.cutReason(openedAt: opened, now: opened.advanced(by: .seconds(3600)), size: .empty) == nil
        )
        #expect(
            policy.cutReason(
                openedAt: nil as ContinuousClock.Instant?,
                now: opened,
                size: Self.oneRecord
            ) == nil
        )
        #expect(!policy.mustCut(before: 1_000_000, size: .empty))
    }

    @Test func cutsBeforeARecordThatCouldPassTheCompressedCap() {
        let policy = LogFileCutPolicy(maximumCompressedBytes: 1_000)
        // 700 + 100 bytes (+ comma, + one stored-block header) fits; 700 + 300 does not.
        #expect(!policy.mustCut(before: 100, size: Self.oneRecord))
        #expect(policy.mustCut(before: 300, size: Self.oneRecord))
        #expect(
            policy.cutReason(openedAt: Self.opened, now: Self.opened, size: Self.oneRecord, nextRecordBytes: 300)
                == .sizeLimit
        )
        #expect(
            policy.cutReason(openedAt: Self.opened, now: Self.opened, size: Self.oneRecord, nextRecordBytes: 100)
                == nil
        )
    }

    @Test func cutsOnTheOptionalUncompressedCap() {
        let policy = LogFileCutPolicy(maximumUncompressedBytes: 150)
        #expect(!policy.mustCut(before: 40, size: Self.oneRecord))
        #expect(policy.mustCut(before: 60, size: Self.oneRecord))
    }

    @Test func timeWinsOverSize() {
        let policy = LogFileCutPolicy(maximumCompressedBytes: 100)
        #expect(
            policy.cutReason(
                openedAt: Self.opened,
                now: Self.opened.advanced(by: .seconds(400)),
                size: Self.oneRecord,
                nextRecordBytes: 1_000
            ) == .windowElapsed
        )
    }

    /// With a real builder and a small cap: every file the policy lets through stays under the cap, except a
    /// single record that is larger than the cap on its own.
    @Test func filesCutByThePolicyStayUnderTheCap() throws {
        let cap = 4_096
        let policy = LogFileCutPolicy(maximumCompressedBytes: cap)
        let builder = try LogFileBuilder()
        var generator = SplitMix64(seed: 3)
        var files: [LogFile] = []
        var records = 0
        for index in 0..<400 {
            let random = (0..<Int.random(in: 10...600, using: &generator)).map { _ in
                UInt8.random(in: UInt8(ascii: "a")...UInt8(ascii: "z"), using: &generator)
            }
            let record = LogFileBuilderTests.record(index, padding: String(decoding: random, as: UTF8.self))
            if policy.mustCut(before: record.count, size: builder.size), let file = try builder.finish() {
                files.append(file)
            }
            try builder.append(record, eventTime: Int64(index))
            records += 1
        }
        if let file = try builder.finish() { files.append(file) }
        #expect(files.count > 3)
        #expect(files.allSatisfy { $0.compressedByteCount <= cap })
        #expect(files.reduce(0) { $0 + $1.recordCount } == records)
    }

    @Test func aRecordLargerThanTheCapGetsAFileOfItsOwn() throws {
        let policy = LogFileCutPolicy(maximumCompressedBytes: 64)
        let builder = try LogFileBuilder()
        let big = LogFileBuilderTests.record(1, padding: String(repeating: "x", count: 500))
        #expect(!policy.mustCut(before: big.count, size: builder.size))
        try builder.append(big, eventTime: 0)
        #expect(policy.mustCut(before: 10, size: builder.size))
        let file = try #require(try builder.finish())
        #expect(file.recordCount == 1)
    }
}
