/// A metric filter: a filter pattern over a log group's events, and the metric it feeds.
package struct MetricFilter: Codable, Sendable, Hashable {
    package static let kind = "metric-filter"

    package var logGroupName: String
    package var filterName: String
    package var filterPattern: String
    package var metricName: String
    package var metricNamespace: String
    /// `1` (or another number), `$.field`, or `$name` of a space-delimited pattern.
    package var metricValue: String
    /// Recorded for each event of the group the pattern does not match.
    package var defaultValue: Double?
    package var unit: String?
    /// Epoch milliseconds.
    package var creationTime: Int64
    package var isConfigured: Bool

    package init(
        logGroupName: String,
        filterName: String,
        filterPattern: String,
        metricName: String,
        metricNamespace: String,
        metricValue: String = "1",
        defaultValue: Double? = nil,
        unit: String? = nil,
        creationTime: Int64 = 0,
        isConfigured: Bool = false
    ) {
        self.logGroupName = logGroupName
        self.filterName = filterName
        self.filterPattern = filterPattern
        self.metricName = metricName
        self.metricNamespace = metricNamespace
        self.metricValue = metricValue
        self.defaultValue = defaultValue
        self.unit = unit
        self.creationTime = creationTime
        self.isConfigured = isConfigured
    }

    /// The control-store id: the group, then the filter name (group names cannot contain `|`).
    package var id: String { Self.id(group: logGroupName, filter: filterName) }

    package static func id(group: String, filter: String) -> String { group + "|" + filter }

    /// Checks the definition and compiles its pattern and value.
    package func compiled() throws(MonitorError) -> Compiled {
        try LogGroup.validate(name: logGroupName)
        guard (1...512).contains(filterName.utf8.count), !filterName.contains(":"), !filterName.contains("*") else {
            throw .invalid("filterName must be 1 to 512 characters, without ':' or '*'.")
        }
        let metric: MetricKey
        do {
            metric = try MetricKey(namespace: metricNamespace, name: metricName)
            try metric.validateForPublishing()
        } catch {
            throw .invalid(error.reason)
        }
        guard !metricName.contains("|"), !metricNamespace.contains("|") else {
            throw .invalid("metricName and metricNamespace must not contain '|'.")
        }
        let pattern: FilterPattern
        do {
            pattern = try FilterPattern(filterPattern)
        } catch {
            throw .invalid(error.description)
        }
        let value: MetricValueExpression
        do {
            value = try MetricValueExpression(metricValue, for: pattern)
        } catch {
            throw .invalid(error.description)
        }
        return Compiled(filter: self, metric: metric, pattern: pattern, value: value)
    }

    /// A filter ready to run.
    package struct Compiled: Sendable {
        package let filter: MetricFilter
        package let metric: MetricKey
        package let pattern: FilterPattern
        package let value: MetricValueExpression
    }
}
