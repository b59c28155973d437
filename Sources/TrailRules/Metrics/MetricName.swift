/// The name of a CloudWatch metric, e.g. `ConsoleSignInFailureCount`.
///
/// Valid as the CloudWatch model's `MetricName` shape: 1 to 255 characters. The stricter rules for names
/// that metric filters publish to are ``MetricKey/validateForPublishing()``.
package struct MetricName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The name as written.
    package let value: String

    /// Creates a metric name.
    ///
    /// - Parameters:
    ///   - value: The name.
    ///   - member: The member name used in the error message.
    /// - Throws: ``CloudWatchError`` (`ValidationError`) when the value is empty or longer than 255.
    package init(_ value: String, member: String = "metricName") throws(CloudWatchError) {
        let violations = Self.violations(value, member: member)
        guard violations.isEmpty else { throw .constraintViolations(violations) }
        self.value = value
    }

    /// The constraint sentences `value` violates, empty when it is a valid metric name.
    static func violations(_ value: String, member: String) -> [String] {
        ModelConstraint.lengthViolations(value, member: member, min: 1, max: 255)
    }

    /// Orders by the name text.
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    /// The name as written.
    package var description: String { value }
}

extension MetricName: Codable {
    /// Decodes a metric name from a string, checking its constraints.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the metric name as a string.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
