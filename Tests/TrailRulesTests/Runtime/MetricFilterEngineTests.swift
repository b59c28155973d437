import Foundation
import Testing
import TrailModel
import TrailRules

@Suite struct MetricFilterEngineTests {
    /// 2026-11-20T10:15:00Z: the minute of ``MonitorRecords/defaultEventTime`` and of the fixture's clock.
    static let minute: Int64 = EventTime.parseMilliseconds("2026-11-20T10:15:00Z")!

    /// A fixture with the default group, a logging trail into it and a started engine.
    static func streaming() async throws -> (MonitorFixture, MonitorEngine) {
        let fixture = try await MonitorFixture()
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail())
        return (fixture, try await fixture.startEngine())
    }

    @Test func matchingEventsCountOneEach() async throws {
        // given a filter counting failed console sign-ins
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        let metric = try await fixture.putFilter(
            pattern: #"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#
        )

        // when three failures and two other records arrive in one minute
        try await fixture.append([
            MonitorRecords.consoleSignInFailure(id: "f-1"),
            MonitorRecords.make(id: "other-1"),
            MonitorRecords.consoleSignInFailure(id: "f-2"),
            MonitorRecords.make(id: "other-2"),
            MonitorRecords.consoleSignInFailure(id: "f-3"),
        ])
        let report = try await engine.step()

        // then the minute publishes three samples of 1
        #expect(report.metricData == 1)
        let series = try await fixture.series(metric)
        #expect(series.minuteStarts == [Self.minute])
        let statistics = try #require(series[minuteContaining: Self.minute])
        #expect(statistics.sum == 3)
        #expect(statistics.sampleCount == 3)
        #expect(statistics.maximum == 1)
    }

    @Test func talliesOfSeveralPassesAddUp() async throws {
        // given a counting filter and two matches in one pass
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        let metric = try await fixture.putFilter(pattern: "{ $.eventName = ConsoleLogin }")
        try await fixture.append([
            MonitorRecords.consoleSignInFailure(id: "f-1"), MonitorRecords.consoleSignInFailure(id: "f-2"),
        ])
        try await engine.step()

        // when another match of the same minute comes in a later pass
        try await fixture.append([MonitorRecords.consoleSignInFailure(id: "f-3")])
        try await engine.step()

        // then the minute holds all three
        #expect(try await fixture.series(metric)[minuteContaining: Self.minute]?.sum == 3)
    }

    @Test func eventsOfDifferentMinutesGoToTheirMinutes() async throws {
        // given a counting filter
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        let metric = try await fixture.putFilter(pattern: "{ $.eventName = ConsoleLogin }")

        // when matches of 10:13 and 10:15 arrive
        try await fixture.append([
            MonitorRecords.consoleSignInFailure(id: "f-1", eventTime: "2026-11-20T10:13:59Z"),
            MonitorRecords.consoleSignInFailure(id: "f-2", eventTime: "2026-11-20T10:15:00Z"),
            MonitorRecords.consoleSignInFailure(id: "f-3", eventTime: "2026-11-20T10:15:59Z"),
        ])
        try await engine.step()

        // then each minute of event time has its own datum
        let series = try await fixture.series(metric)
        #expect(series.minuteStarts == [Self.minute - 120_000, Self.minute])
        #expect(series[minuteContaining: Self.minute - 120_000]?.sum == 1)
        #expect(series[minuteContaining: Self.minute]?.sum == 2)
    }

    @Test func fieldValuesAreTheMetricValues() async throws {
        // given a filter whose value is a field of the record
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        let metric = try await fixture.putFilter(
            pattern: "{ $.eventName = PutObject }",
            metricName: "BytesIn",
            value: "$.additionalEventData.bytesTransferredIn"
        )

        // when matching records carry 100, 250 and "40", one matches without the field, one does not match
        func put(_ id: String, _ extra: String) -> EventRecord {
            MonitorRecords.make(id: id, eventName: "PutObject", eventSource: "s3.amazonaws.com", extra: extra)
        }
        try await fixture.append([
            put("p-1", #","additionalEventData":{"bytesTransferredIn":100}"#),
            put("p-2", #","additionalEventData":{"bytesTransferredIn":250.5}"#),
            put("p-3", #","additionalEventData":{"bytesTransferredIn":"40"}"#),
            put("p-4", ""),
            MonitorRecords.make(id: "other", extra: #","additionalEventData":{"bytesTransferredIn":9999}"#),
        ])
        try await engine.step()

        // then the minute's statistics are those of the three values
        let statistics = try #require(try await fixture.series(metric)[minuteContaining: Self.minute])
        #expect(statistics.sampleCount == 3)
        #expect(statistics.sum == 390.5)
        #expect(statistics.minimum == 40)
        #expect(statistics.maximum == 250.5)
    }

    @Test func defaultValueOnlyForACompleteMinuteWithEventsButNoMatch() async throws {
        // given a filter with a default value of 0 that matches nothing of 10:15, and one match at 10:16
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        let metric = try await fixture.putFilter(pattern: "{ $.eventName = ConsoleLogin }", defaultValue: 0)
        try await fixture.append([
            MonitorRecords.make(id: "other-1"),
            MonitorRecords.make(id: "other-2"),
            MonitorRecords.consoleSignInFailure(id: "f-1", eventTime: "2026-11-20T10:16:05Z"),
            MonitorRecords.make(id: "other-3", eventTime: "2026-11-20T10:16:06Z"),
        ])
        try await engine.step()

        // when the data is read while 10:15 is still running, and once it has ended
        let during = try await fixture.series(metric, now: Self.minute + 30_000)
        let after = try await fixture.series(metric, now: Self.minute + 60_000)
        let later = try await fixture.series(metric, now: Self.minute + 600_000)

        // then 10:15 publishes one default datum only once complete; 10:16 its match alone; no minute without
        // events publishes anything
        #expect(during[minuteContaining: Self.minute] == nil)
        let defaulted = try #require(after[minuteContaining: Self.minute])
        #expect(defaulted.sampleCount == 1)
        #expect(defaulted.sum == 0)
        let matched = try #require(later[minuteContaining: Self.minute + 60_000])
        #expect(matched.sampleCount == 1)
        #expect(matched.sum == 1)
        #expect(later.minuteStarts == [Self.minute, Self.minute + 60_000])
    }

    @Test func filtersOfAnotherGroupDoNotSeeTheEvents() async throws {
        // given a filter on a group no trail streams into
        let (fixture, engine) = try await Self.streaming()
        defer { fixture.remove() }
        try await fixture.createLogGroup("Quiet")
        let metric = try await fixture.putFilter(group: "Quiet", pattern: "{ $.eventName = ConsoleLogin }")

        // when matching records arrive
        try await fixture.append([MonitorRecords.consoleSignInFailure(id: "f-1")])
        try await engine.step()

        // then the metric has no data
        #expect(try await fixture.series(metric).isEmpty)
    }
}
