import ArgumentParser
import Foundation
import TrailModel
import TrailServer

extension MonitorsCommand {
    /// CloudWatch's statistics of a metric over a period.
    enum Statistic: String, CaseIterable, ExpressibleByArgument {
        case sampleCount = "SampleCount"
        case average = "Average"
        case sum = "Sum"
        case minimum = "Minimum"
        case maximum = "Maximum"
    }

    /// How an alarm compares the statistic with its threshold.
    enum Comparison: String, CaseIterable, ExpressibleByArgument {
        case greaterThanOrEqual = "GreaterThanOrEqualToThreshold"
        case greaterThan = "GreaterThanThreshold"
        case lessThan = "LessThanThreshold"
        case lessThanOrEqual = "LessThanOrEqualToThreshold"
    }

    /// How an alarm treats a period without data.
    enum MissingData: String, CaseIterable, ExpressibleByArgument {
        case breaching
        case notBreaching
        case ignore
        case missing
    }

    /// An alarm's state.
    enum AlarmState: String, CaseIterable, ExpressibleByArgument {
        case ok = "OK"
        case alarm = "ALARM"
        case insufficientData = "INSUFFICIENT_DATA"
    }

    struct PutAlarm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put-alarm",
            abstract: "Create or replace an alarm on a metric (PutMetricAlarm).",
            discussion: """
                The alarm computes --statistic over each --period seconds and compares
                it with --threshold; it goes to ALARM when --datapoints-to-alarm of
                the last --evaluation-periods periods breach (default: all of them),
                and back to OK when they do not. Each state change is kept in the
                alarm's history and published to the topics of the new state's
                actions (topics are the server's notification topics).

                Example:
                  opentrail monitors put-alarm --name RootActivity \\
                    --namespace CloudTrailMetrics --metric-name RootAccountUsageCount \\
                    --statistic Sum --period 300 --evaluation-periods 1 \\
                    --threshold 1 --comparison GreaterThanOrEqualToThreshold \\
                    --alarm-action security
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Alarm name.")
        var name: String

        @Option(name: .customLong("metric-name"), help: "Metric the alarm watches.")
        var metricName: String

        @Option(help: "Namespace of the metric.")
        var namespace: String

        @Option(help: "Statistic over each period.")
        var statistic: Statistic

        @Option(help: "Length of a period, in seconds (a multiple of 60).")
        var period: Int

        @Option(name: .customLong("evaluation-periods"), help: "Periods the alarm looks back over.")
        var evaluationPeriods: Int

        @Option(
            name: .customLong("datapoints-to-alarm"),
            help: "Breaching periods among them that set off the alarm (default: --evaluation-periods)."
        )
        var datapointsToAlarm: Int?

        @Option(help: "Threshold the statistic is compared with.")
        var threshold: String

        @Option(help: "How the statistic is compared with the threshold.")
        var comparison: Comparison

        @Option(name: .customLong("treat-missing-data"), help: "How a period without data counts (default: missing).")
        var treatMissingData: MissingData?

        @Option(name: .customLong("alarm-action"), help: "Topic notified on entering ALARM (repeatable).")
        var alarmActions: [String] = []

        @Option(name: .customLong("ok-action"), help: "Topic notified on entering OK (repeatable).")
        var okActions: [String] = []

        @Option(
            name: .customLong("insufficient-data-action"),
            help: "Topic notified on entering INSUFFICIENT_DATA (repeatable)."
        )
        var insufficientDataActions: [String] = []

        @Option(help: "Description of the alarm.")
        var description: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try validateValues(request)
        }

        func run() async throws {
            let answer = try await connection.call("/v1/alarms/PutMetricAlarm", try request())
            if output.json { return output.printJSON(answer) }
            print("alarm \(name) watches \(namespace)/\(metricName): \(statistic.rawValue) over \(period)s")
        }

        private func request() throws(MonitoringRequest.InvalidValue) -> JSONValue {
            try MonitoringRequest.putMetricAlarm(
                alarmName: name,
                namespace: namespace,
                metricName: metricName,
                statistic: statistic.rawValue,
                period: period,
                evaluationPeriods: evaluationPeriods,
                datapointsToAlarm: datapointsToAlarm,
                threshold: threshold,
                comparisonOperator: comparison.rawValue,
                treatMissingData: treatMissingData?.rawValue,
                alarmActions: alarmActions,
                okActions: okActions,
                insufficientDataActions: insufficientDataActions,
                alarmDescription: description
            )
        }
    }

    struct DeleteAlarm: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-alarm",
            abstract: "Delete alarms (DeleteAlarms).",
            discussion: """
                Example:
                  opentrail monitors delete-alarm RootActivity ConsoleSignInFailures
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Names of the alarms.")
        var names: [String]

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if names.isEmpty { throw ValidationError("name at least one alarm") }
        }

        func run() async throws {
            let answer = try await connection.call(
                "/v1/alarms/DeleteAlarms",
                .object([("alarmNames", .array(names.map(JSONValue.string)))])
            )
            if output.json { return output.printJSON(answer) }
            for name in names { print("deleted alarm \(name)") }
        }
    }

    struct Alarms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alarms",
            abstract: "List alarms with their state and its reason (DescribeAlarms).",
            discussion: """
                Examples:
                  opentrail monitors alarms
                  opentrail monitors alarms --state ALARM
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Only alarms in this state.")
        var state: AlarmState?

        @Option(help: "Only alarms whose name starts with this.")
        var prefix: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/alarms/DescribeAlarms",
                requestBody([
                    "stateValue": state.map { .string($0.rawValue) }, "alarmNamePrefix": prefix.map(JSONValue.string),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "metricAlarms").map { alarm in
                [
                    MonitoringOutput.text(alarm["alarmName"]), MonitoringOutput.text(alarm["stateValue"]),
                    MonitoringOutput.text(alarm["stateReason"]),
                ]
            }
            print(MonitoringOutput.table(header: ["ALARM", "STATE", "REASON"], rows: rows))
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show alarms' history: state changes and configuration updates (DescribeAlarmHistory).",
            discussion: """
                Examples:
                  opentrail monitors history
                  opentrail monitors history RootActivity --since 7d
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Only the history of this alarm.")
        var name: String?

        @Option(help: TimeArgument.help("Items from:"))
        var since: TimeArgument?

        @Option(help: "At most this many items.")
        var limit: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let now = Date()
            let answer = try await connection.call(
                "/v1/alarms/DescribeAlarmHistory",
                requestBody([
                    "alarmName": name.map(JSONValue.string),
                    "startDate": since.map { .int($0.milliseconds(now: now)) },
                    "maxRecords": limit.map { .int($0) },
                ])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "alarmHistoryItems").map { item in
                [
                    MonitoringOutput.time(item["timestamp"]), MonitoringOutput.text(item["alarmName"]),
                    MonitoringOutput.text(item["historyItemType"]), MonitoringOutput.text(item["historySummary"]),
                ]
            }
            print(MonitoringOutput.table(header: ["TIME", "ALARM", "TYPE", "SUMMARY"], rows: rows))
        }
    }

    struct MetricStats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metric-stats",
            abstract: "Show a metric's statistics per period (GetMetricStatistics).",
            discussion: """
                One row per period with data, oldest first.

                Example:
                  opentrail monitors metric-stats --namespace CloudTrailMetrics \\
                    --metric-name ConsoleSignInFailureCount --since 1d --period 3600 \\
                    --statistic Sum --statistic Maximum
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Namespace of the metric.")
        var namespace: String

        @Option(name: .customLong("metric-name"), help: "Metric name.")
        var metricName: String

        @Option(help: TimeArgument.help("From:"))
        var since = TimeArgument(argument: "1h")!

        @Option(help: TimeArgument.help("Up to (default: now):"))
        var until: TimeArgument?

        @Option(help: "Length of a period, in seconds (a multiple of 60).")
        var period = 60

        @Option(help: "A statistic to show (repeatable; default: Sum).")
        var statistic: [Statistic] = []

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let now = Date()
            let statistics = (statistic.isEmpty ? [.sum] : statistic).map(\.rawValue)
            let answer = try await connection.call(
                "/v1/alarms/GetMetricStatistics",
                .object([
                    ("namespace", .string(namespace)),
                    ("metricName", .string(metricName)),
                    ("startTime", .int(since.milliseconds(now: now))),
                    ("endTime", .int(until?.milliseconds(now: now) ?? EventTime.milliseconds(now))),
                    ("period", .int(period)),
                    ("statistics", .array(statistics.map(JSONValue.string))),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let datapoints = MonitoringOutput.list(answer, "datapoints")
            guard !datapoints.isEmpty else {
                return print("no data for \(namespace)/\(metricName) in this period")
            }
            print(MonitoringOutput.statisticsTable(datapoints, statistics: statistics))
        }
    }

    struct Metrics: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "metrics",
            abstract: "List the metrics that have data (ListMetrics).",
            discussion: """
                Example:
                  opentrail monitors metrics --namespace CloudTrailMetrics
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Only metrics of this namespace.")
        var namespace: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/alarms/ListMetrics",
                requestBody(["namespace": namespace.map(JSONValue.string)])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "metrics").map { metric in
                [MonitoringOutput.text(metric["namespace"]), MonitoringOutput.text(metric["metricName"])]
            }
            print(MonitoringOutput.table(header: ["NAMESPACE", "METRIC"], rows: rows))
        }
    }
}
