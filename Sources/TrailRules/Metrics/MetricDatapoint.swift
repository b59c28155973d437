/// The statistics of one period of a metric, stamped with the period's start: one element of
/// `GetMetricStatistics`' `Datapoints`.
package struct MetricDatapoint: Hashable, Sendable, Codable {
    /// The start of the period, milliseconds since 1970.
    package let timestamp: Int64
    /// The statistics of the samples in the period.
    package let statistics: MetricStatistics

    /// Creates a datapoint.
    package init(timestamp: Int64, statistics: MetricStatistics) {
        self.timestamp = timestamp
        self.statistics = statistics
    }

    /// The value of `statistic` in this period.
    package func value(of statistic: Statistic) -> Double {
        statistics.value(of: statistic)
    }
}
