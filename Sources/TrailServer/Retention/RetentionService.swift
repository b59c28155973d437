import Foundation
import Logging
import ServiceLifecycle
import TrailModel
import TrailStore

/// Removes events older than the retention period from event history, in small batches, so that a
/// purge never holds the writer long enough to stall ingestion or lookups.
struct RetentionService: Service {
    let log: any EventLog
    /// How long events are kept.
    let retention: TimeInterval
    /// How often to look for expired events.
    let interval: TimeInterval
    /// Events removed per transaction.
    let batchSize: Int
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await purgeExpired()
                    if removed > 0 {
                        logger.info("Purged expired events", metadata: ["trail.retention.removed": "\(removed)"])
                    }
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("Retention purge failed", metadata: ["trail.error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(interval))
            }
        }
    }

    /// Removes every event older than the retention period, one batch per transaction, yielding between
    /// batches; returns how many it removed.
    @discardableResult
    func purgeExpired() async throws -> Int {
        let cutoff = EventTime.milliseconds(now().addingTimeInterval(-retention))
        var total = 0
        while true {
            try Task.checkCancellation()
            let removed = try await log.purge(before: cutoff, limit: batchSize)
            total += removed
            if removed < batchSize { return total }
            await Task.yield()
        }
    }
}
