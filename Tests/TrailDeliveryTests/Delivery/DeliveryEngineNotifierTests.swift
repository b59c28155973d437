import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// The notifier hears of every stored file of a trail with an SNS topic, and of nothing else.
@Suite struct DeliveryEngineNotifierTests {
    @Test func aTrailWithATopicIsNotifiedOfEachStoredFile() async throws {
        let fixture = try await DeliveryFixture(buckets: ["notified", "quiet"])
        defer { fixture.remove() }
        let notifier = RecordingNotifier()
        let notified = DeliveryFixture.trail("notified", bucket: "notified", snsTopicName: "alerts")
        let quiet = DeliveryFixture.trail("quiet", bucket: "quiet")
        try await fixture.recordPlan(notified, since: 0)
        try await fixture.recordPlan(quiet, since: 0)
        try await fixture.append(DeliveryRecords.make(count: 6))
        // Two records per file at most: several files per trail.
        let configuration = DeliveryFixture.configuration(maximumCompressedBytes: 2_000)
        let engine = fixture.makeEngine(notifier: notifier, configuration: configuration)

        let report = try await engine.deliver(force: true)

        let keys = try #require(report.delivered[notified.arn])
        #expect(keys.count > 1)
        #expect((report.delivered[quiet.arn]?.count ?? 0) > 1)
        #expect(
            notifier.calls
                == keys.map {
                    RecordingNotifier.Call(trailARN: notified.arn, topic: "alerts", bucket: "notified", key: $0)
                }
        )
        #expect(try await fixture.files(in: "notified").map(\.key).sorted() == keys.sorted())
    }

    @Test func aFileIsNotifiedOnlyOnceItIsStored() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let notifier = RecordingNotifier()
        let flaky = FlakyObjectStore(fixture.objects)
        let trail = DeliveryFixture.trail(snsTopicName: "arn:aws:sns:us-east-1:123456789012:alerts")
        try await fixture.recordPlan(trail, since: 0)
        try await fixture.append(DeliveryRecords.make(count: 3))
        let engine = fixture.makeEngine(objects: flaky, notifier: notifier)
        flaky.failNextPuts(1, with: ObjectStoreError(.unavailable, "down"))

        try await engine.deliver(force: true)
        #expect(notifier.calls.isEmpty)

        let report = try await engine.deliver(force: true)
        let key = try #require(report.delivered[trail.arn]?.first)
        #expect(
            notifier.calls == [
                RecordingNotifier.Call(
                    trailARN: trail.arn,
                    topic: "arn:aws:sns:us-east-1:123456789012:alerts",
                    bucket: DeliveryFixture.bucket,
                    key: key
                )
            ]
        )
    }
}
