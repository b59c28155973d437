import ArgumentParser

/// Benchmarks of OpenTrail. Not tests: run them with `scripts/bench`, record the figures in
/// docs/PERFORMANCE.md.
@main
struct OpenTrailBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opentrail-bench",
        abstract: "OpenTrail benchmarks (see scripts/bench).",
        subcommands: [
            LoadEvents.self, StoreLookups.self, IngestLoad.self, InsertCeiling.self, DeliveryThroughput.self,
            InflateHash.self, MonitorThroughput.self,
        ]
    )
}
