import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// A trail's events are delivered once, as CloudTrail log files, and its cursor survives a restart.
@Suite struct DeliveryEngineTests {
    @Test func deliversEachRecordOfALoggingTrailOnce() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let records = DeliveryRecords.make(count: 10)
        let sequences = try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)
        // Batches of 4: the pass reads the log in three steps.
        let engine = fixture.makeEngine()

        let report = try await engine.deliver(force: true)

        let keys = try #require(report.delivered[trail.arn])
        #expect(keys.count == 1)
        #expect(report.failures.isEmpty)
        #expect(report.through == sequences.last)
        let files = try await fixture.files()
        #expect(files.map(\.key) == keys)
        let file = try #require(files.first)
        #expect(file.json == DeliveredFile.expectedJSON(records))
        #expect(file.eventIDs == records.map(\.fields.eventID))
        #expect(file.object.contentType == "application/json")
        #expect(file.object.contentEncoding == "gzip")
        #expect(try await fixture.cursor(trail.arn) == sequences.last)

        let status = try await fixture.status(trail.arn)
        #expect(status.latestDeliveryTime == DeliveryFixture.now)
        #expect(status.latestDeliveryAttemptTime == DeliveryFixture.now)
        #expect(status.latestDeliveryError == nil)

        let again = try await engine.deliver(force: true)
        #expect(again.delivered.isEmpty)
        #expect(again.failures.isEmpty)
        #expect(try await fixture.files().map(\.key) == keys)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func keysFollowCloudTrailsLayout() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let plain = DeliveryFixture.trail("plain")
        let prefixed = DeliveryFixture.trail("prefixed", prefix: "team/audit")
        try await fixture.append(DeliveryRecords.make(count: 2))
        try await fixture.recordPlan(plain, since: 0)
        try await fixture.recordPlan(prefixed, since: 0)

        let report = try await fixture.makeEngine().deliver(force: true)

        // Delivered at 2026-11-20T10:15:30Z (the engine's clock), to the minute.
        let plainKey = try #require(report.delivered[plain.arn]?.first)
        let folder = "AWSLogs/123456789012/CloudTrail/us-east-1/2026/11/20/"
        let name = "123456789012_CloudTrail_us-east-1_20261120T1015Z_"
        #expect(plainKey.hasPrefix(folder + name))
        #expect(plainKey.hasSuffix(".json.gz"))
        let parsed = try #require(LogFileKey(parsing: plainKey))
        #expect(parsed.prefix == nil)
        #expect(parsed.accountID == DeliveryFixture.accountID)
        #expect(parsed.region == "us-east-1")
        #expect(parsed.kind == .events)
        #expect(parsed.uniqueString.utf8.count == LogFileKey.uniqueStringLength)
        #expect(parsed.objectKey == plainKey)

        let prefixedKey = try #require(report.delivered[prefixed.arn]?.first)
        #expect(prefixedKey.hasPrefix("team/audit/" + folder + name))
        #expect(LogFileKey(parsing: prefixedKey)?.prefix == "team/audit")
    }

    @Test func aTrailWithAKMSKeyStoresItsFilesEncrypted() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let encrypting = try LocalDirectoryStore(root: fixture.directory + "/sealed", masterKey: .generate())
        try await encrypting.createBucket(DeliveryFixture.bucket)
        let trail = DeliveryFixture.trail(kmsKeyID: "alias/trail-logs")
        let records = DeliveryRecords.make(count: 3)
        try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)

        let report = try await fixture.makeEngine(objects: encrypting).deliver(force: true)

        let key = try #require(report.delivered[trail.arn]?.first)
        let object = try await encrypting.getObject(bucket: DeliveryFixture.bucket, key: key)
        #expect(object.info.encryption == .kms(keyId: "alias/trail-logs"))
        #expect(try DeliveredFile(key: key, object: object).json == DeliveredFile.expectedJSON(records))
    }

    @Test func aRestartedEngineResumesFromThePersistedCursor() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let first = DeliveryRecords.make(count: 5, prefix: "first")
        try await fixture.append(first)
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.makeEngine().deliver(force: true)

        let nothing = try await fixture.makeEngine().deliver(force: true)
        #expect(nothing.delivered.isEmpty)
        #expect(try await fixture.files().count == 1)

        let second = DeliveryRecords.make(count: 3, prefix: "second")
        let sequences = try await fixture.append(second)
        let report = try await fixture.makeEngine().deliver(force: true)

        let key = try #require(report.delivered[trail.arn]?.first)
        #expect(report.delivered[trail.arn]?.count == 1)
        #expect(try await fixture.file(key).json == DeliveredFile.expectedJSON(second))
        let ids = try await fixture.deliveredIDs()
        #expect(ids.sorted() == (first + second).map(\.fields.eventID).sorted())
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func eventsOfAFileStillOpenAtACrashAreDeliveredAfterTheRestart() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let stored = DeliveryRecords.make(count: 3, prefix: "stored")
        let storedThrough = try await fixture.append(stored).last
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.makeEngine().deliver(force: true)
        let open = DeliveryRecords.make(count: 4, prefix: "open")
        try await fixture.append(open)

        // Engine A reads the new events into a file that its 5-minute window keeps open, then the server dies.
        let crashed = fixture.makeEngine()
        let report = try await crashed.deliver()
        #expect(report.delivered.isEmpty)
        #expect(try await fixture.files().count == 1)
        #expect(try await fixture.cursor(trail.arn) == storedThrough)

        // Engine B starts from the cursor: the events of the lost file are delivered, nothing twice.
        let restarted = try await fixture.makeEngine().deliver(force: true)
        let key = try #require(restarted.delivered[trail.arn]?.first)
        #expect(try await fixture.file(key).json == DeliveredFile.expectedJSON(open))
        let ids = try await fixture.deliveredIDs()
        #expect(ids.sorted() == (stored + open).map(\.fields.eventID).sorted())
    }

    @Test func aCrashBeforeTheFirstFileLosesNothing() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let records = DeliveryRecords.make(count: 6)
        let sequences = try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)

        try await fixture.makeEngine().deliver()
        #expect(try await fixture.cursor(trail.arn) == 0)

        try await fixture.makeEngine().deliver(force: true)
        #expect(try await fixture.deliveredIDs() == records.map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func passesThatOverlapDeliverEachRecordOnce() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let records = DeliveryRecords.make(count: 12)
        try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)
        // Files of two records, cut (and stored) while a batch is being read: a pass waits in the middle of it.
        let configuration = DeliveryFixture.configuration(maximumCompressedBytes: 2_000, batchSize: 100)
        let engine = fixture.makeEngine(configuration: configuration)

        async let first = engine.deliver(force: true)
        async let second = engine.deliver(force: true)
        let reports = try await [first, second]

        let files = try await fixture.files()
        #expect(reports.flatMap { $0.delivered[trail.arn] ?? [] }.sorted() == files.map(\.key))
        #expect(files.flatMap(\.eventIDs).sorted() == records.map(\.fields.eventID).sorted())
    }
}
