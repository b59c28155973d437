import AsyncHTTPClient
import ServiceLifecycle

/// Keeps the server's outbound HTTP clients (S3, webhooks) until the server stops, then shuts them down
/// after the services that use them have finished.
struct HTTPClientShutdownService: Service {
    let clients: [HTTPClient]

    func run() async throws {
        try? await gracefulShutdown()
        for client in clients { try? await client.shutdown() }
    }
}
