import ArgumentParser
import Foundation
import TrailModel
import TrailServer

extension MonitorsCommand {
    struct Install: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "install",
            abstract: "Install a ready-made set of metric filters and alarms.",
            subcommands: [CIS.self]
        )
    }
}

extension MonitorsCommand.Install {
    struct CIS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cis",
            abstract: "Install the CIS AWS Foundations Benchmark's CloudTrail monitors (InstallCIS).",
            discussion: """
                Creates, on the log group, the metric filters of the CIS benchmark's
                monitoring controls (unauthorized API calls, root account usage,
                changes to IAM policies, trails, security groups, and the others)
                and an alarm on each of their metrics in --namespace, notifying
                --topic. Installing again replaces them. Prints what was created.

                Example:
                  opentrail monitors install cis --log-group CloudTrail/Default \\
                    --topic security
                """
        )

        @OptionGroup var connection: ClientOptions

        @Option(name: .customLong("log-group"), help: "Log group of the trail's records.")
        var logGroup: String

        @Option(help: "Topic the alarms notify on entering ALARM (default: none).")
        var topic: String?

        @Option(help: "Namespace of the metrics.")
        var namespace = "CISBenchmark"

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let answer = try await connection.call(
                "/v1/monitors/InstallCIS",
                requestBody([
                    "logGroupName": .string(logGroup), "topic": topic.map(JSONValue.string),
                    "namespace": .string(namespace),
                ])
            )
            if output.json { return output.printJSON(answer) }
            let filters = MonitoringOutput.list(answer, "metricFilters")
            let alarms = MonitoringOutput.list(answer, "alarms")
            for filter in filters { print("metric filter \(MonitoringOutput.text(filter["filterName"] ?? filter))") }
            for alarm in alarms { print("alarm \(MonitoringOutput.text(alarm["alarmName"] ?? alarm))") }
            print("installed \(filters.count) metric filters on \(logGroup) and \(alarms.count) alarms in \(namespace)")
            if topic == nil { print("the alarms notify no one: install again with --topic NAME to be notified") }
        }
    }
}
