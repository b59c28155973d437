extension MetricKey {
    /// Checks the rules for a metric that a metric filter publishes to, which are stricter than the rules
    /// for naming a metric (an alarm may name any metric, even one that never receives data).
    ///
    /// - CloudWatch Logs' `MetricTransformation`: `metricNamespace` and `metricName` must match `[^:*$]*`
    ///   (no colon, asterisk or dollar sign), at most 255 characters; checked as `ValidationError`s of the
    ///   members `metricTransformations.1.member.metricNamespace` / `.metricName`.
    /// - CloudWatch's `PutMetricData`: the `AWS/` namespace prefix is reserved for AWS services
    ///   (`InvalidParameterValue`, "The value AWS/ for parameter Namespace is invalid.").
    ///
    /// - Throws: ``CloudWatchError``.
    package func validateForPublishing() throws(CloudWatchError) {
        let forbidden: Set<Unicode.Scalar> = [":", "*", "$"]
        var violations: [String] = []
        let parts = [("metricNamespace", namespace.value), ("metricName", name.value)]
        for (member, value) in parts where value.unicodeScalars.contains(where: { forbidden.contains($0) }) {
            violations.append(
                CloudWatchError.violation(
                    value: value,
                    member: "metricTransformations.1.member.\(member)",
                    constraint: "Member must satisfy regular expression pattern: [^:*$]*"
                )
            )
        }
        guard violations.isEmpty else { throw .constraintViolations(violations) }
        if namespace.value.hasPrefix("AWS/") {
            throw CloudWatchError(.invalidParameterValue, "The value AWS/ for parameter Namespace is invalid.")
        }
    }
}
