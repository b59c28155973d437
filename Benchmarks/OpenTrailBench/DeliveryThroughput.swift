import AWSSigV4
import ArgumentParser
import CompressNIO
import Foundation
import Logging
import NIOCore
import TrailDelivery
import TrailModel
import TrailStore

/// Delivery throughput: a data directory's event log (see `load`) delivered by a trail that selects every
/// event into gzipped CloudTrail log files, through `DeliveryEngine`, to the local directory store or an S3
/// endpoint. Times the whole catch-up: reading the log, parsing and selecting each record, gzip and SHA-256,
/// and the stores' writes.
struct DeliveryThroughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delivery",
        abstract: "Time how fast a trail delivers a loaded event log as log files."
    )

    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option(help: "local, or an S3 endpoint URL (credentials testing/testing, path style).") var store = "local"
    @Option(help: "Bucket (created if missing).") var bucket = "bench-delivery"
    @Option(name: .customLong("max-file-mb"), help: "Compressed size cap of a log file.") var maxFileMB = 50
    @Flag(name: .customLong("data-selectors"), help: "Select only S3 data events of one bucket prefix.")
    var dataSelectors = false
    @Flag(help: "Log file validation on: each file is hashed (SHA-256) as it is built, for digests.")
    var validation = false

    func run() async throws {
        let logger = Logger(label: "bench")
        let path = (dataDirectory as NSString).appendingPathComponent("opentrail.sqlite")
        let log = try SQLiteStore(configuration: .init(path: path), logger: logger)
        let events = try await log.latestSequence()
        let objects: any ObjectStore
        let root = (dataDirectory as NSString).appendingPathComponent("bench-buckets")
        try? FileManager.default.removeItem(atPath: root)
        if store == "local" {
            let local = try LocalDirectoryStore(root: root)
            try await local.createBucket(bucket)
            objects = local
        } else {
            let s3 = try S3ObjectStore(
                configuration: .init(
                    endpoint: store,
                    region: "us-east-1",
                    credentials: SigV4Credentials(accessKeyId: "testing", secretAccessKey: "testing")
                ),
                logger: logger
            )
            if try await !s3.bucketExists(bucket) { try await s3.createBucket(bucket) }
            objects = s3
        }
        // A trail created before the first event, logging, selecting everything (or one data prefix).
        let arn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/bench-\(UInt32.random(in: 0...UInt32.max))"
        let selectors: EventSelectorConfiguration =
            dataSelectors
            ? .basic([
                EventSelector(
                    readWriteType: .all,
                    includeManagementEvents: false,
                    dataResources: [DataResource(type: "AWS::S3::Object", values: ["arn:aws:s3:::bench-bucket-1/"])],
                    excludeManagementEventSources: []
                )
            ]) : .default
        let trail = DeliveryTrail(
            arn: arn,
            name: "bench",
            homeRegion: "us-east-1",
            accountID: "123456789012",
            bucket: bucket,
            prefix: nil,
            isMultiRegion: true,
            selectors: selectors,
            kmsKeyID: nil,
            snsTopicName: nil,
            isLogging: true,
            validatesLogFiles: validation
        )
        var plan = DeliveryPlan(arn: arn)
        plan.record(trail, since: 0)
        let recorded = plan
        try await log.write { tx in try recorded.save(in: tx) }
        let engine = DeliveryEngine(
            log: log,
            control: log,
            objects: objects,
            notifier: nil,
            configuration: .init(cutPolicy: LogFileCutPolicy(maximumCompressedBytes: maxFileMB << 20)),
            logger: logger
        )
        let started = ContinuousClock.now
        let report = try await engine.deliver(force: true)
        let seconds = (ContinuousClock.now - started).seconds
        let files = report.delivered[arn]?.count ?? 0
        guard report.failures.isEmpty else {
            print("delivery failed: \(report.failures)")
            throw ExitCode(1)
        }
        print(
            String(
                format: "delivery (%@%@%@): %d events read, %d files in %.1f s = %.0f events/s",
                store,
                dataSelectors ? ", data selectors" : "",
                validation ? ", log file validation (SHA-256)" : "",
                events,
                files,
                seconds,
                Double(events) / seconds
            )
        )
        if let s3 = objects as? S3ObjectStore { try await s3.shutdown() }
        if !dataSelectors, !validation { try await zlibBaseline(log: log, events: events, deliverySeconds: seconds) }
    }

    /// The same bytes, gzipped by zlib at the same level in files of the same size, with nothing else:
    /// the log read beforehand, no parsing, selection, hashing or writing.
    func zlibBaseline(log: SQLiteStore, events: Int64, deliverySeconds: Double) async throws {
        var files: [ByteBuffer] = []
        var current = ByteBuffer(string: #"{"Records":["#)
        var after: Int64 = 0
        var total = 0
        while true {
            let batch = try await log.events(after: after, limit: 10_000)
            guard let last = batch.last else { break }
            for event in batch {
                if current.readableBytes > 12 { current.writeInteger(UInt8(ascii: ",")) }
                current.writeBytes(event.record.bytes)
                if current.readableBytes >= 256 << 20 {
                    current.writeString("]}")
                    total += current.readableBytes
                    files.append(current)
                    current = ByteBuffer(string: #"{"Records":["#)
                }
            }
            after = last.sequence
        }
        current.writeString("]}")
        total += current.readableBytes
        files.append(current)
        let started = ContinuousClock.now
        var compressed = 0
        for var file in files {
            compressed += try file.compress(
                with: .gzip,
                configuration: ZlibConfiguration(windowSize: 15, compressionLevel: 6, memoryLevel: 8)
            ).readableBytes
        }
        let seconds = (ContinuousClock.now - started).seconds
        print(
            String(
                format:
                    "zlib alone (same bytes, level 6): %.0f MB in %.1f s = %.0f events/s, %.0f MB/s; delivery reaches %.2f of it (%.1f%% compressed size)",
                Double(total) / 1e6,
                seconds,
                Double(events) / seconds,
                Double(total) / 1e6 / seconds,
                seconds / deliverySeconds,
                Double(compressed) * 100 / Double(total)
            )
        )
    }
}
