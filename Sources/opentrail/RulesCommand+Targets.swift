import ArgumentParser
import Foundation
import TrailModel
import TrailServer

extension RulesCommand {
    struct PutTarget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "put-target",
            abstract: "Add or replace a target of a rule: a webhook or a topic (PutTargets).",
            discussion: """
                A webhook receives each matching event as a POST, signed with the
                secret read from --secret-file (never given on the command line, so
                it does not show in the process list; it is never printed). A topic
                is one of the server's notification topics. Command targets come
                only from the server's config file.

                What the target receives: the whole event, the part at --input-path,
                or --input-template with <name> placeholders filled from
                --input-path-map name=$.path entries.

                Examples:
                  opentrail rules put-target bucket-deleted --id hook \\
                    --webhook https://hooks.example.com/trail \\
                    --secret-file ~/.opentrail/hook-secret
                  opentrail rules put-target bucket-deleted --id notify --topic security \\
                    --input-template '"<who> deleted <bucket>"' \\
                    --input-path-map who=$.detail.userIdentity.arn \\
                    --input-path-map bucket=$.detail.requestParameters.bucketName
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var rule: String

        @Option(help: "Target id, unique in the rule.")
        var id: String

        @Option(help: "Webhook URL (http or https), with --secret-file.")
        var webhook: String?

        @Option(name: .customLong("secret-file"), help: "File holding the webhook's signing secret.")
        var secretFile: String?

        @Option(help: "Notification topic of the server.")
        var topic: String?

        @Option(name: .customLong("input-path"), help: "JSON path of the part of the event to send, e.g. $.detail.")
        var inputPath: String?

        @Option(name: .customLong("input-template"), help: "Template of what to send, with <name> placeholders.")
        var inputTemplate: String?

        @Option(
            name: .customLong("input-path-map"),
            help: "A placeholder of --input-template and its JSON path, name=$.path (repeatable)."
        )
        var inputPathMap: [String] = []

        @Option(name: .customLong("max-retries"), help: "Retries of a failed delivery before it is kept as failed.")
        var maxRetries: Int?

        @Option(name: .customLong("max-event-age"), help: "Seconds after which an undelivered event is kept as failed.")
        var maxEventAge: Int?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let secret = try secretFile.map { path in
                String(decoding: try contents(ofFile: path, option: "--secret-file"), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let target = try MonitoringRequest.ruleTarget(
                id: id,
                webhookURL: webhook,
                secret: secret,
                topic: topic,
                inputPath: inputPath,
                inputTemplate: inputTemplate,
                inputPathsMap: inputPathMap,
                maximumRetryAttempts: maxRetries,
                maximumEventAgeInSeconds: maxEventAge
            )
            let answer = try await connection.call(
                "/v1/rules/PutTargets",
                .object([("rule", .string(rule)), ("targets", .array([target]))])
            )
            try report(answer, output: output) { isFailed in
                if !isFailed(id) { print("rule \(rule) target \(id): \(MonitoringOutput.targetDestination(target))") }
            }
        }
    }

    struct RemoveTarget: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-target",
            abstract: "Remove targets from a rule (RemoveTargets).",
            discussion: """
                Example:
                  opentrail rules remove-target bucket-deleted hook notify
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var rule: String

        @Argument(help: "Ids of the targets.")
        var ids: [String]

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if ids.isEmpty { throw ValidationError("name at least one target id") }
        }

        func run() async throws {
            let answer = try await connection.call(
                "/v1/rules/RemoveTargets",
                .object([("rule", .string(rule)), ("ids", .array(ids.map(JSONValue.string)))])
            )
            try report(answer, output: output) { isFailed in
                for id in ids where !isFailed(id) { print("removed target \(id) of rule \(rule)") }
            }
        }
    }

    struct Targets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "targets",
            abstract: "List a rule's targets: destination, input, retry policy (ListTargetsByRule).",
            discussion: """
                Webhook secrets are never shown.

                Example:
                  opentrail rules targets bucket-deleted
                """
        )

        @OptionGroup var connection: ClientOptions

        @Argument(help: "Rule name.")
        var rule: String

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = MonitoringOutput.redactingSecrets(
                try await connection.call("/v1/rules/ListTargetsByRule", .object([("rule", .string(rule))]))
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "targets").map { target in
                let policy = target["retryPolicy"] ?? .null
                return [
                    MonitoringOutput.text(target["id"]), MonitoringOutput.targetDestination(target),
                    MonitoringOutput.text(policy["maximumRetryAttempts"]),
                    MonitoringOutput.text(policy["maximumEventAgeInSeconds"]), MonitoringOutput.targetInput(target),
                ]
            }
            print(
                MonitoringOutput.table(header: ["ID", "DESTINATION", "MAX RETRIES", "MAX AGE", "INPUT"], rows: rows)
            )
        }
    }

    struct Failures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "failures",
            abstract: "List deliveries that failed after their last retry (ListFailedDeliveries).",
            discussion: """
                Each failure keeps its event; --json shows them. Deliver them again
                with opentrail rules replay.

                Example:
                  opentrail rules failures --rule bucket-deleted
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Only the failures of this rule.")
        var rule: String?

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/rules/ListFailedDeliveries",
                requestBody(["rule": rule.map(JSONValue.string)])
            )
            if output.json { return output.printJSON(answer) }
            let rows = MonitoringOutput.list(answer, "failures").map { failure in
                [
                    MonitoringOutput.text(failure["id"]), MonitoringOutput.text(failure["rule"]),
                    MonitoringOutput.text(failure["targetId"]), MonitoringOutput.text(failure["attempts"]),
                    MonitoringOutput.time(failure["failedAt"]), MonitoringOutput.text(failure["lastError"]),
                ]
            }
            print(
                MonitoringOutput.table(
                    header: ["ID", "RULE", "TARGET", "ATTEMPTS", "FAILED AT", "LAST ERROR"],
                    rows: rows
                )
            )
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Deliver failed deliveries again (ReplayFailedDeliveries).",
            discussion: """
                Examples:
                  opentrail rules replay --rule bucket-deleted
                  opentrail rules replay --id 42 --id 43
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(help: "Id of a failure to replay, from opentrail rules failures (repeatable).")
        var id: [String] = []

        @Option(help: "Replay every failure of this rule.")
        var rule: String?

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard id.isEmpty != (rule == nil) else {
                throw ValidationError("say what to replay: --id ID (repeatable) or --rule RULE")
            }
        }

        func run() async throws {
            let answer = try await connection.call(
                "/v1/rules/ReplayFailedDeliveries",
                requestBody([
                    "ids": id.isEmpty ? nil : .array(id.map(JSONValue.string)), "rule": rule.map(JSONValue.string),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let replayed: String
            switch answer["replayed"] {
            case .array(let items)?: replayed = String(items.count)
            case let value: replayed = MonitoringOutput.text(value)
            }
            print("replayed \(replayed.isEmpty ? "0" : replayed) deliver\(replayed == "1" ? "y" : "ies")")
        }
    }
}

/// Prints a PutTargets or RemoveTargets answer: `done` is told which target ids failed and prints the others,
/// each failed entry goes to standard error, and any failure exits with 1.
private func report(_ answer: JSONValue, output: OutputOptions, done: (_ isFailed: (String) -> Bool) -> Void) throws {
    let failed = MonitoringOutput.list(answer, "failedEntries")
    let failures = Int(MonitoringOutput.text(answer["failedEntryCount"])) ?? failed.count
    let failedIDs = Set(failed.compactMap { $0["targetId"]?.stringValue })
    if output.json {
        output.printJSON(MonitoringOutput.redactingSecrets(answer))
    } else {
        // A failure that names no target leaves every target in doubt.
        done { id in failedIDs.contains(id) || (failures > 0 && failedIDs.isEmpty) }
        for entry in failed {
            let line = [
                MonitoringOutput.text(entry["targetId"]), MonitoringOutput.text(entry["errorCode"]),
                MonitoringOutput.text(entry["errorMessage"]),
            ].filter { !$0.isEmpty }.joined(separator: ": ")
            FileHandle.standardError.write(Data("failed \(line)\n".utf8))
        }
    }
    if failures > 0 { throw ExitCode(1) }
}
