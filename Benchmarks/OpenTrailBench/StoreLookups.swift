import ArgumentParser
import Foundation
import Logging
import TrailModel
import TrailStore

/// LookupEvents at the store: latency per query shape (warm), and lookups per second from concurrent clients.
struct StoreLookups: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Measure event-history lookups at the store over a loaded data directory."
    )

    @Option(name: .customLong("data-dir")) var dataDirectory: String
    @Option var events = 1_000_000
    @Option var iterations = 2000
    @Option var concurrency = 8
    @Option(name: .customLong("concurrent-seconds")) var concurrentSeconds = 5.0

    struct Shape: Sendable {
        let name: String
        let make: @Sendable (inout SplitMix64) -> LookupQuery
    }

    func run() async throws {
        let path = (dataDirectory as NSString).appendingPathComponent("opentrail.sqlite")
        let store = try SQLiteStore(configuration: .init(path: path), logger: Logger(label: "bench"))
        let stored = try await store.latestSequence()
        print("store: \(stored) events in \(path)")
        let end = SyntheticEvents.end
        let day: Int64 = 86_400_000
        let count = events
        @Sendable func oneDay(_ r: inout SplitMix64) -> (Int64, Int64) {
            let start = end - Int64(1 + r.next() % 89) * day
            return (start, start + day)
        }
        let attributes: [(String, @Sendable (inout SplitMix64) -> LookupQuery.Attribute)] = [
            ("EventId", { r in .eventID(SyntheticEvents.eventID(Int(r.next() % UInt64(count)))) }),
            ("EventName", { r in .eventName(SyntheticEvents.names[Int(r.next() % 200)]) }),
            ("ReadOnly", { r in .readOnly(r.next() % 2 == 0) }),
            ("Username", { r in .username(SyntheticEvents.users[Int(r.next() % 50)]) }),
            ("ResourceType", { r in .resourceType(SyntheticEvents.resourceTypes[Int(r.next() % 10)]) }),
            ("ResourceName", { r in .resourceName(SyntheticEvents.resourceName(Int(r.next() % 10_000))) }),
            ("EventSource", { r in .eventSource(SyntheticEvents.sources[Int(r.next() % 20)]) }),
            (
                "AccessKeyId",
                { r in .accessKeyId(SyntheticEvents.accessKey(user: Int(r.next() % 50), key: Int(r.next() % 2))) }
            ),
        ]
        var shapes: [Shape] = [
            Shape(name: "no attribute, 90-day window") { _ in
                LookupQuery(startTime: end - 90 * day, endTime: end, limit: 51)
            },
            Shape(name: "no attribute, 1-day window") { r in
                let (s, e) = oneDay(&r)
                return LookupQuery(startTime: s, endTime: e, limit: 51)
            },
        ]
        for (name, attribute) in attributes {
            shapes.append(
                Shape(name: "\(name), 90-day window") { r in
                    LookupQuery(attribute: attribute(&r), startTime: end - 90 * day, endTime: end, limit: 51)
                }
            )
            shapes.append(
                Shape(name: "\(name), 1-day window") { r in
                    let a = attribute(&r)
                    let (s, e) = oneDay(&r)
                    return LookupQuery(attribute: a, startTime: s, endTime: e, limit: 51)
                }
            )
        }
        shapes.append(
            Shape(name: "EventName, 90-day, page 2") { r in
                LookupQuery(
                    attribute: .eventName(SyntheticEvents.names[Int(r.next() % 200)]),
                    startTime: end - 90 * day,
                    endTime: end,
                    limit: 51,
                    after: .init(eventTime: end - Int64(r.next() % 80) * day, sequence: Int64.max)
                )
            }
        )

        print("")
        print("| query (50 results a page) | p50 ms | p99 ms | mean results |")
        print("|---|---|---|---|")
        for shape in shapes {
            var random = SplitMix64(seed: 7)
            for _ in 0..<200 { _ = try await store.lookup(shape.make(&random)) }  // warm up
            var latencies: [Double] = []
            var results = 0
            for _ in 0..<iterations {
                let query = shape.make(&random)
                let start = ContinuousClock.now
                let page = try await store.lookup(query)
                latencies.append((ContinuousClock.now - start).milliseconds)
                results += page.count
            }
            latencies.sort()
            print(
                String(
                    format: "| %@ | %.3f | %.3f | %.1f |",
                    shape.name,
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    Double(results) / Double(iterations)
                )
            )
        }

        // Throughput: `concurrency` clients, each looping over the attribute shapes.
        let deadline = ContinuousClock.now + .seconds(concurrentSeconds)
        let mixed = shapes
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<concurrency {
                group.addTask {
                    var random = SplitMix64(seed: UInt64(client) + 100)
                    var done = 0
                    while ContinuousClock.now < deadline {
                        _ = try await store.lookup(mixed[done % mixed.count].make(&random))
                        done += 1
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        print("")
        print(
            String(
                format: "store: %d concurrent clients, mixed shapes: %.0f lookups/s",
                concurrency,
                Double(total) / concurrentSeconds
            )
        )
    }

    func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }
}
