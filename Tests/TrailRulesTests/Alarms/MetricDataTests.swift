import Testing
import TrailRules

/// Metric keys, per-minute statistics, periods and metric filters' default values.
@Suite struct MetricDataTests {
    typealias F = AlarmFixtures

    // MARK: Keys

    @Test func namespacesAndNamesFollowTheModel() throws {
        let key = try MetricKey(namespace: "CloudTrailMetrics", name: "RootAccountUsageCount")
        #expect(key.description == "CloudTrailMetrics/RootAccountUsageCount")
        #expect(try MetricKey(namespace: "AWS/EC2", name: "CPUUtilization").namespace.value == "AWS/EC2")
        #expect(try MetricNamespace(String(repeating: "n", count: 255)).value.count == 255)

        let both = #expect(throws: CloudWatchError.self) { try MetricKey(namespace: ":Trail", name: "") }
        #expect(both?.code == .validationError)
        #expect(
            both?.reason
                == "2 validation errors detected: Value ':Trail' at 'namespace' failed to satisfy constraint: Member "
                + "must satisfy regular expression pattern: [^:].*; Value '' at 'metricName' failed to satisfy "
                + "constraint: Member must have length greater than or equal to 1"
        )
        #expect(throws: CloudWatchError.self) { try MetricNamespace("") }
        #expect(throws: CloudWatchError.self) { try MetricNamespace("two\nlines") }
        #expect(throws: CloudWatchError.self) { try MetricName(String(repeating: "m", count: 256)) }
    }

    @Test func publishedMetricsFollowTheMetricFilterRules() throws {
        try MetricKey(namespace: "CloudTrailMetrics", name: "ConsoleSignInFailureCount").validateForPublishing()
        let reserved = #expect(throws: CloudWatchError.self) {
            try MetricKey(namespace: "AWS/Logs", name: "Count").validateForPublishing()
        }
        #expect(reserved?.code == .invalidParameterValue)
        #expect(reserved?.reason == "The value AWS/ for parameter Namespace is invalid.")
        let pattern = #expect(throws: CloudWatchError.self) {
            try MetricKey(namespace: "Trail$", name: "Count*").validateForPublishing()
        }
        #expect(pattern?.code == .validationError)
        #expect(pattern?.reason.hasPrefix("2 validation errors detected: Value 'Trail$' at") == true)
    }

    // MARK: Statistics

    @Test func statisticsMergeExactly() {
        var statistics = MetricStatistics(value: 4)
        statistics.add(-2)
        statistics.merge(MetricStatistics(sampleCount: 2, sum: 10, minimum: 3, maximum: 7))
        #expect(statistics == MetricStatistics(sampleCount: 4, sum: 12, minimum: -2, maximum: 7))
        #expect(statistics.average == 3)
        #expect(Statistic.allCases.map { $0.value(of: statistics) } == [4, 3, 12, -2, 7])
        #expect(MetricStatistics(values: [Double]()) == nil)
        #expect(MetricStatistics(values: [1, 2, 3])?.sum == 6)
    }

    @Test func aSeriesKeepsOneStatisticSetPerMinute() {
        var series = MetricSeries()
        series.record(1, at: F.at(3, 0))
        series.record(2, at: F.at(3, 59, milliseconds: 999))
        series.record(5, at: F.at(4, 0))
        #expect(series.count == 2)
        #expect(series.minuteStarts == [F.at(3), F.at(4)])
        #expect(
            series[minuteContaining: F.at(3, 30)] == MetricStatistics(sampleCount: 2, sum: 3, minimum: 1, maximum: 2)
        )
        #expect(series.statistics(from: F.at(3, 30), to: F.at(5))?.sum == 5)
        #expect(series.statistics(from: F.at(3), to: F.at(5))?.sum == 8)
        #expect(MetricSeries.minuteStart(containing: -1) == -60_000)

        series.replace(minuteContaining: F.at(4, 10), with: nil)
        series.removeMinutes(before: F.at(3, 30))
        #expect(series.isEmpty)
        #expect(
            MetricSeries([F.at(1, 5): MetricStatistics(value: 1), F.at(1, 50): MetricStatistics(value: 2)]).count == 1
        )
    }

    @Test func getMetricStatisticsPeriodsStartAtTheRoundedStart() throws {
        // Given samples at 10:02:10, 10:06:50 and 10:07:10.
        var series = MetricSeries()
        series.record(1, at: F.at(2, 10))
        series.record(2, at: F.at(6, 50))
        series.record(4, at: F.at(7, 10))

        // When asked for 5-minute periods from 10:02:34 to 10:20.
        let datapoints = try series.datapoints(from: F.at(2, 34), to: F.at(20), period: 300)

        // Then the start is rounded to 10:02 and periods follow from there; empty ones are left out.
        #expect(datapoints.map(\.timestamp) == [F.at(2), F.at(7)])
        #expect(datapoints.map { $0.value(of: .sum) } == [3, 4])

        let minutes = try series.datapoints(from: F.at(0), to: F.at(10), period: 60)
        #expect(minutes.map(\.timestamp) == [F.at(2), F.at(6), F.at(7)])
        #expect(throws: CloudWatchError.self) { try series.datapoints(from: F.at(0), to: F.at(10), period: 90) }
        #expect(throws: CloudWatchError.self) { try series.datapoints(from: F.at(10), to: F.at(10), period: 60) }
    }

    // MARK: Metric filters

    @Test func matchesArePublishedAsTheyArrive() {
        var tally = MetricFilterTally(minuteContaining: F.at(4, 20))
        tally.observe(matchedValue: nil)
        tally.observe(matchedValue: 1)
        tally.observe(matchedValue: 3)
        tally.observe(matchedValue: .nan)
        #expect(tally.eventCount == 4)
        #expect(
            tally.published(defaultValue: 0, at: F.at(4, 30))
                == MetricStatistics(sampleCount: 2, sum: 4, minimum: 1, maximum: 3)
        )
        #expect(
            tally.published(defaultValue: 0, at: F.at(5))
                == MetricStatistics(sampleCount: 2, sum: 4, minimum: 1, maximum: 3)
        )
    }

    @Test func theDefaultValueIsPublishedForAnEndedMinuteWithEventsButNoMatch() {
        var tally = MetricFilterTally(minuteContaining: F.at(4, 20))
        #expect(tally.published(defaultValue: 0, at: F.at(9)) == nil)
        tally.observe(matchedValue: nil)
        tally.observe(matchedValue: nil)
        #expect(tally.published(defaultValue: 0, at: F.at(4, 59)) == nil)
        #expect(tally.published(defaultValue: 0, at: F.at(5)) == MetricStatistics(value: 0))
        #expect(tally.published(defaultValue: nil, at: F.at(5)) == nil)
        #expect(tally.isComplete(at: F.at(5)))
        #expect(!tally.isComplete(at: F.at(4, 59, milliseconds: 999)))
    }
}
