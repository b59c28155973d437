import ArgumentParser
import Foundation
import TrailModel
import TrailServer

/// `opentrail monitors`: metric filters over log groups and the alarms that watch their metrics, as in
/// CloudWatch.
struct MonitorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitors",
        abstract: "Metric filters, metrics and alarms over log groups, as in CloudWatch.",
        discussion: """
            A metric filter runs a filter pattern over the events of its log group
            and adds its metric value to a per-minute datum of a metric; an alarm
            watches a metric and notifies topics when its state changes.

            Examples:
              opentrail monitors install cis --log-group CloudTrail/Default --topic ops
              opentrail monitors test-pattern --file records.json \\
                --pattern '{ $.eventName = ConsoleLogin }'
              opentrail monitors alarms --state ALARM
            """,
        subcommands: [
            PutMetricFilter.self, DeleteMetricFilter.self, ListMetricFilters.self, TestPattern.self, Backtest.self,
            PutAlarm.self, DeleteAlarm.self, Alarms.self, History.self, MetricStats.self, Metrics.self,
            Install.self,
        ]
    )
}

extension MonitorsCommand {
    struct PutMetricFilter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put-metric-filter",
            abstract: "Create or replace a metric filter of a log group (PutMetricFilter).",
            discussion: """
                --metric-value is what a matching event adds to the metric: a number,
                $.field of a JSON event, or $name of a space-delimited pattern.
                --default-value is recorded for a minute in which the group received
                events but none matched.

                Example:
                  opentrail monitors put-metric-filter --log-group CloudTrail/Default \\
                    --name RootActivity --pattern '{ $.userIdentity.type = "Root" }' \\
                    --metric-name RootAccountUsageCount --metric-namespace CloudTrailMetrics
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(name: .customLong("log-group"), help: "Log group whose events the filter reads.")
        var logGroup: String

        @Option(help: "Filter name, unique in the log group.")
        var name: String

        @Option(help: "CloudWatch Logs filter pattern.")
        var pattern: String

        @Option(name: .customLong("metric-name"), help: "Metric the filter feeds.")
        var metricName: String

        @Option(name: .customLong("metric-namespace"), help: "Namespace of the metric.")
        var metricNamespace: String

        @Option(name: .customLong("metric-value"), help: "What a match adds: a number, $.field or $name.")
        var metricValue = "1"

        @Option(name: .customLong("default-value"), help: "Value of a minute with events but no match.")
        var defaultValue: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try validateValues(request)
        }

        func run() async throws {
            let answer = try await connection.call("/v1/logs/PutMetricFilter", try request())
            if output.json { return output.printJSON(answer) }
            print("metric filter \(name) of \(logGroup) feeds \(metricNamespace)/\(metricName)")
        }

        private func request() throws(MonitoringRequest.InvalidValue) -> JSONValue {
            try MonitoringRequest.putMetricFilter(
                logGroupName: logGroup,
                filterName: name,
                filterPattern: pattern,
                metricName: metricName,
                metricNamespace: metricNamespace,
                metricValue: metricValue,
                defaultValue: defaultValue
            )
        }
    }

    struct DeleteMetricFilter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-metric-filter",
            abstract: "Delete a metric filter (DeleteMetricFilter); its metric's data stays.",
            discussion: """
                Example:
                  opentrail monitors delete-metric-filter --log-group CloudTrail/Default \\
                    --name RootActivity
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(name: .customLong("log-group"), help: "Log group of the filter.")
        var logGroup: String

        @Option(help: "Filter name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/DeleteMetricFilter",
                .object([("logGroupName", .string(logGroup)), ("filterName", .string(name))])
            )
            if output.json { return output.printJSON(answer) }
            print("deleted metric filter \(name) of \(logGroup)")
        }
    }

    struct ListMetricFilters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-metric-filters",
            abstract: "List metric filters: log group, name, metric, value and pattern (DescribeMetricFilters).",
            discussion: """
                Example:
                  opentrail monitors list-metric-filters --log-group CloudTrail/Default
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(name: .customLong("log-group"), help: "Only the filters of this log group.")
        var logGroup: String?

        @Option(help: "Only filters whose name starts with this.")
        var prefix: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/DescribeMetricFilters",
                requestBody([
                    "logGroupName": logGroup.map(JSONValue.string), "filterNamePrefix": prefix.map(JSONValue.string),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "metricFilters").map { filter in
                let transformation = MonitoringOutput.list(filter, "metricTransformations").first ?? .null
                return [
                    MonitoringOutput.text(filter["logGroupName"]),
                    MonitoringOutput.text(filter["filterName"]),
                    MonitoringOutput.text(transformation["metricNamespace"]) + "/"
                        + MonitoringOutput.text(transformation["metricName"]),
                    MonitoringOutput.text(transformation["metricValue"]),
                    MonitoringOutput.text(filter["filterPattern"]),
                ]
            }
            print(MonitoringOutput.table(header: ["LOG GROUP", "FILTER", "METRIC", "VALUE", "PATTERN"], rows: rows))
        }
    }

    struct TestPattern: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test-pattern",
            abstract: "Test a filter pattern against sample log event messages (TestMetricFilter).",
            discussion: """
                The messages are --message texts, or --file: a CloudTrail log file
                ({"Records": [...]}, each record a message), a JSON array, or one
                message per line. Prints each matching message with the values the
                pattern extracts, then how many matched.

                Examples:
                  opentrail monitors test-pattern --file records.json \\
                    --pattern '{ $.eventName = ConsoleLogin }'
                  opentrail monitors test-pattern --pattern '[ip, user, status=4*]' \\
                    --message '10.0.0.1 alice 403' --message '10.0.0.2 bob 200'
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "CloudWatch Logs filter pattern.")
        var pattern: String

        @Option(help: "A message to test (repeat for more).")
        var message: [String] = []

        @Option(help: "A file of messages: {\"Records\": [...]}, a JSON array, or one message per line.")
        var file: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard message.isEmpty != (file == nil) else {
                throw ValidationError("give the messages to test: --message TEXT (repeatable) or --file FILE")
            }
        }

        func run() async throws {
            var messages = message
            if let file {
                messages = MonitoringRequest.logEventMessages(
                    fileContents: try contents(ofFile: file, option: "--file")
                )
                guard !messages.isEmpty else { throw UnreadableFile(option: "--file", path: file + " (no messages)") }
            }
            let answer = try await connection.call(
                "/v1/logs/TestMetricFilter",
                .object([
                    ("filterPattern", .string(pattern)), ("logEventMessages", .array(messages.map(JSONValue.string))),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let matches = MonitoringOutput.list(answer, "matches")
            for match in matches {
                print("#\(MonitoringOutput.text(match["eventNumber"])) \(MonitoringOutput.text(match["eventMessage"]))")
                if case .object(let values)? = match["extractedValues"] {
                    for (key, value) in values { print("    \(key) = \(MonitoringOutput.text(value))") }
                }
            }
            print("\(matches.count) of \(messages.count) message\(messages.count == 1 ? "" : "s") match")
        }
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Run a filter pattern over the recorded event history (BacktestMetricFilter).",
            discussion: """
                Shows what a metric filter would have counted: the matching records
                (time, source, event name, caller, error code), then how many of the
                records scanned matched. The default period is the server's: the
                last 24 hours.

                Example:
                  opentrail monitors backtest --since 7d --limit 20 \\
                    --pattern '{ $.errorCode = "AccessDenied*" }'
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "CloudWatch Logs filter pattern.")
        var pattern: String

        @Option(help: TimeArgument.help("Scan records from:"))
        var since: TimeArgument?

        @Option(help: TimeArgument.help("Scan records up to (default: now):"))
        var until: TimeArgument?

        @Option(help: "Show at most this many matches (default: the server's, 50).")
        var limit: Int?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let now = Date()
            let answer = try await connection.call(
                "/v1/logs/BacktestMetricFilter",
                requestBody([
                    "filterPattern": .string(pattern),
                    "startTime": since.map { .int($0.milliseconds(now: now)) },
                    "endTime": until.map { .int($0.milliseconds(now: now)) },
                    "limit": limit.map { .int($0) },
                ])
            )
            if output.json { return output.printJSON(answer) }
            let matches = MonitoringOutput.list(answer, "matches")
            for record in matches { print(MonitoringOutput.recordLine(record)) }
            print(MonitoringOutput.backtestSummary(answer, shown: matches.count, noun: "record"))
        }
    }
}
