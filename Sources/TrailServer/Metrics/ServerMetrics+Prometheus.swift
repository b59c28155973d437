import Hummingbird
import NIOCore
import Prometheus

extension ServerMetrics {
    /// The content type of Prometheus' text exposition format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Metrics kept in a registry of their own and rendered from it (the global `MetricsSystem` is left alone).
    /// - Parameter storeFiles: the files whose sizes add up to `opentrail_store_size_bytes`.
    static func prometheus(storeFiles: [String]) -> ServerMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // A call is a few milliseconds (one fsync); the library's default ladder starts at 5 ms.
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
            .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
            .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
        ]
        factory.valueHistogramBuckets[Name.commitRecords] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10_000]
        return ServerMetrics(factory: factory, storeFiles: storeFiles, exposition: { registry.emitToBuffer() })
    }

    /// The answer to `GET /metrics`.
    func response() -> Response {
        Response(
            status: .ok,
            headers: [.contentType: Self.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: renderBytes()))
        )
    }
}
