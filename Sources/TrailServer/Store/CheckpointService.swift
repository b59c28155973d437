import Foundation
import Logging
import ServiceLifecycle
import TrailStore

/// Checkpoints the SQLite WAL in the background, so that no request pays for copying it into the
/// database. SQLite's own automatic checkpoint stays as a safety net at a much larger WAL size.
struct CheckpointService: Service {
    let store: SQLiteStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    let result = try await store.checkpoint()
                    logger.debug(
                        "Checkpointed",
                        metadata: [
                            "trail.store.wal_pages": "\(result.walPages)",
                            "trail.store.checkpointed_pages": "\(result.checkpointedPages)",
                        ]
                    )
                } catch {
                    logger.warning("Checkpoint failed", metadata: ["trail.error": "\(error)"])
                }
            }
        }
        // Leave the database file complete for the next start.
        _ = try? await store.checkpoint()
    }
}
