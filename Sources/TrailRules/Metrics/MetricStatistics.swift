/// The statistics of the samples of one metric over some time: CloudWatch's `StatisticSet`.
///
/// OpenTrail keeps one value per metric and minute (the per-minute statistics); longer periods are merged
/// from them. Merging is exact for all five statistics CloudWatch derives from a statistic set: sample
/// count and sum add, minimum and maximum take the extreme, and the average is `sum / sampleCount`.
package struct MetricStatistics: Hashable, Sendable, Codable {
    /// The number of samples (a `Double`, as in CloudWatch's `StatisticSet`). Always at least 1.
    package private(set) var sampleCount: Double
    /// The sum of the samples.
    package private(set) var sum: Double
    /// The smallest sample.
    package private(set) var minimum: Double
    /// The largest sample.
    package private(set) var maximum: Double

    /// The statistics of a single sample.
    package init(value: Double) {
        self.sampleCount = 1
        self.sum = value
        self.minimum = value
        self.maximum = value
    }

    /// The statistics of several samples, `nil` when there are none.
    package init?(values: some Sequence<Double>) {
        var iterator = values.makeIterator()
        guard let first = iterator.next() else { return nil }
        var statistics = MetricStatistics(value: first)
        while let next = iterator.next() { statistics.add(next) }
        self = statistics
    }

    /// A statistic set as published (`PutMetricData`'s `StatisticValues`).
    ///
    /// - Precondition: `sampleCount` is positive and `minimum <= maximum`.
    package init(sampleCount: Double, sum: Double, minimum: Double, maximum: Double) {
        precondition(sampleCount > 0, "a statistic set has at least one sample")
        precondition(minimum <= maximum, "a statistic set's minimum is not above its maximum")
        self.sampleCount = sampleCount
        self.sum = sum
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The mean of the samples, `sum / sampleCount`.
    package var average: Double { sum / sampleCount }

    /// Adds one sample.
    package mutating func add(_ value: Double) {
        merge(MetricStatistics(value: value))
    }

    /// Adds the samples summarised by `other`.
    package mutating func merge(_ other: MetricStatistics) {
        sampleCount += other.sampleCount
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// These statistics with the samples of `other` added.
    package func merging(_ other: MetricStatistics) -> MetricStatistics {
        var merged = self
        merged.merge(other)
        return merged
    }

    /// The value of `statistic` over these samples.
    package func value(of statistic: Statistic) -> Double {
        switch statistic {
        case .sampleCount: return sampleCount
        case .average: return average
        case .sum: return sum
        case .minimum: return minimum
        case .maximum: return maximum
        }
    }
}
