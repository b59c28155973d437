import ArgumentParser
import Foundation
import Logging
import TrailModel
import TrailStore

/// Fills a data directory's event log with synthetic events, through the store.
struct LoadEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load synthetic events into a data directory."
    )

    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var events = 1_000_000
    @Option(name: .customLong("batch")) var batchSize = 10_000

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let path = (dataDirectory as NSString).appendingPathComponent("opentrail.sqlite")
        let store = try SQLiteStore(configuration: .init(path: path), logger: Logger(label: "bench"))
        let existing = try await store.latestSequence()
        guard existing == 0 else {
            print("load: \(path) already holds \(existing) events; nothing loaded")
            return
        }
        var generator = SyntheticEvents(count: events)
        let start = ContinuousClock.now
        var loaded = 0
        while loaded < events {
            let n = min(batchSize, events - loaded)
            let batch = (loaded..<(loaded + n)).map { generator.record($0) }
            _ = try await store.append(batch)
            loaded += n
        }
        // As the server's background merge would have: the eventID and resource-name indexes complete.
        try await store.mergeRecentIndexes()
        let seconds = (ContinuousClock.now - start).seconds
        print(
            String(
                format: "load: %d events in %.1f s (%.0f events/s, batches of %d)",
                loaded,
                seconds,
                Double(loaded) / seconds,
                batchSize
            )
        )
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
