import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// Each change of a trail (create, stop and start logging, new bucket, delete) holds for the events after it.
@Suite struct DeliveryEnginePlanTests {
    @Test func eventsBeforeTheTrailWasCreatedAreNotDelivered() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        try await fixture.append(DeliveryRecords.make(count: 3, prefix: "before"))
        try await fixture.recordPlan(trail)
        let after = DeliveryRecords.make(count: 3, prefix: "after")
        let sequences = try await fixture.append(after)

        try await fixture.makeEngine().deliver(force: true)

        #expect(try await fixture.deliveredIDs() == after.map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func eventsWhileLoggingIsStoppedAreNotDelivered() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        var stopped = trail
        stopped.isLogging = false
        try await fixture.recordPlan(trail, since: 0)
        let first = DeliveryRecords.make(count: 3, prefix: "first")
        try await fixture.append(first)
        try await fixture.recordPlan(stopped)
        try await fixture.append(DeliveryRecords.make(count: 3, prefix: "stopped"))
        try await fixture.recordPlan(trail)
        let again = DeliveryRecords.make(count: 2, prefix: "again")
        let sequences = try await fixture.append(again)

        try await fixture.makeEngine().deliver(force: true)

        #expect(try await fixture.deliveredIDs() == (first + again).map(\.fields.eventID))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aStoppedTrailDeliversNothingAndKeepsUp() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        var trail = DeliveryFixture.trail()
        trail.isLogging = false
        try await fixture.recordPlan(trail, since: 0)
        let sequences = try await fixture.append(DeliveryRecords.make(count: 5))

        let report = try await fixture.makeEngine().deliver(force: true)

        #expect(report.delivered.isEmpty)
        #expect(try await fixture.files().isEmpty)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
        #expect(try await fixture.plan(trail.arn) != nil)
    }

    @Test func aDeletedTrailDeliversTheEventsBeforeItsDeletionThenIsForgotten() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let before = DeliveryRecords.make(count: 3, prefix: "before")
        try await fixture.append(before)
        try await fixture.recordPlan(nil, arn: trail.arn)
        let sequences = try await fixture.append(DeliveryRecords.make(count: 2, prefix: "deleted"))
        let engine = fixture.makeEngine()

        try await engine.deliver(force: true)

        #expect(try await fixture.deliveredIDs() == before.map(\.fields.eventID))
        #expect(try await fixture.plan(trail.arn) == nil)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
        #expect(try await engine.deliver(force: true).delivered.isEmpty)

        // A trail created again under the same name starts after its creation, not where the old one stopped.
        try await fixture.append(DeliveryRecords.make(count: 2, prefix: "between"))
        try await fixture.recordPlan(trail)
        let recreated = DeliveryRecords.make(count: 2, prefix: "recreated")
        try await fixture.append(recreated)
        let report = try await engine.deliver(force: true)
        let key = try #require(report.delivered[trail.arn]?.first)
        #expect(try await fixture.file(key).json == DeliveredFile.expectedJSON(recreated))
    }

    @Test func aDeletedTrailKeepsItsPlanUntilItsLastFileIsStored() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let before = DeliveryRecords.make(count: 3)
        try await fixture.append(before)
        try await fixture.recordPlan(nil, arn: trail.arn)
        let engine = fixture.makeEngine(objects: flaky)

        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))
        try await engine.deliver(force: true)
        #expect(try await fixture.plan(trail.arn) != nil)
        #expect(try await fixture.cursor(trail.arn) == 0)

        try await engine.deliver(force: true)
        #expect(try await fixture.deliveredIDs() == before.map(\.fields.eventID))
        #expect(try await fixture.plan(trail.arn) == nil)
    }

    @Test func versionsBehindTheCursorArePruned() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        var stopped = trail
        stopped.isLogging = false
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.append(DeliveryRecords.make(count: 2, prefix: "first"))
        try await fixture.recordPlan(stopped)
        try await fixture.append(DeliveryRecords.make(count: 2, prefix: "second"))
        let latest = try await fixture.recordPlan(trail)
        #expect(latest.versions.count == 3)
        let engine = fixture.makeEngine()

        try await engine.deliver(force: true)

        let pruned = try #require(try await fixture.plan(trail.arn))
        #expect(pruned.versions == [latest.versions[2]])
        // A restarted engine starts from the cursor, not from the oldest version left.
        let more = DeliveryRecords.make(count: 2, prefix: "more")
        try await fixture.append(more)
        let report = try await fixture.makeEngine().deliver(force: true)
        let key = try #require(report.delivered[trail.arn]?.first)
        #expect(try await fixture.file(key).json == DeliveredFile.expectedJSON(more))
    }

    /// - Parameter isSamePass: whether the change and the events after it are read in the pass that opened the
    ///   file, or in a later one.
    @Test(arguments: [true, false])
    func aChangeOfBucketCutsTheOpenFile(isSamePass: Bool) async throws {
        let fixture = try await DeliveryFixture(buckets: ["old-bucket", "new-bucket"])
        defer { fixture.remove() }
        let old = DeliveryFixture.trail(bucket: "old-bucket")
        let new = DeliveryFixture.trail(bucket: "new-bucket")
        try await fixture.recordPlan(old, since: 0)
        let before = DeliveryRecords.make(count: 3, prefix: "before")
        let changedAt = try await fixture.append(before).last
        let engine = fixture.makeEngine()
        if !isSamePass {
            #expect(try await engine.deliver().delivered.isEmpty)
        }
        try await fixture.recordPlan(new)
        let after = DeliveryRecords.make(count: 3, prefix: "after")
        let sequences = try await fixture.append(after)

        // The window is long: only the change cuts the file of the old bucket.
        let report = try await engine.deliver()
        #expect(report.delivered[old.arn]?.count == 1)
        #expect(try await fixture.files(in: "old-bucket").map(\.json) == [DeliveredFile.expectedJSON(before)])
        #expect(try await fixture.files(in: "new-bucket").isEmpty)
        #expect(try await fixture.cursor(old.arn) == changedAt)

        try await engine.deliver(force: true)
        #expect(try await fixture.files(in: "new-bucket").map(\.json) == [DeliveredFile.expectedJSON(after)])
        #expect(try await fixture.files(in: "old-bucket").count == 1)
        #expect(try await fixture.cursor(old.arn) == sequences.last)
    }
}
