import ArgumentParser
import Foundation
import TrailModel
import TrailServer

/// `opentrail logs`: the log groups trails send their records to, as in CloudWatch Logs.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Search and manage log groups: the CloudWatch Logs that trails send their records to.",
        discussion: """
            A trail whose CloudWatchLogsLogGroupArn names a log group
            (arn:aws:logs:<region>:<account>:log-group:<name>:*) sends it one log
            event per record it selects, in stream <account>_CloudTrail_<region>.
            Metric filters (opentrail monitors) count matching events.

            Examples:
              opentrail logs create-group CloudTrail/Default --retention-days 90
              opentrail logs filter CloudTrail/Default --start 2h \\
                --pattern '{ $.eventName = ConsoleLogin }'
            """,
        subcommands: [
            Filter.self, Groups.self, CreateGroup.self, DeleteGroup.self, SetRetention.self, DeleteRetention.self,
        ]
    )
}

extension LogsCommand {
    struct Filter: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "filter",
            abstract: "Print a log group's events that match a filter pattern (FilterLogEvents).",
            discussion: """
                Prints one line per event, oldest first: <time> <stream> <message>,
                or with --json one JSON object per event ({logStreamName, timestamp,
                ingestionTime, message, eventId}). Follows the pages of the answer
                until --limit events.

                Patterns are CloudWatch Logs filter patterns:
                  '{ $.eventName = ConsoleLogin }'
                  '{ ($.errorCode = "*UnauthorizedOperation") ||
                     ($.errorCode = "AccessDenied*") }'
                  'DeleteTrail'                       (a term in the message)

                Example:
                  opentrail logs filter CloudTrail/Default --start 7d \\
                    --pattern '{ $.userIdentity.type = Root }'
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Log group name.")
        var group: String

        @Option(help: "CloudWatch Logs filter pattern (default: every event).")
        var pattern: String?

        @Option(help: TimeArgument.help("Earliest event time:"))
        var start: TimeArgument?

        @Option(help: TimeArgument.help("Latest event time:"))
        var end: TimeArgument?

        @Option(help: "At most this many events, over all pages (default: all).")
        var limit: Int?

        @Flag(help: "Print one JSON object per event instead of text.")
        var json = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            let now = Date()
            let request = MonitoringRequest.filterLogEvents(
                logGroupName: group,
                filterPattern: pattern,
                startTime: start?.milliseconds(now: now),
                endTime: end?.milliseconds(now: now)
            )
            try await connection.client().filterLogEvents(request, limit: limit, region: connection.region) { event in
                print(json ? event.serializedString : MonitoringOutput.logEventLine(event))
            }
        }
    }

    struct Groups: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "groups",
            abstract: "List log groups: retention, metric filters, stored events (DescribeLogGroups).",
            discussion: """
                Example:
                  opentrail logs groups --prefix CloudTrail/
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Only groups whose name starts with this.")
        var prefix: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/DescribeLogGroups",
                requestBody(["logGroupNamePrefix": prefix.map(JSONValue.string)])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "logGroups").map { group in
                [
                    MonitoringOutput.text(group["logGroupName"]),
                    group["retentionInDays"].map { "\(MonitoringOutput.text($0)) days" } ?? "never expire",
                    MonitoringOutput.text(group["metricFilterCount"]),
                    MonitoringOutput.text(group["storedEvents"]),
                    MonitoringOutput.time(group["creationTime"]),
                ]
            }
            print(
                MonitoringOutput.table(
                    header: ["LOG GROUP", "RETENTION", "METRIC FILTERS", "STORED EVENTS", "CREATED"],
                    rows: rows
                )
            )
        }
    }

    struct CreateGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create-group",
            abstract: "Create a log group (CreateLogGroup).",
            discussion: """
                Trails send records to it once their CloudWatchLogsLogGroupArn names it.

                Example:
                  opentrail logs create-group CloudTrail/Default --retention-days 90
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Log group name.")
        var name: String

        @Option(
            name: .customLong("retention-days"),
            help: "Days to keep events (CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, ... 3653; default: forever)."
        )
        var retentionDays: Int?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/CreateLogGroup",
                requestBody(["logGroupName": .string(name), "retentionInDays": retentionDays.map { .int($0) }])
            )
            if output.json { return output.printJSON(answer) }
            print("created log group \(name)" + (retentionDays.map { ", events kept \($0) days" } ?? ""))
        }
    }

    struct DeleteGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-group",
            abstract: "Delete a log group, its stored events and its metric filters (DeleteLogGroup).",
            discussion: """
                Example:
                  opentrail logs delete-group CloudTrail/Old
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Log group name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/DeleteLogGroup",
                .object([("logGroupName", .string(name))])
            )
            if output.json { return output.printJSON(answer) }
            print("deleted log group \(name)")
        }
    }

    struct SetRetention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-retention",
            abstract: "Set how many days a log group keeps its events (PutRetentionPolicy).",
            discussion: """
                DAYS is one of CloudWatch's values: 1, 3, 5, 7, 14, 30, 60, 90, 120,
                150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.
                To keep events forever: opentrail logs delete-retention NAME.

                Example:
                  opentrail logs set-retention CloudTrail/Default 365
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Log group name.")
        var name: String

        @Argument(help: "Days to keep events.")
        var days: Int

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/PutRetentionPolicy",
                .object([("logGroupName", .string(name)), ("retentionInDays", .int(days))])
            )
            if output.json { return output.printJSON(answer) }
            print("log group \(name) keeps events \(days) days")
        }
    }

    struct DeleteRetention: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-retention",
            abstract: "Keep a log group's events forever (DeleteRetentionPolicy).",
            discussion: """
                Example:
                  opentrail logs delete-retention CloudTrail/Default
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Log group name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/logs/DeleteRetentionPolicy",
                .object([("logGroupName", .string(name))])
            )
            if output.json { return output.printJSON(answer) }
            print("log group \(name) keeps events forever")
        }
    }
}
