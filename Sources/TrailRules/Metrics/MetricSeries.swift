/// The per-minute statistics of one metric: at most one ``MetricStatistics`` per UTC minute.
///
/// This is the resolution CloudWatch keeps for standard-resolution metrics (the only kind metric filters
/// publish). A minute is identified by its start, in milliseconds since 1970, a multiple of 60,000;
/// every timestamp given to the series is rounded down to its minute. Statistics over longer spans are
/// merged from the minutes in ascending time order, so that the same data always gives the same sums.
package struct MetricSeries: Hashable, Sendable {
    /// The length of a minute in milliseconds.
    package static let minute: Int64 = 60_000

    private var minutes: [Int64: MetricStatistics]

    /// An empty series.
    package init() {
        self.minutes = [:]
    }

    /// A series from statistics keyed by time; keys in the same minute are merged.
    package init(_ minutes: [Int64: MetricStatistics]) {
        self.minutes = [:]
        for key in minutes.keys.sorted() {
            record(minutes[key]!, at: key)
        }
    }

    /// The start of the minute that contains `timestamp` (milliseconds, rounded towards the past).
    package static func minuteStart(containing timestamp: Int64) -> Int64 {
        floor(timestamp, toMultipleOf: minute)
    }

    /// `value` rounded down to a multiple of `step` (towards the past for negative values too).
    static func floor(_ value: Int64, toMultipleOf step: Int64) -> Int64 {
        let remainder = value % step
        return remainder < 0 ? value - remainder - step : value - remainder
    }

    /// Whether the series has no data.
    package var isEmpty: Bool { minutes.isEmpty }

    /// The number of minutes with data.
    package var count: Int { minutes.count }

    /// The starts of the minutes with data, oldest first.
    package var minuteStarts: [Int64] { minutes.keys.sorted() }

    /// The statistics of the minute containing `timestamp`, or `nil` when it has no data.
    package subscript(minuteContaining timestamp: Int64) -> MetricStatistics? {
        minutes[Self.minuteStart(containing: timestamp)]
    }

    /// Adds one sample to the minute containing `timestamp`.
    package mutating func record(_ value: Double, at timestamp: Int64) {
        record(MetricStatistics(value: value), at: timestamp)
    }

    /// Adds the samples of `statistics` to the minute containing `timestamp`.
    package mutating func record(_ statistics: MetricStatistics, at timestamp: Int64) {
        let key = Self.minuteStart(containing: timestamp)
        if let existing = minutes[key] {
            minutes[key] = existing.merging(statistics)
        } else {
            minutes[key] = statistics
        }
    }

    /// Sets the statistics of the minute containing `timestamp`, replacing what it had; `nil` removes it.
    ///
    /// This is how a metric filter's minute is republished as events arrive (see ``MetricFilterTally``).
    package mutating func replace(minuteContaining timestamp: Int64, with statistics: MetricStatistics?) {
        minutes[Self.minuteStart(containing: timestamp)] = statistics
    }

    /// Removes the minutes that start before `timestamp`.
    package mutating func removeMinutes(before timestamp: Int64) {
        minutes = minutes.filter { $0.key >= timestamp }
    }

    /// The merged statistics of the minutes that start in `start..<end`, or `nil` when none has data.
    package func statistics(from start: Int64, to end: Int64) -> MetricStatistics? {
        guard start < end, !minutes.isEmpty else { return nil }
        let first = Self.floor(start + Self.minute - 1, toMultipleOf: Self.minute)
        var merged: MetricStatistics?
        func add(_ statistics: MetricStatistics) {
            if merged == nil { merged = statistics } else { merged!.merge(statistics) }
        }
        if (end - first) / Self.minute <= Int64(minutes.count) {
            var key = first
            while key < end {
                if let statistics = minutes[key] { add(statistics) }
                key += Self.minute
            }
        } else {
            for key in minutes.keys.sorted() where key >= first && key < end {
                add(minutes[key]!)
            }
        }
        return merged
    }
}
