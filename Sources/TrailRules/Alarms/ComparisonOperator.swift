/// How an alarm compares its statistic with its threshold (the statistic is the first operand).
///
/// The four static-threshold operators of the CloudWatch model; the anomaly-detection band operators
/// (`LessThanLowerOrGreaterThanUpperThreshold`, …) need a model and are not supported.
package enum ComparisonOperator: String, Sendable, Hashable, Codable, CaseIterable {
    /// Breaches when the statistic is at least the threshold.
    case greaterThanOrEqualToThreshold = "GreaterThanOrEqualToThreshold"
    /// Breaches when the statistic is above the threshold.
    case greaterThanThreshold = "GreaterThanThreshold"
    /// Breaches when the statistic is below the threshold.
    case lessThanThreshold = "LessThanThreshold"
    /// Breaches when the statistic is at most the threshold.
    case lessThanOrEqualToThreshold = "LessThanOrEqualToThreshold"

    /// Parses the wire name, e.g. `GreaterThanThreshold`.
    ///
    /// - Throws: ``CloudWatchError`` (`ValidationError`) naming the allowed values.
    package init(parsing text: String, member: String = "comparisonOperator") throws(CloudWatchError) {
        guard let value = ComparisonOperator(rawValue: text) else {
            throw .notInEnumeration(text, member: member, allowed: Self.allCases.map(\.rawValue))
        }
        self = value
    }

    /// Whether `value` breaches `threshold` under this operator.
    package func isBreaching(_ value: Double, threshold: Double) -> Bool {
        switch self {
        case .greaterThanOrEqualToThreshold: return value >= threshold
        case .greaterThanThreshold: return value > threshold
        case .lessThanThreshold: return value < threshold
        case .lessThanOrEqualToThreshold: return value <= threshold
        }
    }

    /// Whether the operator breaches on high values (`GreaterThan…`) rather than low ones.
    package var breachesUpward: Bool {
        switch self {
        case .greaterThanOrEqualToThreshold, .greaterThanThreshold: return true
        case .lessThanThreshold, .lessThanOrEqualToThreshold: return false
        }
    }

    /// The words CloudWatch's state reasons use, e.g. `greater than or equal to`.
    package var phrase: String {
        switch self {
        case .greaterThanOrEqualToThreshold: return "greater than or equal to"
        case .greaterThanThreshold: return "greater than"
        case .lessThanThreshold: return "less than"
        case .lessThanOrEqualToThreshold: return "less than or equal to"
        }
    }
}
