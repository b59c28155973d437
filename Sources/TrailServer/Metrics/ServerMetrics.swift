import Foundation
import Metrics

/// OpenTrail's own metrics: calls by operation and outcome, events ingested, group commits and the
/// size of the store.
///
/// The metric objects are made by the factory given to ``init(factory:storeFiles:exposition:)``, never by
/// the global `MetricsSystem`: the server owns its registry, so several servers (tests) can live in one
/// process. Every label value is drawn from a bounded set — operation names the server knows, AWS error
/// codes, ``IngestSource`` — and none carries an access key, a user name or any other caller data.
final class ServerMetrics: Sendable {
    /// Where ingested events came from (the `source` label of `opentrail_events_ingested_total`).
    enum IngestSource: String, Sendable, CaseIterable {
        /// OpenTrail's record of a call to its own API.
        case selfAudit = "self_audit"
        /// `PutAuditEvents` (CloudTrail Lake's ingestion API).
        case putAuditEvents = "put_audit_events"
        /// A batch import.
        case batch
    }

    enum Name {
        static let requests = "opentrail_requests_total"
        static let requestDuration = "opentrail_request_duration_seconds"
        static let eventsIngested = "opentrail_events_ingested_total"
        static let commitDuration = "opentrail_commit_duration_seconds"
        static let commitRecords = "opentrail_commit_records"
        static let storeSize = "opentrail_store_size_bytes"
    }

    /// The `outcome` of a call that was answered without an error.
    static let success = "success"
    /// The `outcome` of a call refused by authentication, whichever AWS error it was answered with.
    static let authFailure = "auth_failure"
    /// The `operation` of a call whose operation the server does not know (keeps the label set bounded).
    static let unknownOperation = "unknown"
    /// The errors only authentication answers with.
    static let authenticationErrors: Set<String> = [
        "MissingAuthenticationTokenException", "IncompleteSignatureException", "UnrecognizedClientException",
        "InvalidSignatureException",
    ]

    private let factory: any MetricsFactory
    private let storeFiles: [String]
    private let exposition: @Sendable () -> [UInt8]
    private let commitDuration: Metrics.Timer
    private let commitRecords: Recorder
    private let storeSize: Gauge

    /// Creates the server's metrics.
    /// - Parameters:
    ///   - factory: makes the metric objects (a `PrometheusMetricsFactory` in the server, `TestMetrics` in tests).
    ///   - storeFiles: the files whose sizes add up to `opentrail_store_size_bytes` (database and WAL).
    ///   - exposition: renders everything the factory made, in Prometheus' text format.
    init(factory: any MetricsFactory, storeFiles: [String], exposition: @escaping @Sendable () -> [UInt8]) {
        self.factory = factory
        self.storeFiles = storeFiles
        self.exposition = exposition
        self.commitDuration = Metrics.Timer(label: Name.commitDuration, factory: factory)
        self.commitRecords = Recorder(label: Name.commitRecords, aggregate: true, factory: factory)
        self.storeSize = Gauge(label: Name.storeSize, factory: factory)
    }

    /// Counts an answered API call and records how long it took.
    /// - Parameters:
    ///   - operation: the operation's name, or ``unknownOperation``; never a name the caller made up.
    ///   - outcome: ``success``, ``authFailure`` or the AWS error code the call was answered with.
    ///   - duration: from the request's arrival to its answer.
    func recordRequest(operation: String, outcome: String, duration: Duration) {
        Counter(label: Name.requests, dimensions: [("operation", operation), ("outcome", outcome)], factory: factory)
            .increment()
        Metrics.Timer(label: Name.requestDuration, dimensions: [("operation", operation)], factory: factory)
            .record(duration: duration)
    }

    /// Counts events appended to the log.
    /// - Parameters:
    ///   - count: how many events were committed.
    ///   - source: where they came from.
    func recordIngested(count: Int, source: IngestSource) {
        guard count > 0 else { return }
        Counter(label: Name.eventsIngested, dimensions: [("source", source.rawValue)], factory: factory)
            .increment(by: count)
    }

    /// Records one group-commit transaction.
    /// - Parameters:
    ///   - records: how many records the transaction committed.
    ///   - duration: how long the transaction took, commit (fsync) included.
    func recordCommit(records: Int, duration: Duration) {
        commitDuration.record(duration: duration)
        commitRecords.record(records)
    }

    /// The outcome label of an answer: ``success`` without an AWS error type, ``authFailure`` for the errors
    /// of authentication, the error code otherwise.
    static func outcome(errorType: String?) -> String {
        guard let errorType else { return success }
        return authenticationErrors.contains(errorType) ? authFailure : errorType
    }

    /// The store's size on disk now: the database and its write-ahead log (a missing file counts 0).
    func currentStoreSize() -> Int64 {
        storeFiles.reduce(0) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }

    /// Everything, in Prometheus' text exposition format (version 0.0.4). Measures the store first.
    func render() -> String {
        String(decoding: renderBytes(), as: UTF8.self)
    }

    /// ``render()`` as UTF-8 bytes, for the response body.
    func renderBytes() -> [UInt8] {
        storeSize.record(currentStoreSize())
        return exposition()
    }
}
