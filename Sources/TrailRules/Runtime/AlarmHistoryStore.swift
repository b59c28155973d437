import TrailStore

/// Alarm history items in the control store: kind ``kind``, id `<alarm>|<15-digit ms>|<6-digit counter>`.
package enum AlarmHistoryStore {
    package static let kind = "alarm-history"

    package static func append(_ item: AlarmHistoryItem, in tx: any ControlTransaction) throws {
        let base = item.alarmName + "|" + ControlID.padded(item.timestamp, width: 15) + "|"
        let existing = try tx.documents(kind: kind, idPrefix: base).count
        try tx.put(
            kind: kind,
            id: base + ControlID.padded(Int64(existing), width: 6),
            value: try MonitorCatalog.encode(item)
        )
    }

    /// Items newest first, of one alarm or of all, in a time range.
    package static func items(
        alarm: String?,
        start: Int64,
        end: Int64,
        limit: Int,
        in tx: any ControlTransaction
    ) throws -> [AlarmHistoryItem] {
        let documents: [(id: String, value: [UInt8])]
        if let alarm {
            documents = try tx.documents(
                kind: kind,
                from: alarm + "|" + ControlID.padded(start, width: 15),
                before: alarm + "|" + ControlID.padded(end == .max ? end : end + 1, width: 15),
                limit: limit,
                newestFirst: true
            )
        } else {
            documents = try tx.documents(kind: kind)
        }
        let items = try documents.map { try MonitorCatalog.decode(AlarmHistoryItem.self, $0.value) }
            .filter { $0.timestamp >= start && $0.timestamp <= end }
            .sorted { $0.timestamp > $1.timestamp }
        return Array(items.prefix(limit))
    }
}
