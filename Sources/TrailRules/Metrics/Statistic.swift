/// A statistic CloudWatch computes from a statistic set (the model's `Statistic` enumeration; percentiles
/// and the other extended statistics need the samples themselves and are not supported).
package enum Statistic: String, Sendable, Hashable, Codable, CaseIterable {
    /// The number of samples.
    case sampleCount = "SampleCount"
    /// The sum divided by the number of samples.
    case average = "Average"
    /// The sum of the samples.
    case sum = "Sum"
    /// The smallest sample.
    case minimum = "Minimum"
    /// The largest sample.
    case maximum = "Maximum"

    /// Parses the wire name, e.g. `Sum`.
    ///
    /// - Parameters:
    ///   - text: The value sent.
    ///   - member: The member name used in the error message.
    /// - Throws: ``CloudWatchError`` (`ValidationError`) naming the allowed values.
    package init(parsing text: String, member: String = "statistic") throws(CloudWatchError) {
        guard let statistic = Statistic(rawValue: text) else {
            throw .notInEnumeration(text, member: member, allowed: Self.allCases.map(\.rawValue))
        }
        self = statistic
    }

    /// The value of this statistic over `statistics`.
    package func value(of statistics: MetricStatistics) -> Double {
        statistics.value(of: self)
    }
}
