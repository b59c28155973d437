import Testing
import TrailRules
import TrailStore

@Suite struct MetricDataStoreTests {
    @Test func metricsAreListedWhileTheyHaveTalliesAndPurgedWithThem() async throws {
        // given tallies of two metrics, one of them only in an old minute
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let recent = try MetricKey(namespace: "Ops", name: "Recent")
        let old = try MetricKey(namespace: "Ops", name: "Old")
        try await fixture.store.write { tx in
            for (metric, minute) in [(recent, Int64(600_000)), (recent, 60_000), (old, 60_000)] {
                var tally = MetricFilterTally(minuteContaining: minute)
                tally.observe(matchedValue: 1)
                try MetricDataStore.merge(tally, defaultValue: nil, metric: metric, filterID: "g|f", in: tx)
            }
        }
        #expect(try await fixture.store.read { tx in try MetricDataStore.metrics(in: tx) } == [old, recent])

        // when minutes before 10:00 (epoch + 10 min) are purged
        let removed = try await fixture.store.write { tx in
            try MetricDataStore.purge(before: 600_000, limit: 100, in: tx)
        }

        // then the old minutes go, and the metric left without data is no longer listed
        #expect(removed == 2)
        #expect(try await fixture.store.read { tx in try MetricDataStore.metrics(in: tx) } == [recent])
        let series = try await fixture.store.read { tx in
            try MetricDataStore.series(recent, from: 0, before: 1_200_000, now: 1_200_000, in: tx)
        }
        #expect(series.count == 1)
    }
}
