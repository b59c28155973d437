import Logging
import ServiceLifecycle

/// Runs the ``DeliveryEngine`` in the background: a pass every `interval`, and a last pass with every
/// open file cut when the server shuts down, so that a graceful stop leaves nothing undelivered.
package struct DeliveryService: Service {
    let engine: DeliveryEngine
    let interval: Duration
    let logger: Logger

    package init(engine: DeliveryEngine, interval: Duration = .milliseconds(200), logger: Logger) {
        self.engine = engine
        self.interval = interval
        self.logger = logger
    }

    package func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await engine.deliver()
                } catch {
                    logger.warning("Delivery pass failed", metadata: ["trail.error": "\(error)"])
                }
            }
        }
        do {
            try await engine.deliver(force: true)
        } catch {
            logger.warning("Final delivery pass failed", metadata: ["trail.error": "\(error)"])
        }
    }
}
