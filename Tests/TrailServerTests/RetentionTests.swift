import Foundation
import Logging
import Testing
import TrailModel
import TrailStore

@testable import TrailServer

@Suite struct RetentionTests {
    func record(_ id: String, daysAgo: Double, from now: Date, insight: Bool = false) -> EventRecord {
        let time = EventTime.format(now.addingTimeInterval(-daysAgo * 86_400))
        let value = JSONValue.object([
            ("eventTime", .string(time)), ("eventName", .string("Op")), ("eventID", .string(id)),
            ("eventCategory", .string(insight ? "Insight" : "Management")),
            (
                "resources",
                .array([.object([("type", .string("AWS::S3::Bucket")), ("ARN", .string("arn:aws:s3:::b-\(id)"))])])
            ),
        ])
        return EventRecord(
            bytes: value.serialized,
            fields: IndexedFields(record: value, fallbackTime: 0, fallbackEventID: id)
        )
    }

    @Test func expiredEventsAreRemovedInBatchesAndTheRestStay() async throws {
        let clock = TestClock()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "opentrail-retention-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(
            configuration: .init(path: directory.appendingPathComponent("db.sqlite").path),
            logger: testLogger()
        )
        // Given 25 events older than 90 days (some insights) and 10 younger ones.
        let old = (0..<25).map { record("old-\($0)", daysAgo: 91 + Double($0), from: clock.now, insight: $0 % 5 == 0) }
        let young = (0..<10).map { record("young-\($0)", daysAgo: Double($0) * 8.9, from: clock.now) }
        _ = try await store.append(old + young)
        let service = RetentionService(
            log: store,
            retention: 90 * 86_400,
            interval: 60,
            batchSize: 4,
            now: { clock.now },
            logger: testLogger()
        )

        // When retention runs.
        let removed = try await service.purgeExpired()

        // Then exactly the old ones are gone, from history and from the resource index.
        #expect(removed == 25)
        let left = try await store.lookup(LookupQuery(limit: 100)).map(\.record.fields.eventID)
        #expect(Set(left) == Set((0..<10).map { "young-\($0)" }))
        #expect(try await store.lookup(LookupQuery(insights: true, limit: 100)).isEmpty)
        #expect(try await store.lookup(LookupQuery(attribute: .resourceName("arn:aws:s3:::b-old-3"))).isEmpty)
        #expect(try await store.lookup(LookupQuery(attribute: .resourceName("arn:aws:s3:::b-young-3"))).count == 1)
        #expect(
            try await store.lookup(LookupQuery(attribute: .resourceType("AWS::S3::Bucket"), limit: 100)).count == 10
        )

        // And when the clock moves on 20 days, the events that have since expired go too.
        clock.advance(by: 20 * 86_400)
        #expect(try await service.purgeExpired() == 2)
        // Sequence numbers are never reused after a purge.
        let next = try await store.append([record("new", daysAgo: 0, from: clock.now)])
        #expect(next.first?.sequence == 36)
    }
}
