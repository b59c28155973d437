import Foundation
import TrailModel
import TrailRules
import TrailStore

extension MonitoringAPI {
    func describeLogGroups(_ request: MonitoringInput) async throws -> JSONValue {
        let prefix = try request.string("logGroupNamePrefix") ?? ""
        let snapshot = try await catalog.snapshot()
        let filters = Dictionary(grouping: snapshot.metricFilters, by: \.logGroupName)
        let groups = snapshot.logGroups.filter { $0.name.hasPrefix(prefix) }
        let counts = try await control.read { tx in
            try groups.map { try LogEventStore.count(group: $0.name, limit: 1_000_000, in: tx) }
        }
        return .object([
            (
                "logGroups",
                .array(
                    zip(groups, counts).map { group, count in
                        var members: [(key: String, value: JSONValue)] = [
                            ("logGroupName", .string(group.name)),
                            ("arn", .string(group.arn(region: region, accountID: accountID))),
                            ("creationTime", .int(group.creationTime)),
                            ("metricFilterCount", .int(filters[group.name]?.count ?? 0)),
                            ("storedEvents", .int(count)),
                        ]
                        if let days = group.retentionInDays { members.append(("retentionInDays", .int(days))) }
                        if group.isConfigured { members.append(("configured", .bool(true))) }
                        return .object(members)
                    }
                )
            )
        ])
    }

    func filterLogEvents(_ request: MonitoringInput) async throws -> JSONValue {
        let group = try request.required("logGroupName")
        let pattern = try Self.filterPattern(try request.string("filterPattern") ?? "")
        let limit = try request.integer("limit") ?? 10_000
        guard (1...10_000).contains(limit) else { throw MonitorError.invalid("limit must be 1 to 10000.") }
        let start = try request.time("startTime") ?? 0
        let end = try request.time("endTime") ?? .max
        guard start <= end else { throw MonitorError.invalid("startTime must not be after endTime.") }
        let token = try request.string("nextToken")
        let streams = try request.strings("logStreamNames").map(Set.init)
        guard try await catalog.logGroup(named: group) != nil else {
            throw MonitorError(.resourceNotFound, "The specified log group does not exist.")
        }
        // Scan at most this many events per call; the token continues the scan.
        let scanBudget = 20_000
        var matched: [LogEventStore.Event] = []
        var cursor = token
        var scanned = 0
        var exhausted = false
        scan: while matched.count < limit && scanned < scanBudget {
            let after = cursor
            let page = try await control.read { tx in
                try LogEventStore.events(group: group, start: start, end: end, after: after, limit: 1000, in: tx)
            }
            scanned += page.count
            for (index, event) in page.enumerated() {
                cursor = event.id
                if let streams, !streams.contains(event.logStreamName) { continue }
                let flat = try? FlatJSON(parsing: event.message)
                guard pattern.matches(LogEventView(message: event.message, json: flat)) else { continue }
                matched.append(event)
                if matched.count == limit {
                    exhausted = index == page.count - 1 && page.count < 1000
                    break scan
                }
            }
            if page.count < 1000 {
                exhausted = true
                break
            }
        }
        var members: [(key: String, value: JSONValue)] = [
            (
                "events",
                .array(
                    matched.map { event in
                        .object([
                            ("logStreamName", .string(event.logStreamName)),
                            ("timestamp", .int(event.timestamp)),
                            ("ingestionTime", .int(event.ingestionTime)),
                            ("message", .string(String(decoding: event.message, as: UTF8.self))),
                            ("eventId", .string(event.id.split(separator: "|").last.map(String.init) ?? "")),
                        ])
                    }
                )
            )
        ]
        if !exhausted, let cursor { members.append(("nextToken", .string(cursor))) }
        return .object(members)
    }

    static func filterPattern(_ text: String) throws(MonitorError) -> FilterPattern {
        do {
            return try FilterPattern(text)
        } catch {
            throw .invalid(error.description)
        }
    }

    func putMetricFilter(_ request: MonitoringInput) async throws -> JSONValue {
        guard let transformations = try request.decode([Transformation].self, "metricTransformations"),
            transformations.count == 1
        else { throw MonitorError.invalid("metricTransformations must hold exactly one transformation.") }
        let transformation = transformations[0]
        let filter = MetricFilter(
            logGroupName: try request.required("logGroupName"),
            filterName: try request.required("filterName"),
            filterPattern: try request.string("filterPattern") ?? "",
            metricName: transformation.metricName,
            metricNamespace: transformation.metricNamespace,
            metricValue: transformation.metricValue,
            defaultValue: transformation.defaultValue,
            unit: transformation.unit,
            creationTime: nowMilliseconds
        )
        try await catalog.put(filter)
        return .object([])
    }

    struct Transformation: Codable {
        var metricName: String
        var metricNamespace: String
        var metricValue: String
        var defaultValue: Double?
        var unit: String?
    }

    func describeMetricFilters(_ request: MonitoringInput) async throws -> JSONValue {
        let group = try request.string("logGroupName")
        let prefix = try request.string("filterNamePrefix") ?? ""
        let metricName = try request.string("metricName")
        let namespace = try request.string("metricNamespace")
        let filters = try await catalog.snapshot().metricFilters.filter {
            (group == nil || $0.logGroupName == group) && $0.filterName.hasPrefix(prefix)
                && (metricName == nil || $0.metricName == metricName)
                && (namespace == nil || $0.metricNamespace == namespace)
        }
        return .object([("metricFilters", .array(filters.map(Self.describe)))])
    }

    static func describe(_ filter: MetricFilter) -> JSONValue {
        var transformation: [(key: String, value: JSONValue)] = [
            ("metricName", .string(filter.metricName)),
            ("metricNamespace", .string(filter.metricNamespace)),
            ("metricValue", .string(filter.metricValue)),
        ]
        if let value = filter.defaultValue { transformation.append(("defaultValue", .number(String(value)))) }
        if let unit = filter.unit { transformation.append(("unit", .string(unit))) }
        var members: [(key: String, value: JSONValue)] = [
            ("filterName", .string(filter.filterName)),
            ("filterPattern", .string(filter.filterPattern)),
            ("logGroupName", .string(filter.logGroupName)),
            ("metricTransformations", .array([.object(transformation)])),
            ("creationTime", .int(filter.creationTime)),
        ]
        if filter.isConfigured { members.append(("configured", .bool(true))) }
        return .object(members)
    }

    func testMetricFilter(_ request: MonitoringInput) throws -> JSONValue {
        let pattern = try Self.filterPattern(try request.string("filterPattern") ?? "")
        guard let messages = try request.strings("logEventMessages"), (1...50).contains(messages.count) else {
            throw MonitorError.invalid("logEventMessages must hold 1 to 50 messages.")
        }
        var matches: [JSONValue] = []
        for (index, message) in messages.enumerated() {
            let bytes = Array(message.utf8)
            let view = LogEventView(message: bytes, json: try? FlatJSON(parsing: bytes))
            guard pattern.matches(view) else { continue }
            matches.append(
                .object([
                    ("eventNumber", .int(index + 1)),
                    ("eventMessage", .string(message)),
                    ("extractedValues", .object([])),
                ])
            )
        }
        return .object([("matches", .array(matches))])
    }

    func backtestMetricFilter(_ request: MonitoringInput) async throws -> JSONValue {
        let pattern = try Self.filterPattern(try request.string("filterPattern") ?? "")
        let scan = try await backtest(request) { event in
            let view = LogEventView(message: event.record.bytes, json: try? FlatJSON(parsing: event.record.bytes))
            return pattern.matches(view) ? event.record.bytes : nil
        }
        return scan
    }

    /// Scans the stored history in a time range (newest first), returning what `match` returns for the first
    /// `limit` matches, the number scanned and the number matched.
    func backtest(
        _ request: MonitoringInput,
        match: (StoredEvent) -> [UInt8]?
    ) async throws -> JSONValue {
        let nowMs = nowMilliseconds
        let end = try request.time("endTime") ?? nowMs
        let start = try request.time("startTime") ?? end - 86_400_000
        guard start <= end else { throw MonitorError.invalid("startTime must not be after endTime.") }
        let limit = try request.integer("limit") ?? 50
        guard (1...1000).contains(limit) else { throw MonitorError.invalid("limit must be 1 to 1000.") }
        var query = LookupQuery(startTime: start, endTime: end, limit: 1000)
        var matches: [JSONValue] = []
        var scanned = 0
        var matched = 0
        while true {
            let page = try await log.lookup(query)
            for event in page {
                scanned += 1
                guard let bytes = match(event) else { continue }
                matched += 1
                if matches.count < limit, let value = try? JSONValue(parsing: bytes) { matches.append(value) }
            }
            guard page.count == query.limit, let last = page.last else { break }
            query.after = .init(eventTime: last.record.fields.eventTime, sequence: last.sequence)
        }
        return .object([("matches", .array(matches)), ("scanned", .int(scanned)), ("matched", .int(matched))])
    }
}
