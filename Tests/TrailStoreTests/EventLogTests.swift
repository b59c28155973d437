import Foundation
import GRDB
import Testing
import TrailModel

@testable import TrailStore

@Suite struct EventLogTests {
    @Test func appendAssignsIncreasingSequenceNumbers() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let outcomes = try await temp.store.append([makeRecord(), makeRecord(), makeRecord()])
        #expect(outcomes.map(\.sequence) == [1, 2, 3])
        #expect(try await temp.store.latestSequence() == 3)
    }

    @Test func duplicateEventIDIsNotStoredTwice() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let record = makeRecord(id: "same-id")
        let first = try await temp.store.append([record])
        let second = try await temp.store.append([makeRecord(), record])
        #expect(first == [.appended(sequence: 1)])
        #expect(second == [.appended(sequence: 2), .duplicate(sequence: 1)])
        let found = try await temp.store.lookup(LookupQuery(attribute: .eventID("same-id")))
        #expect(found.count == 1)
    }

    @Test func lookupIsNewestFirstByEventTimeThenSequence() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append([
            makeRecord(id: "b", time: "2026-11-20T10:00:01Z"),
            makeRecord(id: "a", time: "2026-11-20T10:00:00Z"),
            makeRecord(id: "c", time: "2026-11-20T10:00:01Z"),
            makeRecord(id: "d", time: "2026-11-20T09:59:59Z"),
        ])
        let events = try await temp.store.lookup(LookupQuery())
        #expect(events.map(\.record.fields.eventID) == ["c", "b", "a", "d"])
    }

    @Test(arguments: [
        (LookupQuery.Attribute.eventName("DeleteTrail"), ["2"]),
        (.eventSource("s3.amazonaws.com"), ["3"]),
        (.username("bob"), ["2"]),
        (.accessKeyId("AKIABOB000000000001"), ["2"]),
        (.readOnly(true), ["3"]),
        (.readOnly(false), ["2", "1"]),
        (.eventID("1"), ["1"]),
        (.resourceType("AWS::S3::Bucket"), ["3"]),
        (.resourceName("arn:aws:cloudtrail:us-east-1:123456789012:trail/t"), ["2", "1"]),
        (.eventName("NoSuchEvent"), []),
    ])
    func lookupByEachAttribute(attribute: LookupQuery.Attribute, expected: [String]) async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let trail = [(type: "AWS::CloudTrail::Trail", arn: "arn:aws:cloudtrail:us-east-1:123456789012:trail/t")]
        _ = try await temp.store.append([
            makeRecord(id: "1", time: "2026-11-20T10:00:00Z", resources: trail),
            makeRecord(
                id: "2",
                time: "2026-11-20T10:00:01Z",
                name: "DeleteTrail",
                user: "bob",
                key: "AKIABOB000000000001",
                resources: trail
            ),
            makeRecord(
                id: "3",
                time: "2026-11-20T10:00:02Z",
                name: "ListBuckets",
                source: "s3.amazonaws.com",
                readOnly: true,
                resources: [
                    (type: "AWS::S3::Bucket", arn: "arn:aws:s3:::one"),
                    (type: "AWS::S3::Bucket", arn: "arn:aws:s3:::two"),
                ]
            ),
        ])
        let events = try await temp.store.lookup(LookupQuery(attribute: attribute))
        #expect(events.map(\.record.fields.eventID) == expected)
    }

    @Test func timeRangeIsInclusive() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append([
            makeRecord(id: "early", time: "2026-11-20T09:00:00Z"),
            makeRecord(id: "start", time: "2026-11-20T10:00:00Z"),
            makeRecord(id: "end", time: "2026-11-20T11:00:00Z"),
            makeRecord(id: "late", time: "2026-11-20T11:00:01Z"),
        ])
        let start = EventTime.parseMilliseconds("2026-11-20T10:00:00Z")!
        let end = EventTime.parseMilliseconds("2026-11-20T11:00:00Z")!
        for attribute in [nil, LookupQuery.Attribute.eventName("CreateTrail")] {
            let events = try await temp.store.lookup(LookupQuery(attribute: attribute, startTime: start, endTime: end))
            #expect(events.map(\.record.fields.eventID) == ["end", "start"])
        }
    }

    @Test func insightsAreKeptApartFromOtherEvents() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append([makeRecord(id: "api"), makeRecord(id: "insight", category: "Insight")])
        #expect(try await temp.store.lookup(LookupQuery()).map(\.record.fields.eventID) == ["api"])
        #expect(try await temp.store.lookup(LookupQuery(insights: true)).map(\.record.fields.eventID) == ["insight"])
    }

    @Test func pagesStayStableWhileEventsArrive() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        // Given 100 events, some sharing a time, and a snapshot of the log's end.
        _ = try await temp.store.append(
            (0..<100).map { i in
                makeRecord(
                    id: "old-\(i)",
                    time: EventTime.format(milliseconds: 1_790_000_000_000 + Int64(i / 3) * 1000)
                )
            }
        )
        let snapshot = try await temp.store.latestSequence()
        // When we page through 7 at a time while other writers add events, some newer and some older.
        var seen: [String] = []
        var after: LookupQuery.Position?
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for batch in 0..<20 {
                    _ = try await temp.store.append(
                        (0..<5).map { i in
                            makeRecord(
                                id: "new-\(batch)-\(i)",
                                time: EventTime.format(
                                    milliseconds: 1_790_000_000_000 + Int64((batch * 5 + i) % 40) * 1000
                                )
                            )
                        }
                    )
                }
            }
            repeat {
                let page = try await temp.store.lookup(LookupQuery(limit: 7, after: after, maxSequence: snapshot))
                seen += page.map(\.record.fields.eventID)
                after = page.last.map { .init(eventTime: $0.record.fields.eventTime, sequence: $0.sequence) }
                if page.count < 7 { after = nil }
            } while after != nil
            try await group.waitForAll()
        }
        // Then every event that existed at the snapshot appears exactly once, in newest-first order, and no other.
        #expect(seen.count == 100)
        #expect(Set(seen) == Set((0..<100).map { "old-\($0)" }))
        let expectedOrder = (0..<100).map { i in (i / 3, i) }.sorted { $0 > $1 }.map { "old-\($0.1)" }
        #expect(seen == expectedOrder)
    }

    @Test(arguments: [
        LookupQuery.Attribute?.none, .eventName("x"), .eventSource("x"), .username("x"), .accessKeyId("x"),
        .readOnly(true),
        .eventID("x"), .resourceType("x"), .resourceName("x"),
    ])
    func lookupsAreAnsweredFromIndexes(attribute: LookupQuery.Attribute?) async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let query = LookupQuery(
            attribute: attribute,
            startTime: 0,
            endTime: 1_900_000_000_000,
            limit: 51,
            after: .init(eventTime: 1_800_000_000_000, sequence: 10),
            maxSequence: 100
        )
        let plan = try await temp.store.queryPlan(for: query).joined(separator: "\n")
        // Every step searches an index; none scans a table or sorts in a temporary B-tree.
        #expect(!plan.contains("SCAN"), "\(plan)")
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }

    @Test func eventsAfterReadsInSequenceOrderAndCursorsPersist() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        _ = try await temp.store.append((0..<10).map { makeRecord(id: "e\($0)") })
        let tail = try await temp.store.events(after: 7, limit: 100)
        #expect(tail.map(\.sequence) == [8, 9, 10])
        try await temp.store.setCursor(named: "delivery:audit", to: 7)
        try await temp.store.setCursor(named: "delivery:audit", to: 9)
        let reopened = try temp.reopen()
        #expect(try await reopened.cursor(named: "delivery:audit") == 9)
        #expect(try await reopened.cursor(named: "never-set") == 0)
        #expect(try await reopened.latestSequence() == 10)
    }
}

@Suite struct ResourceColumnTests {
    @Test(arguments: [
        [IndexedFields.Resource(type: "AWS::S3::Bucket", name: "arn:aws:s3:::b")],
        [IndexedFields.Resource(type: "T", name: nil), IndexedFields.Resource(type: nil, name: "N")],
        [IndexedFields.Resource(type: "with\u{1F}unit", name: "with\u{1E}record")],
        [IndexedFields.Resource(type: "[bracket", name: "x")],
        [],
    ])
    func resourcesRoundTrip(resources: [IndexedFields.Resource]) {
        #expect(SQLiteStore.decodeResources(SQLiteStore.encodeResources(resources)) == resources)
    }

    @Test func pagePositionIsTheUpperBoundOfTheTimeRange() throws {
        // A page after position P must seek the index to P, not filter every entry newer than P: the
        // upper bound bound to `event_time <= ?` is the earlier of the range end and the position.
        let query = LookupQuery(
            attribute: .eventName("x"),
            startTime: 0,
            endTime: 1_900_000_000_000,
            limit: 51,
            after: .init(eventTime: 1_800_000_000_000, sequence: 10)
        )
        let (sql, arguments) = SQLiteStore.lookupSQL(query)
        let conditions = sql.components(separatedBy: " WHERE ")[1].components(separatedBy: " ORDER BY ")[0]
            .components(separatedBy: " AND ")
        let upperIndex = try #require(conditions.firstIndex(of: "event_time <= ?"))
        #expect(
            conditions.filter { $0.contains("event_time <") || $0.contains("event_time, seq") }.count == 2,
            "\(conditions)"
        )
        #expect(arguments.description.contains("1800000000000"))
        #expect(!arguments.description.contains("1900000000000"), "\(arguments) at \(upperIndex)")
    }
}
