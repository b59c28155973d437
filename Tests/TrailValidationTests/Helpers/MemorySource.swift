import Foundation
import TrailValidation

/// Counts reads in flight, to check the bound on concurrency.
final class InFlightGauge: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var maximum = 0
    private(set) var total = 0

    func enter() {
        lock.lock()
        current += 1
        total += 1
        maximum = max(maximum, current)
        lock.unlock()
    }

    func leave() {
        lock.lock()
        current -= 1
        lock.unlock()
    }

    var snapshot: (maximum: Int, total: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (maximum, total)
    }
}

/// A ``ValidationSource`` over a fixture's files, in memory: small listing pages and small read chunks (to
/// exercise paging and streaming), an optional delay per read, and a gauge of reads in flight.
struct MemorySource: ValidationSource {
    var files: [TrailFixture.FileRef: StoredFile]
    var defaultConcurrency = 4
    var pageSize = 3
    var chunkSize = 7
    var readDelay: Duration?
    /// Keys whose reads fail as a store outage would.
    var failingKeys: Set<String> = []
    let gauge = InFlightGauge()

    init(_ fixture: TrailFixture) {
        self.files = fixture.files
    }

    struct Outage: Error, CustomStringConvertible {
        var description: String { "connection reset" }
    }

    func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    ) async throws
        -> KeyPage
    {
        let after = continuationToken ?? startAfter
        let keys = files.keys.filter { $0.bucket == bucket && $0.key.hasPrefix(prefix) }.map(\.key)
            .filter { key in after.map { $0.utf8.lexicographicallyPrecedes(key.utf8) } ?? true }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let page = Array(keys.prefix(pageSize))
        return KeyPage(keys: page, nextContinuationToken: keys.count > pageSize ? page.last : nil)
    }

    func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject> {
        try await reading(key) {
            guard let file = files[TrailFixture.FileRef(bucket: bucket, key: key)] else { return .notFound }
            return .found(DigestObject(body: file.body, metadata: file.metadata))
        }
    }

    func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    ) async throws
        -> SourceRead<Void>
    {
        gauge.enter()
        defer { gauge.leave() }
        if let readDelay { try await Task.sleep(for: readDelay) }
        if failingKeys.contains(key) { throw Outage() }
        guard let file = files[TrailFixture.FileRef(bucket: bucket, key: key)] else { return .notFound }
        var offset = 0
        while offset < file.body.count {
            let end = min(file.body.count, offset + chunkSize)
            try file.body[offset..<end].withUnsafeBytes { try consume($0) }
            offset = end
        }
        return .found(())
    }

    private func reading<T>(_ key: String, _ body: () throws -> T) async throws -> T {
        gauge.enter()
        defer { gauge.leave() }
        if let readDelay { try await Task.sleep(for: readDelay) }
        if failingKeys.contains(key) { throw Outage() }
        return try body()
    }
}
