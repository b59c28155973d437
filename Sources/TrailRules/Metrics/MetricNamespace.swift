/// The namespace of a CloudWatch metric, e.g. `CloudTrailMetrics`.
///
/// Valid as the CloudWatch model's `Namespace` shape: 1 to 255 characters matching `[^:].*`, that is not
/// starting with a colon and (as Java's `.` does not match them) without line terminators. The stricter
/// rules for namespaces that metric filters publish to are ``MetricKey/validateForPublishing()``.
package struct MetricNamespace: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The namespace as written.
    package let value: String

    /// Creates a namespace.
    ///
    /// - Parameters:
    ///   - value: The namespace.
    ///   - member: The member name used in the error message.
    /// - Throws: ``CloudWatchError`` (`ValidationError`) when the value violates the model's constraints.
    package init(_ value: String, member: String = "namespace") throws(CloudWatchError) {
        let violations = Self.violations(value, member: member)
        guard violations.isEmpty else { throw .constraintViolations(violations) }
        self.value = value
    }

    /// The constraint sentences `value` violates, empty when it is a valid namespace.
    static func violations(_ value: String, member: String) -> [String] {
        let lengths = ModelConstraint.lengthViolations(value, member: member, min: 1, max: 255)
        if !lengths.isEmpty { return lengths }
        let scalars = value.unicodeScalars
        let lineTerminators: Set<UInt32> = [0x0A, 0x0D, 0x85, 0x2028, 0x2029]
        if scalars.first == ":" || scalars.contains(where: { lineTerminators.contains($0.value) }) {
            return [
                CloudWatchError.violation(
                    value: value,
                    member: member,
                    constraint: "Member must satisfy regular expression pattern: [^:].*"
                )
            ]
        }
        return []
    }

    /// Orders by the namespace text.
    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    /// The namespace as written.
    package var description: String { value }
}

extension MetricNamespace: Codable {
    /// Decodes a namespace from a string, checking its constraints.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the namespace as a string.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
