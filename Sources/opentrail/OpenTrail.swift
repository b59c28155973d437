import ArgumentParser

@main
struct OpenTrail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opentrail",
        abstract:
            "A self-hosted AWS CloudTrail: records API calls, keeps a searchable history, speaks CloudTrail's API.",
        version: OpenTrailVersion.current,
        subcommands: [
            Serve.self, Lookup.self, Flush.self, ValidateLogsCommand.self, LogsCommand.self, MonitorsCommand.self,
            RulesCommand.self,
        ],
        defaultSubcommand: Serve.self
    )
}
