extension AlarmEvaluation {
    /// One period an evaluation looked at.
    package struct Datapoint: Hashable, Sendable {
        /// The start of the period, milliseconds since 1970.
        package let timestamp: Int64
        /// The statistics of the period, `nil` when it had no data.
        package let statistics: MetricStatistics?
        /// The alarm's statistic over the period, `nil` when it had no data.
        package let value: Double?
        /// Whether the value breaches the threshold, `nil` when the period had no data.
        package let isBreaching: Bool?
        /// Whether the period was still in progress (an early decision).
        package let isInProgress: Bool
        /// How many periods back this one is: 1 for the newest period of the evaluation.
        package let age: Int

        /// Creates a datapoint.
        package init(
            timestamp: Int64,
            statistics: MetricStatistics?,
            value: Double?,
            isBreaching: Bool?,
            isInProgress: Bool,
            age: Int
        ) {
            self.timestamp = timestamp
            self.statistics = statistics
            self.value = value
            self.isBreaching = isBreaching
            self.isInProgress = isInProgress
            self.age = age
        }

        /// Whether the period had data.
        package var hasData: Bool { statistics != nil }
    }
}
