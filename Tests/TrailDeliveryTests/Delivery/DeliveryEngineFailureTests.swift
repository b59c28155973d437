import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// A file the object store refuses is kept and retried; its events are neither skipped nor lost.
@Suite struct DeliveryEngineFailureTests {
    @Test func aFailedStoreIsReportedKeepsTheCursorAndIsRetried() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let first = DeliveryRecords.make(count: 4, prefix: "first")
        try await fixture.append(first)
        let engine = fixture.makeEngine(objects: flaky)
        // The first file fails, then once more along with the file of the events that arrive meanwhile.
        flaky.failNextPuts(3, with: .noSuchBucket(DeliveryFixture.bucket))

        let failed = try await engine.deliver(force: true)
        #expect(failed.failures == [trail.arn: "NoSuchBucket"])
        #expect(failed.delivered.isEmpty)
        var status = try await fixture.status(trail.arn)
        #expect(status.latestDeliveryError == "NoSuchBucket")
        #expect(status.latestDeliveryAttemptTime == DeliveryFixture.now)
        #expect(status.latestDeliveryTime == nil)
        #expect(try await fixture.cursor(trail.arn) == 0)

        // Still failing; meanwhile more events arrive.
        let second = DeliveryRecords.make(count: 3, prefix: "second")
        let sequences = try await fixture.append(second)
        let stillFailing = try await engine.deliver(force: true)
        #expect(stillFailing.failures == [trail.arn: "NoSuchBucket"])
        #expect(try await fixture.files().isEmpty)
        #expect(try await fixture.cursor(trail.arn) == 0)

        // The store is back: the kept files are stored in order, under the keys they were given.
        let recovered = try await engine.deliver(force: true)
        #expect(recovered.failures.isEmpty)
        let keys = try #require(recovered.delivered[trail.arn])
        #expect(keys.count == 2)
        #expect(keys.first == flaky.attempts.first?.key)
        var ids: [String] = []
        for key in keys {
            ids += try await fixture.file(key).eventIDs
        }
        #expect(ids == (first + second).map(\.fields.eventID))
        #expect(try await fixture.files().count == keys.count)
        status = try await fixture.status(trail.arn)
        #expect(status.latestDeliveryError == nil)
        #expect(status.latestDeliveryTime == DeliveryFixture.now)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    static let errors: [(ObjectStoreError, String)] = [
        (.noSuchBucket("gone"), "NoSuchBucket"),
        (ObjectStoreError(.unavailable, "connection refused"), "ServiceUnavailable"),
        (ObjectStoreError(.accessDenied, "no"), "AccessDenied"),
        (ObjectStoreError(.throttled, "slow down"), "SlowDown"),
        (ObjectStoreError(.invalidCredentials, "bad key"), "InvalidAccessKeyId"),
        (
            ObjectStoreError(.other, "teapot", serviceErrorCode: "InvalidBucketState", statusCode: 409),
            "InvalidBucketState"
        ),
        (ObjectStoreError(.other, "odd"), "InternalError"),
    ]

    @Test(arguments: errors)
    func theStatusShowsTheStoresErrorCode(error: ObjectStoreError, shown: String) async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.append(DeliveryRecords.make(count: 2))
        flaky.failNextPuts(1, with: error)

        let report = try await fixture.makeEngine(objects: flaky).deliver(force: true)

        #expect(report.failures[trail.arn] == shown)
        #expect(try await fixture.status(trail.arn).latestDeliveryError == shown)
    }

    @Test func aFailedFileWaitsForItsRetryDelayUnlessForced() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let records = DeliveryRecords.make(count: 3)
        let sequences = try await fixture.append(records)
        // Retries are due after 60 s.
        let engine = fixture.makeEngine(objects: flaky)
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))

        try await engine.deliver(force: true)
        #expect(flaky.attempts.count == 1)
        let waiting = try await engine.deliver()
        #expect(waiting.delivered.isEmpty)
        #expect(flaky.attempts.count == 1, "the retry is not due yet")
        #expect(try await fixture.cursor(trail.arn) == 0)

        try await engine.deliver(force: true)
        #expect(flaky.attempts.map(\.succeeded) == [false, true])
        #expect(try await fixture.deliveredIDs() == records.map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aFailedFileHoldsTheCursorBehindTheFilesStoredAfterIt() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail(isMultiRegion: true)
        try await fixture.recordPlan(trail, since: 0)
        let records = [
            DeliveryRecords.make(id: "east-0", region: "us-east-1"),
            DeliveryRecords.make(id: "eu-0", region: "eu-west-1"),
            DeliveryRecords.make(id: "east-1", region: "us-east-1"),
        ]
        let sequences = try await fixture.append(records)
        let engine = fixture.makeEngine(objects: flaky)
        // Files are cut region by region in name order: eu-west-1's fails, us-east-1's is stored.
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))

        let report = try await engine.deliver(force: true)

        #expect(report.delivered[trail.arn]?.count == 1)
        #expect(report.failures[trail.arn] != nil)
        #expect(try await fixture.deliveredIDs() == ["east-0", "east-1"])
        #expect(try await fixture.cursor(trail.arn) == sequences[0], "eu-0 is not stored yet")

        try await engine.deliver(force: true)
        #expect(try await fixture.deliveredIDs().sorted() == ["east-0", "east-1", "eu-0"])
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aTrailWithTooManyWaitingFilesStopsReading() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let records = DeliveryRecords.make(count: 10)
        let sequences = try await fixture.append(records)
        // A cap so small that every record gets a file of its own, read one at a time.
        let configuration = DeliveryFixture.configuration(
            maximumCompressedBytes: 1,
            batchSize: 1,
            maximumPendingFiles: 2
        )
        let engine = fixture.makeEngine(objects: flaky, configuration: configuration)
        flaky.failNextPuts(.max, with: ObjectStoreError(.unavailable, "down"))

        try await engine.deliver(force: true)
        try await engine.deliver(force: true)

        // Files are held for at most a few records, not for all ten.
        let keys = Set(flaky.attempts.map(\.key))
        #expect(keys.count <= configuration.maximumPendingFiles + 1)
        #expect(try await fixture.cursor(trail.arn) == 0)

        flaky.recover()
        try await engine.deliver(force: true)
        #expect(try await fixture.deliveredIDs().sorted() == records.map(\.fields.eventID).sorted())
        #expect(try await fixture.files().count == records.count)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aFileWhoseFailureCannotBeRecordedIsNotLost() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let control = FailingControlStore(fixture.store)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let records = DeliveryRecords.make(count: 3)
        let sequences = try await fixture.append(records)
        let engine = fixture.makeEngine(objects: flaky, control: control)
        // The put fails, and so does the write of the failure into the trail's delivery status.
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))
        control.failNextWrites(1)

        let failed = try await engine.deliver(force: true)
        #expect(failed.failures == [trail.arn: "ServiceUnavailable"])
        #expect(try await fixture.cursor(trail.arn) == 0)

        // The file was kept for a retry (the status is only a report): nothing is skipped.
        try await engine.deliver(force: true)
        #expect(try await fixture.deliveredIDs() == records.map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aFileWhoseDeliveryCannotBeRecordedIsStoredOnce() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let control = FailingControlStore(fixture.store)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let records = DeliveryRecords.make(count: 3)
        let sequences = try await fixture.append(records)
        let engine = fixture.makeEngine(control: control)
        control.failNextWrites(1)

        _ = try? await engine.deliver(force: true)
        try await engine.deliver(force: true)

        #expect(try await fixture.deliveredIDs() == records.map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    /// Regions that cannot be a folder of CloudTrail's key layout (the native batch endpoint takes any string as
    /// `awsRegion`; the local store refuses an empty key segment, `..`, and so on).
    @Test(arguments: ["", "..", "eu-west-1/../x", "EU-WEST-1", String(repeating: "a", count: 300)])
    func aRecordWithAnUnusableRegionGoesToTheHomeRegion(region: String) async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail(isMultiRegion: true)
        try await fixture.recordPlan(trail, since: 0)
        let records = [
            DeliveryRecords.make(id: "first"),
            DeliveryRecords.make(id: "odd-region", region: region),
            DeliveryRecords.make(id: "last"),
        ]
        let sequences = try await fixture.append(records)

        let report = try await fixture.makeEngine().deliver(force: true)

        #expect(report.failures.isEmpty)
        let files = try await fixture.files()
        #expect(files.map(\.json) == [DeliveredFile.expectedJSON(records)])
        #expect(files.allSatisfy { LogFileKey(parsing: $0.key)?.region == DeliveryFixture.homeRegion })
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }
}
