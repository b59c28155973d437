import TrailStore

/// Per-minute metric data in the control store: one ``MetricFilterTally`` per metric filter and minute
/// (kind ``kind``, id `<namespace>|<name>|<15-digit minute ms>|<filter id>`), so a time range of a metric is
/// a range of the index, and what a minute publishes (matches, or the filter's default value once the minute
/// has ended) is decided when it is read.
package enum MetricDataStore {
    package static let kind = "metric-tally"
    /// One document per metric that has tallies (id `<namespace>|<name>`), so listing and purging metrics
    /// reads the metrics rather than every tally.
    package static let metricKind = "metric"

    /// A tally with the default value its filter had when it was written.
    struct Stored: Codable {
        var tally: MetricFilterTally
        var defaultValue: Double?
    }

    static func prefix(_ metric: MetricKey) -> String { metric.namespace.value + "|" + metric.name.value + "|" }

    static func id(_ metric: MetricKey, minute: Int64) -> String {
        prefix(metric) + ControlID.padded(minute, width: 15)
    }

    /// Adds a pass's tally of one filter and minute to what is stored.
    package static func merge(
        _ tally: MetricFilterTally,
        defaultValue: Double?,
        metric: MetricKey,
        filterID: String,
        in tx: any ControlTransaction
    ) throws {
        let id = id(metric, minute: tally.minuteStart) + "|" + filterID
        var stored = try tx.document(kind: kind, id: id).map { try MonitorCatalog.decode(Stored.self, $0) }
        if stored == nil {
            stored = Stored(tally: tally, defaultValue: defaultValue)
            try tx.put(kind: metricKind, id: metricID(metric), value: [])
        } else {
            stored!.tally.merge(tally)
            stored!.defaultValue = defaultValue
        }
        try tx.put(kind: kind, id: id, value: try MonitorCatalog.encode(stored!))
    }

    /// What a metric published in the minutes `start <= minute < end`, as of `now`.
    package static func series(
        _ metric: MetricKey,
        from start: Int64,
        before end: Int64,
        now: Int64,
        in tx: any ControlTransaction
    ) throws -> MetricSeries {
        var series = MetricSeries()
        let documents = try tx.documents(
            kind: kind,
            from: id(metric, minute: max(0, start)),
            before: id(metric, minute: max(0, end)),
            limit: 1_000_000,
            newestFirst: false
        )
        for document in documents {
            let stored = try MonitorCatalog.decode(Stored.self, document.value)
            guard let statistics = stored.tally.published(defaultValue: stored.defaultValue, at: now) else { continue }
            series.record(statistics, at: stored.tally.minuteStart)
        }
        return series
    }

    static func metricID(_ metric: MetricKey) -> String { metric.namespace.value + "|" + metric.name.value }

    /// Every metric that has data.
    package static func metrics(in tx: any ControlTransaction) throws -> [MetricKey] {
        try tx.documents(kind: metricKind).compactMap { document in
            let parts = document.id.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return try? MetricKey(namespace: String(parts[0]), name: String(parts[1]))
        }
    }

    /// Removes up to `limit` tallies of minutes before `minute` (of every metric); returns how many. A metric
    /// left without tallies is no longer listed.
    package static func purge(before minute: Int64, limit: Int, in tx: any ControlTransaction) throws -> Int {
        var removed = 0
        for metric in try metrics(in: tx) {
            removed += try tx.deleteDocuments(
                kind: kind,
                from: prefix(metric),
                before: id(metric, minute: minute),
                limit: limit
            )
            if try tx.countDocuments(kind: kind, from: prefix(metric), before: metricID(metric) + "}") == 0 {
                try tx.delete(kind: metricKind, id: metricID(metric))
            }
        }
        return removed
    }
}
