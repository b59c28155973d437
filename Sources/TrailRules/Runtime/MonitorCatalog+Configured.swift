import TrailStore

extension MonitorCatalog {
    /// Makes the definitions of the config file current: those given are written (marked configured, keeping
    /// their creation time and an alarm's state), configured ones no longer in the file are removed, in one
    /// transaction.
    ///
    /// - Throws: ``MonitorError`` for a definition that is not valid (nothing is changed then).
    package func replaceConfigured(
        logGroups: [LogGroup],
        metricFilters: [MetricFilter],
        alarms: [StoredAlarm],
        rules: [Rule]
    ) async throws {
        for group in logGroups {
            try LogGroup.validate(name: group.name)
            try LogGroup.validate(retentionInDays: group.retentionInDays)
        }
        for filter in metricFilters {
            _ = try filter.compiled()
            guard logGroups.contains(where: { $0.name == filter.logGroupName }) else {
                throw MonitorError.invalid(
                    "metric filter \(filter.filterName) names log group \(filter.logGroupName), which the file does not define."
                )
            }
        }
        for alarm in alarms { try alarm.validate() }
        for rule in rules { _ = try rule.compiledPattern() }
        try await change { tx in
            func sync<T: Codable>(
                _ type: T.Type,
                kind: String,
                items: [T],
                id: (T) -> String,
                isConfigured: (T) -> Bool,
                merge: (T, T) -> T
            ) throws {
                let wanted = Set(items.map(id))
                for document in try tx.documents(kind: kind) {
                    guard let existing = try? Self.decode(T.self, document.value), isConfigured(existing) else {
                        continue
                    }
                    if !wanted.contains(document.id) { try tx.delete(kind: kind, id: document.id) }
                }
                for item in items {
                    var stored = item
                    if let bytes = try tx.document(kind: kind, id: id(item)),
                        let existing = try? Self.decode(T.self, bytes)
                    {
                        stored = merge(existing, item)
                    }
                    try tx.put(kind: kind, id: id(item), value: try Self.encode(stored))
                }
            }
            try sync(
                LogGroup.self,
                kind: LogGroup.kind,
                items: logGroups.map {
                    var g = $0
                    g.isConfigured = true
                    return g
                },
                id: \.name,
                isConfigured: \.isConfigured,
                merge: { old, new in
                    var g = new
                    g.creationTime = old.creationTime
                    return g
                }
            )
            try sync(
                MetricFilter.self,
                kind: MetricFilter.kind,
                items: metricFilters.map {
                    var f = $0
                    f.isConfigured = true
                    return f
                },
                id: \.id,
                isConfigured: \.isConfigured,
                merge: { old, new in
                    var f = new
                    f.creationTime = old.creationTime
                    return f
                }
            )
            try sync(
                StoredAlarm.self,
                kind: Self.alarmKind,
                items: alarms.map {
                    var a = $0
                    a.isConfigured = true
                    return a
                },
                id: \.name,
                isConfigured: \.isConfigured,
                merge: { old, new in old.updatingDefinition(from: new) }
            )
            try sync(
                Rule.self,
                kind: Rule.kind,
                items: rules.map {
                    var r = $0
                    r.isConfigured = true
                    return r
                },
                id: \.name,
                isConfigured: \.isConfigured,
                merge: { old, new in
                    var r = new
                    r.creationTime = old.creationTime
                    return r
                }
            )
        }
    }
}
