import Logging
import ServiceLifecycle

/// Runs the monitor engine and the target dispatcher: a pass every ``interval`` (a few tens of milliseconds,
/// so a matching event acts within a second of its commit), until graceful shutdown.
package struct MonitorService: Service {
    let engine: MonitorEngine
    let dispatcher: TargetDispatcher
    let interval: Duration
    let logger: Logger

    package init(
        engine: MonitorEngine,
        dispatcher: TargetDispatcher,
        interval: Duration = .milliseconds(50),
        logger: Logger
    ) {
        self.engine = engine
        self.dispatcher = dispatcher
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await loop("Monitor pass failed") { _ = try await engine.step() } }
                group.addTask { await loop("Target dispatch failed") { _ = try await dispatcher.step() } }
            }
        }
    }

    private func loop(_ failure: String, _ body: () async throws -> Void) async {
        while !Task.isCancelled {
            do {
                try await body()
            } catch {
                logger.warning("\(failure)", metadata: ["trail.error": "\(error)"])
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }
}
