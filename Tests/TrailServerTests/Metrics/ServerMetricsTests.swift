import Foundation
import MetricsTestKit
import Testing

@testable import TrailServer

@Suite struct ServerMetricsTests {
    @Test func recordsWithBoundedLabels() throws {
        // Given metrics made by a test factory.
        let factory = TestMetrics()
        let metrics = ServerMetrics(factory: factory, storeFiles: [], exposition: { [] })

        // When calls, ingestion and commits are recorded.
        metrics.recordRequest(operation: "CreateTrail", outcome: "success", duration: .milliseconds(3))
        metrics.recordRequest(operation: "CreateTrail", outcome: "success", duration: .milliseconds(5))
        metrics.recordRequest(operation: "GetTrail", outcome: "TrailNotFoundException", duration: .milliseconds(1))
        metrics.recordIngested(count: 3, source: .putAuditEvents)
        metrics.recordIngested(count: 0, source: .batch)
        metrics.recordCommit(records: 7, duration: .microseconds(800))

        // Then each lands under its own labels.
        let created = try factory.expectCounter(
            "opentrail_requests_total",
            [("operation", "CreateTrail"), ("outcome", "success")]
        )
        #expect(created.totalValue == 2)
        let timer = try factory.expectTimer("opentrail_request_duration_seconds", [("operation", "CreateTrail")])
        #expect(timer.values == [3_000_000, 5_000_000])
        let ingested = try factory.expectCounter("opentrail_events_ingested_total", [("source", "put_audit_events")])
        #expect(ingested.totalValue == 3)
        #expect(factory.counters(label: "opentrail_events_ingested_total", dimensions: [("source", "batch")]).isEmpty)
        #expect(try factory.expectRecorder("opentrail_commit_records").values == [7])
        #expect(try factory.expectTimer("opentrail_commit_duration_seconds").values == [800_000])
    }

    @Test(
        arguments: [
            (nil, "success"),
            ("TrailNotFoundException", "TrailNotFoundException"),
            ("MissingAuthenticationTokenException", "auth_failure"),
            ("IncompleteSignatureException", "auth_failure"),
            ("UnrecognizedClientException", "auth_failure"),
            ("InvalidSignatureException", "auth_failure"),
        ] as [(String?, String)]
    )
    func outcomeOfAnAnswer(errorType: String?, outcome: String) {
        #expect(ServerMetrics.outcome(errorType: errorType) == outcome)
    }

    @Test func storeSizeAddsDatabaseAndWAL() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("opentrail.sqlite").path
        try Data(count: 4096).write(to: URL(fileURLWithPath: database))
        try Data(count: 100).write(to: URL(fileURLWithPath: database + "-wal"))

        let factory = TestMetrics()
        let metrics = ServerMetrics(factory: factory, storeFiles: [database, database + "-wal", database + "-missing"])
        {
            Array("ok".utf8)
        }
        #expect(metrics.render() == "ok")
        #expect(try factory.expectGauge("opentrail_store_size_bytes").lastValue == 4196)
    }
}
