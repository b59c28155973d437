import Foundation
import Testing
import TrailModel
import TrailStore
import TrailTestSupport

/// Every record of the CloudTrail samples in ../shared/testdata survives the store without losing a field.
@Suite(.enabled(if: SharedTestData.isAvailable, "needs ../shared/testdata/cloudtrail-logs (third-party samples)"))
struct RecordRoundTripTests {
    @Test func everySampleRecordRoundTripsThroughTheStore() async throws {
        let samples = try SharedTestData.cloudTrailRecords()
        #expect(samples.count >= 50, "expected the CloudTrail samples, found \(samples.count)")
        let temp = try TemporaryStore()
        defer { temp.remove() }
        var assigned = 0
        let records = try samples.map { sample in
            try EventRecord(parsing: sample.bytes, receivedAt: 1_700_000_000_000) {
                assigned += 1
                return "assigned-\(assigned)"
            }
        }
        let outcomes = try await temp.store.append(records)
        let appended = outcomes.filter { if case .appended = $0 { return true } else { return false } }
        // The documentation reuses some example eventIDs for different records: the log keeps the first.
        var firstByID: [String: [UInt8]] = [:]
        for record in records where firstByID[record.fields.eventID] == nil {
            firstByID[record.fields.eventID] = record.bytes
        }
        for (sample, record) in zip(samples, records) {
            let stored = try #require(
                try await temp.store.lookup(
                    LookupQuery(attribute: .eventID(record.fields.eventID), insights: record.fields.isInsight)
                ).first,
                "\(sample.file): record \(record.fields.eventID) not found"
            )
            #expect(
                stored.record.bytes == firstByID[record.fields.eventID],
                "\(sample.file): \(record.fields.eventID) changed"
            )
            if record.bytes == sample.bytes { continue }
            // A record without an eventID gains one and keeps every other member, in order.
            let original = try JSONValue(parsing: sample.bytes)
            let back = try JSONValue(parsing: record.bytes)
            #expect(back.setting("eventID", to: .null) == original.setting("eventID", to: .null), "\(sample.file)")
            #expect(back["eventID"]?.stringValue == record.fields.eventID)
        }
        // Samples may repeat an eventID (the processing library's files do); those are stored once.
        #expect(appended.count == Set(records.map(\.fields.eventID)).count)
    }
}
