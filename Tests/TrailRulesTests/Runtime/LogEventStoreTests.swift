import Foundation
import Testing
import TrailModel
import TrailRules
import TrailStore

@Suite struct LogEventStoreTests {
    /// 2026-11-20T10:00:00Z.
    static let base: Int64 = EventTime.parseMilliseconds("2026-11-20T10:00:00Z")!

    /// Stores `count` events in `group`, one a second from ``base`` (sequence = index + 1), and as many in a
    /// neighbouring group.
    static func seed(_ store: any ControlStore, group: String = "Main", count: Int = 10) async throws {
        try await store.write { tx in
            for index in 0..<count {
                for name in [group, group + "-other"] {
                    try LogEventStore.append(
                        group: name,
                        stream: "123456789012_CloudTrail_us-east-1",
                        timestamp: base + Int64(index) * 1000,
                        sequence: Int64(index + 1),
                        ingestionTime: base + 60_000,
                        message: Array(#"{"n":\#(index)}"#.utf8),
                        in: tx
                    )
                }
            }
        }
    }

    static func events(
        _ store: any ControlStore,
        group: String = "Main",
        start: Int64 = 0,
        end: Int64 = .max,
        after token: String? = nil,
        limit: Int = 1000
    ) async throws -> [LogEventStore.Event] {
        try await store.read { tx in
            try LogEventStore.events(group: group, start: start, end: end, after: token, limit: limit, in: tx)
        }
    }

    static func numbers(_ events: [LogEventStore.Event]) -> [Int] {
        events.compactMap { (try? JSONValue(parsing: $0.message))?["n"].flatMap { Int($0.serializedString) } }
    }

    @Test func eventsRoundTripWithTheirStreamAndTimes() async throws {
        // given stored events
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store, count: 2)

        // when they are read back
        let events = try await Self.events(fixture.store)

        // then each has its stream, times, message and id
        #expect(events.count == 2)
        #expect(events.first?.logStreamName == "123456789012_CloudTrail_us-east-1")
        #expect(events.first?.timestamp == Self.base)
        #expect(events.first?.ingestionTime == Self.base + 60_000)
        #expect(events.first?.message == Array(#"{"n":0}"#.utf8))
        #expect(events.first?.id == LogEventStore.id(group: "Main", timestamp: Self.base, sequence: 1))
    }

    @Test func timeRangeIncludesBothEnds() async throws {
        // given events at 10:00:00 ... 10:00:09
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store)

        // when a range from 10:00:03 to 10:00:06 is read
        let events = try await Self.events(fixture.store, start: Self.base + 3000, end: Self.base + 6000)

        // then the events at both ends are in it, and no other group's
        #expect(Self.numbers(events) == [3, 4, 5, 6])
        #expect(try await Self.events(fixture.store, start: Self.base + 9001).isEmpty)
        #expect(Self.numbers(try await Self.events(fixture.store, end: Self.base)) == [0])
    }

    @Test func pagingByTokenVisitsEveryEventOnce() async throws {
        // given ten events
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store)

        // when they are read three at a time, each page after the last id of the one before
        var pages: [[Int]] = []
        var token: String?
        while true {
            let page = try await Self.events(fixture.store, after: token, limit: 3)
            guard !page.isEmpty else { break }
            pages.append(Self.numbers(page))
            token = page.last?.id
        }

        // then every event comes once, in order
        #expect(pages == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]])
    }

    @Test func tokenWithinATimeRangeKeepsTheRange() async throws {
        // given ten events and a first page of a range
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store)
        let first = try await Self.events(fixture.store, start: Self.base + 2000, end: Self.base + 6000, limit: 2)

        // when the next page is read
        let next = try await Self.events(
            fixture.store,
            start: Self.base + 2000,
            end: Self.base + 6000,
            after: first.last?.id,
            limit: 10
        )

        // then it continues within the range
        #expect(Self.numbers(first) == [2, 3])
        #expect(Self.numbers(next) == [4, 5, 6])
    }

    @Test func tokenOfAnotherGroupIsIgnored() async throws {
        // given ten events in each of two groups
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store)
        let other = try await Self.events(fixture.store, group: "Main-other", limit: 5)

        // when a group is read with the other group's token
        let events = try await Self.events(fixture.store, after: other.last?.id)

        // then it is read from the start
        #expect(Self.numbers(events) == Array(0..<10))
    }

    @Test func purgeRemovesOnlyOlderEventsOfTheGroupInBatches() async throws {
        // given ten events in each of two groups
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.seed(fixture.store)
        let cutoff = Self.base + 5000

        // when events before 10:00:05 are purged, four at most per call
        let first = try await fixture.store.write { tx in
            try LogEventStore.purge(group: "Main", before: cutoff, limit: 4, in: tx)
        }
        let second = try await fixture.store.write { tx in
            try LogEventStore.purge(group: "Main", before: cutoff, limit: 4, in: tx)
        }
        let third = try await fixture.store.write { tx in
            try LogEventStore.purge(group: "Main", before: cutoff, limit: 4, in: tx)
        }

        // then the five older events go, the event at the cutoff and the other group stay
        let removed: [Int] = [first, second, third]
        #expect(removed == [4, 1, 0])
        #expect(Self.numbers(try await Self.events(fixture.store)) == [5, 6, 7, 8, 9])
        #expect(try await Self.events(fixture.store, group: "Main-other").count == 10)
        let count = try await fixture.store.read { tx in try LogEventStore.count(group: "Main", limit: 100, in: tx) }
        #expect(count == 5)
    }

    @Test func retentionOfAGroupPurgesEventsOlderThanItsDays() async throws {
        // given a group kept for one day, with events of two days ago and of now
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup(retentionInDays: 1)
        let now = fixture.clock.milliseconds
        try await fixture.store.write { tx in
            for (sequence, age) in [(1, 2 * 86_400_000), (2, 0)] as [(Int64, Int64)] {
                try LogEventStore.append(
                    group: MonitorFixture.group,
                    stream: "s",
                    timestamp: now - age,
                    sequence: sequence,
                    ingestionTime: now,
                    message: Array("x".utf8),
                    in: tx
                )
            }
        }

        // when the group's retention is applied
        let group = try #require(try await fixture.catalog.logGroup(named: MonitorFixture.group))
        let days = try #require(group.retentionInDays)
        let removed = try await fixture.store.write { tx in
            try LogEventStore.purge(
                group: MonitorFixture.group,
                before: now - Int64(days) * 86_400_000,
                limit: 1000,
                in: tx
            )
        }

        // then only the recent event stays
        #expect(removed == 1)
        #expect(try await fixture.logEvents().map(\.timestamp) == [now])
    }
}
