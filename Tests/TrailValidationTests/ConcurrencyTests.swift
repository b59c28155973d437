import Foundation
import Testing
import TrailValidation

/// Reads run concurrently, never more than the bound, and the report's order does not depend on them.
@Suite struct ConcurrencyTests {
    static func manyFiles() -> TrailFixture {
        var fixture = TrailFixture()
        fixture.deliverHourly(4, logFiles: { _ in 6 })
        fixture.rewrite(.init(bucket: fixture.bucket, key: fixture.delivered[2].logKeys[3]), with: "{}")
        fixture.delete(.init(bucket: fixture.bucket, key: fixture.delivered[1].logKeys[5]))
        return fixture
    }

    @Test(arguments: [1, 3, 8])
    func readsInFlightStayWithinTheBound(limit: Int) async throws {
        let fixture = Self.manyFiles()
        var source = MemorySource(fixture)
        source.readDelay = .milliseconds(15)

        _ = try await ValidationHarness.run(fixture, end: TrailFixture.hours(4), source: source, concurrency: limit)

        let gauge = source.gauge.snapshot
        #expect(gauge.maximum <= limit)
        #expect(gauge.total == 4 + 24)
        if limit > 1 { #expect(gauge.maximum > 1) }
    }

    @Test func sourceDefaultBoundAppliesWithoutConfiguration() async throws {
        let fixture = Self.manyFiles()
        var source = MemorySource(fixture)
        source.defaultConcurrency = 2
        source.readDelay = .milliseconds(10)

        _ = try await ValidationHarness.run(fixture, end: TrailFixture.hours(4), source: source)

        #expect(source.gauge.snapshot.maximum == 2)
    }

    @Test func orderIsTheSameWhateverTheConcurrency() async throws {
        let fixture = Self.manyFiles()
        let sequential = try await ValidationHarness.run(fixture, end: TrailFixture.hours(4), concurrency: 1)
        var expected: [String] = []
        for digest in fixture.delivered.reversed() { expected += [digest.key] + digest.logKeys }
        #expect(sequential.verdicts.map(\.key) == expected)

        for _ in 0..<5 {
            // Reads that finish in a random order.
            var source = MemorySource(fixture)
            source.readDelay = .microseconds(Int.random(in: 0...3000))
            let concurrent = try await ValidationHarness.run(
                fixture,
                end: TrailFixture.hours(4),
                source: JitterSource(base: source),
                concurrency: 16
            )
            #expect(concurrent.events == sequential.events)
            #expect(concurrent.terminal == sequential.terminal)
        }
    }
}

/// A source whose every read takes a random time, so reads finish out of order.
struct JitterSource: ValidationSource {
    var base: MemorySource
    var defaultConcurrency: Int { base.defaultConcurrency }

    func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    ) async throws
        -> KeyPage
    {
        try await base.listKeys(
            bucket: bucket,
            prefix: prefix,
            startAfter: startAfter,
            continuationToken: continuationToken
        )
    }

    func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject> {
        try await Task.sleep(for: .microseconds(Int.random(in: 0...2000)))
        return try await base.digest(bucket: bucket, key: key)
    }

    func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    ) async throws
        -> SourceRead<Void>
    {
        try await Task.sleep(for: .microseconds(Int.random(in: 0...2000)))
        return try await base.read(bucket: bucket, key: key, into: consume)
    }
}
