import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// Trail changes the server records while a delivery pass runs: the engine must neither lose them nor apply
/// stale settings to the events after them.
@Suite struct DeliveryEngineConcurrentChangeTests {
    @Test func aTrailCreatedAgainWhileItsDeletionIsDeliveredKeepsItsPlan() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail()
        try await fixture.recordPlan(trail, since: 0)
        let before = DeliveryRecords.make(count: 3, prefix: "before")
        try await fixture.append(before)
        try await fixture.recordPlan(nil, arn: trail.arn)
        // While the pass stores the last file of the deleted trail, CreateTrail makes it again.
        flaky.beforeNextPut { try await fixture.recordPlan(trail) }
        let engine = fixture.makeEngine(objects: flaky)

        try await engine.deliver(force: true)
        let recreated = DeliveryRecords.make(count: 2, prefix: "recreated")
        try await fixture.append(recreated)
        try await engine.deliver(force: true)

        // The pass must not remove the plan it loaded (the deletion's) once the trail has been created again.
        #expect(flaky.attempts.count == 2)
        let plan = try #require(try await fixture.plan(trail.arn))
        #expect(plan.trail(at: .max) == trail)
        let ids = try await fixture.deliveredIDs()
        #expect(ids.sorted() == (before + recreated).map(\.fields.eventID).sorted())
    }

    @Test func aChangeRecordedAsAPassStartsHoldsForTheEventsAfterIt() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let log = InterceptingEventLog(fixture.store)
        let trail = DeliveryFixture.trail()
        let stopped = DeliveryFixture.trail(isLogging: false)
        try await fixture.recordPlan(trail, since: 0)
        let before = DeliveryRecords.make(count: 3, prefix: "before")
        try await fixture.append(before)
        // StopLogging commits, and more events arrive, as the pass starts: the pass must read the log's end before
        // the plans, or it delivers the events after the change under the settings before it.
        let after = DeliveryRecords.make(count: 2, prefix: "after")
        log.beforeNextLatestSequence {
            try await fixture.recordPlan(stopped)
            try await fixture.append(after)
        }
        let engine = fixture.makeEngine(log: log)

        try await engine.deliver(force: true)
        try await engine.deliver(force: true)

        let ids = try await fixture.deliveredIDs()
        #expect(ids == before.map(\.fields.eventID))
    }
}
