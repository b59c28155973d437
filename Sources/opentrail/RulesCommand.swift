import ArgumentParser
import Foundation
import TrailModel
import TrailServer

/// `opentrail rules`: EventBridge-style rules that react to recorded events.
struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Rules that react to events within a second: EventBridge event patterns and their targets.",
        discussion: """
            A rule matches an EventBridge event pattern against each record in
            CloudTrail's EventBridge envelope (source aws.<service>, detail-type,
            detail: the record) and hands each match to its targets: webhooks,
            topics, or commands of the server's config file. Failed deliveries
            are retried, then kept for `rules failures` and `rules replay`.

            Examples:
              opentrail rules put no-root \\
                --pattern '{"detail": {"userIdentity": {"type": ["Root"]}}}'
              opentrail rules put-target no-root --id notify --topic security
              opentrail rules backtest --since 7d \\
                --pattern '{"detail": {"eventName": ["DeleteBucket", "DeleteTrail"]}}'
            """,
        subcommands: [
            Put.self, Delete.self, List.self, Describe.self, PutTarget.self, RemoveTarget.self, Targets.self,
            Test.self, Backtest.self, Failures.self, Replay.self,
        ]
    )

    /// A rule's state.
    enum RuleState: String, CaseIterable, ExpressibleByArgument {
        case enabled = "ENABLED"
        case disabled = "DISABLED"
        case enabledWithAllManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
    }
}

extension RulesCommand {
    struct Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put",
            abstract: "Create or replace a rule (PutRule).",
            discussion: """
                Read-only management events (Describe*, Get*, List*) reach the rule
                only in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS, as in
                EventBridge. Prints the rule's ARN.

                Example:
                  opentrail rules put bucket-deleted --description 'S3 buckets deleted' \\
                    --pattern '{"source": ["aws.s3"],
                               "detail": {"eventName": ["DeleteBucket"]}}'
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var name: String

        @Option(help: "EventBridge event pattern, a JSON object.")
        var pattern: String

        @Option(help: "State of the rule (default: ENABLED).")
        var state: RuleState?

        @Option(help: "Description of the rule.")
        var description: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            try validateValues { () throws(MonitoringRequest.InvalidValue) in
                try MonitoringRequest.eventPattern(pattern)
            }
        }

        func run() async throws {
            let answer = try await connection.call(
                "/v1/rules/PutRule",
                requestBody([
                    "name": .string(name), "eventPattern": .string(pattern),
                    "state": state.map { .string($0.rawValue) }, "description": description.map(JSONValue.string),
                ])
            )
            if output.json { return output.printJSON(answer) }
            print(MonitoringOutput.text(answer["ruleArn"] ?? .string(name)))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a rule (DeleteRule).",
            discussion: """
                Example:
                  opentrail rules delete bucket-deleted
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call("/v1/rules/DeleteRule", .object([("name", .string(name))]))
            if output.json { return output.printJSON(answer) }
            print("deleted rule \(name)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List rules: name, state, description (ListRules).",
            discussion: """
                Example:
                  opentrail rules list --prefix security-
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Only rules whose name starts with this.")
        var prefix: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/rules/ListRules",
                requestBody(["namePrefix": prefix.map(JSONValue.string)])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "rules").map { rule in
                [
                    MonitoringOutput.text(rule["name"]), MonitoringOutput.text(rule["state"]),
                    MonitoringOutput.text(rule["description"]),
                ]
            }
            print(MonitoringOutput.table(header: ["RULE", "STATE", "DESCRIPTION"], rows: rows))
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "describe",
            abstract: "Show a rule: ARN, state, description, event pattern (DescribeRule).",
            discussion: """
                Example:
                  opentrail rules describe bucket-deleted
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var name: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call("/v1/rules/DescribeRule", .object([("name", .string(name))]))
            if output.json { return output.printJSON(MonitoringOutput.redactingSecrets(answer)) }
            print(
                MonitoringOutput.table(
                    header: [],
                    rows: MonitoringOutput.fields(MonitoringOutput.redactingSecrets(answer))
                )
            )
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Test an event pattern against one event (TestEventPattern).",
            discussion: """
                Prints true or false, and exits like grep: 0 when the pattern
                matches, 1 when it does not, 2 when the test could not run. The
                event is EventBridge's envelope of a record ({"source",
                "detail-type", "detail", ...}).

                Example:
                  opentrail rules test --pattern '{"source": ["aws.s3"]}' \\
                    --event-file event.json && echo matches
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "EventBridge event pattern, a JSON object.")
        var pattern: String

        @Option(help: "The event, a JSON object.")
        var event: String?

        @Option(name: .customLong("event-file"), help: "A file holding the event.")
        var eventFile: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard (event == nil) != (eventFile == nil) else {
                throw ValidationError("give the event to test: --event JSON or --event-file FILE")
            }
            try validateValues { () throws(MonitoringRequest.InvalidValue) in
                _ = try MonitoringRequest.eventPattern(pattern)
                if let event { _ = try MonitoringRequest.jsonObject(event, option: "--event") }
            }
        }

        func run() async throws {
            let matches: Bool
            do {
                matches = try await test()
            } catch {
                // Status 1 means "no match": a failure to test is 2, as with grep.
                FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            if !matches { throw ExitCode(1) }
        }

        private func test() async throws -> Bool {
            var eventText = event ?? ""
            if let eventFile {
                eventText = String(decoding: try contents(ofFile: eventFile, option: "--event-file"), as: UTF8.self)
                _ = try MonitoringRequest.jsonObject(eventText, option: "--event-file")
            }
            let answer = try await connection.call(
                "/v1/rules/TestEventPattern",
                .object([("eventPattern", .string(pattern)), ("event", .string(eventText))])
            )
            guard let matches = answer["result"]?.boolValue else {
                throw UnexpectedAnswer(action: "TestEventPattern", answer: answer)
            }
            if output.json { output.printJSON(answer) } else { print(matches ? "true" : "false") }
            return matches
        }
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backtest",
            abstract: "Run an event pattern over the recorded event history (BacktestEventPattern).",
            discussion: """
                Shows what a rule would have matched: one line per matching event
                (time, source, detail type, event name, caller), then how many of the
                events scanned matched. Read-only management events are left out
                unless --include-read-only, as a rule not in state
                ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS leaves them out. The
                default period is the server's: the last 24 hours.

                Example:
                  opentrail rules backtest --since 7d \\
                    --pattern '{"detail": {"errorCode": [{"prefix": "AccessDenied"}]}}'
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "EventBridge event pattern, a JSON object.")
        var pattern: String

        @Option(help: TimeArgument.help("Scan events from:"))
        var since: TimeArgument?

        @Option(help: TimeArgument.help("Scan events up to (default: now):"))
        var until: TimeArgument?

        @Option(help: "Show at most this many matches (default: the server's, 50).")
        var limit: Int?

        @Flag(name: .customLong("include-read-only"), help: "Scan read-only management events too.")
        var includeReadOnly = false

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
            try validateValues { () throws(MonitoringRequest.InvalidValue) in
                try MonitoringRequest.eventPattern(pattern)
            }
        }

        func run() async throws {
            let now = Date()
            let answer = try await connection.call(
                "/v1/rules/BacktestEventPattern",
                requestBody([
                    "eventPattern": .string(pattern),
                    "startTime": since.map { .int($0.milliseconds(now: now)) },
                    "endTime": until.map { .int($0.milliseconds(now: now)) },
                    "limit": limit.map { .int($0) },
                    "includeReadOnlyEvents": includeReadOnly ? .bool(true) : nil,
                ])
            )
            if output.json { return output.printJSON(answer) }
            let matches = MonitoringOutput.list(answer, "matches")
            for envelope in matches { print(MonitoringOutput.envelopeLine(envelope)) }
            print(MonitoringOutput.backtestSummary(answer, shown: matches.count, noun: "event"))
        }
    }
}
