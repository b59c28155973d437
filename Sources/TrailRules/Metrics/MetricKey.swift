/// What identifies a metric here: its namespace and its name.
///
/// OpenTrail's metrics are the ones its metric filters publish, which have no dimensions (CloudWatch Logs
/// forbids a default value on a metric with dimensions, and dimensions are not supported here), so the
/// namespace and name are the whole identity.
package struct MetricKey: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The namespace, e.g. `CloudTrailMetrics`.
    package let namespace: MetricNamespace
    /// The metric name, e.g. `ConsoleSignInFailureCount`.
    package let name: MetricName

    /// Creates a key from validated parts.
    package init(namespace: MetricNamespace, name: MetricName) {
        self.namespace = namespace
        self.name = name
    }

    /// Creates a key, checking both parts.
    ///
    /// - Throws: ``CloudWatchError`` (`ValidationError`) listing every violated constraint of both parts.
    package init(namespace: String, name: String) throws(CloudWatchError) {
        let violations =
            MetricNamespace.violations(namespace, member: "namespace")
            + MetricName.violations(name, member: "metricName")
        guard violations.isEmpty else { throw .constraintViolations(violations) }
        self.namespace = try MetricNamespace(namespace)
        self.name = try MetricName(name)
    }

    private enum CodingKeys: String, CodingKey {
        case namespace
        case name = "metricName"
    }

    /// Orders by namespace, then name.
    package static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.namespace.value, lhs.name.value) < (rhs.namespace.value, rhs.name.value)
    }

    /// `<namespace>/<name>`, for logs.
    package var description: String { "\(namespace.value)/\(name.value)" }
}
