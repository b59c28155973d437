/// What one metric filter saw in one minute, and what it publishes for that minute.
///
/// CloudWatch Logs documents a metric filter's default value as "the value reported to the metric filter
/// during a period when logs are ingested but no matching logs are found … If no logs are ingested during
/// a one-minute period, then no value is reported" (CloudWatch Logs User Guide, "Concepts" of metric
/// filters). What is implemented, per filter and minute:
///
/// - every matching event adds one sample, its metric value (a matching event whose value could not be
///   read is the caller's to drop or count as a non-match);
/// - a minute with at least one matching event publishes the statistics of those samples, and never the
///   default value;
/// - a minute with events but no match publishes the default value as exactly one sample
///   (`SampleCount` 1, `Sum` = `Minimum` = `Maximum` = the default) — but only once the minute has ended,
///   since only then is it known that nothing matched. This also keeps the statistics of a minute in
///   progress growing in one direction, which early alarm evaluation relies on;
/// - a minute without events publishes nothing, with or without a default value;
/// - a filter without a default value publishes nothing for a minute without matches.
///
/// Samples that are not finite numbers are ignored, as CloudWatch rejects them.
package struct MetricFilterTally: Hashable, Sendable, Codable {
    /// The start of the minute, milliseconds since 1970.
    package let minuteStart: Int64
    /// The statistics of the matching events' values, `nil` when nothing matched.
    package private(set) var matched: MetricStatistics?
    /// The number of events the filter examined in this minute, matching or not.
    package private(set) var eventCount: Int

    /// An empty tally for the minute containing `timestamp`.
    package init(minuteContaining timestamp: Int64) {
        self.minuteStart = MetricSeries.minuteStart(containing: timestamp)
        self.matched = nil
        self.eventCount = 0
    }

    /// Counts one event: its metric value when it matched, `nil` when it did not.
    package mutating func observe(matchedValue: Double?) {
        eventCount += 1
        guard let value = matchedValue, value.isFinite else { return }
        if matched == nil {
            matched = MetricStatistics(value: value)
        } else {
            matched!.add(value)
        }
    }

    /// Whether the minute has ended at `now` (milliseconds since 1970).
    package func isComplete(at now: Int64) -> Bool {
        now >= minuteStart + MetricSeries.minute
    }

    /// What the filter publishes for this minute at `now`, or `nil` when it publishes nothing.
    ///
    /// - Parameters:
    ///   - defaultValue: The filter's default value, if it has one.
    ///   - now: The current time, milliseconds since 1970; the default value is published only once the
    ///     minute has ended.
    package func published(defaultValue: Double?, at now: Int64) -> MetricStatistics? {
        if let matched { return matched }
        guard eventCount > 0, let defaultValue, defaultValue.isFinite, isComplete(at: now) else { return nil }
        return MetricStatistics(value: defaultValue)
    }
}

extension MetricFilterTally {
    /// Adds another tally of the same minute (a later pass over more of the minute's events).
    package mutating func merge(_ other: MetricFilterTally) {
        precondition(other.minuteStart == minuteStart, "tallies of different minutes")
        eventCount += other.eventCount
        if let more = other.matched {
            matched = matched.map { $0.merging(more) } ?? more
        }
    }
}
