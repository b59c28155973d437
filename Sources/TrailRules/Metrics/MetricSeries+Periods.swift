extension MetricSeries {
    /// The datapoints `GetMetricStatistics` returns for this metric, oldest first.
    ///
    /// As CloudWatch does for data less than 15 days old, `start` is rounded down to the whole minute;
    /// periods then follow each other from there (`start`, `start + period`, …), each covering the minutes
    /// that start within it. A period is returned when its start is before `end` and it has data; periods
    /// without data are left out, as CloudWatch leaves them out.
    ///
    /// - Parameters:
    ///   - start: The start of the first period, milliseconds since 1970 (inclusive).
    ///   - end: The end of the range, milliseconds since 1970 (exclusive).
    ///   - period: The length of a period in seconds: a positive multiple of 60 (one-minute data).
    /// - Throws: ``CloudWatchError`` (`InvalidParameterValue`) for a period that is not a positive multiple
    ///   of 60 or a start that is not before the end.
    package func datapoints(
        from start: Int64,
        to end: Int64,
        period: Int
    ) throws(CloudWatchError) -> [MetricDatapoint] {
        guard period > 0, period % 60 == 0 else {
            throw CloudWatchError(
                .invalidParameterValue,
                "The parameter Period must be a multiple of 60 (this metric has one-minute resolution); it is \(period)."
            )
        }
        let first = Self.minuteStart(containing: start)
        guard first < end else {
            throw CloudWatchError(.invalidParameterValue, "The parameter StartTime must be before EndTime.")
        }
        let length = Int64(period) * 1000
        var datapoints: [MetricDatapoint] = []
        var periodStart = first
        while periodStart < end {
            if let statistics = statistics(from: periodStart, to: periodStart + length) {
                datapoints.append(MetricDatapoint(timestamp: periodStart, statistics: statistics))
            }
            periodStart += length
        }
        return datapoints
    }
}
