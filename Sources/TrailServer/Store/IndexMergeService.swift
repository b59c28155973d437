import Logging
import ServiceLifecycle
import TrailStore

/// Merges the in-memory tail of the eventID and resource-name indexes into the database once enough
/// events have gathered (``SQLiteStore/indexMergeThreshold``), in the background, so that no append
/// pays for it. Nothing is lost if the server stops first: the store rebuilds the tail when it opens.
struct IndexMergeService: Service {
    let store: SQLiteStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                guard store.isIndexMergeDue else { continue }
                do {
                    let started = ContinuousClock.now
                    let merged = try await store.mergeRecentIndexes(yielding: true)
                    logger.debug(
                        "Merged index entries",
                        metadata: [
                            "trail.store.merged_events": "\(merged)",
                            "trail.store.merge_duration": "\(ContinuousClock.now - started)",
                        ]
                    )
                } catch {
                    logger.warning("Index merge failed", metadata: ["trail.error": "\(error)"])
                }
            }
        }
    }
}
