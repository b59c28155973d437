import TrailStore

/// The log events of log groups, in the control store (kind ``kind``), one document per event.
///
/// Ids are `<group>|<15-digit event time ms>|<20-digit log sequence>`, so a time range of a group is a range
/// of the index and a record streamed twice into a group (two trails naming it) is kept once.
package enum LogEventStore {
    package static let kind = "log-event"

    /// One stored log event.
    package struct Event: Sendable, Hashable {
        package var id: String
        package var logStreamName: String
        /// Epoch milliseconds: the record's event time.
        package var timestamp: Int64
        /// Epoch milliseconds: when the group received it.
        package var ingestionTime: Int64
        package var message: [UInt8]
    }

    package static func id(group: String, timestamp: Int64, sequence: Int64) -> String {
        group + "|" + ControlID.padded(timestamp, width: 15) + "|" + ControlID.padded(sequence, width: 20)
    }

    /// The lowest id of a group at or after `timestamp`.
    static func lowerBound(group: String, timestamp: Int64) -> String {
        group + "|" + ControlID.padded(timestamp, width: 15)
    }

    static func encode(stream: String, ingestionTime: Int64, message: [UInt8]) -> [UInt8] {
        var out = Array(stream.utf8)
        out.append(0x0A)
        out.append(contentsOf: String(ingestionTime).utf8)
        out.append(0x0A)
        out.append(contentsOf: message)
        return out
    }

    static func decode(id: String, value: [UInt8]) -> Event? {
        guard let first = value.firstIndex(of: 0x0A),
            let second = value[(first + 1)...].firstIndex(of: 0x0A),
            let ingestion = Int64(String(decoding: value[(first + 1)..<second], as: UTF8.self))
        else { return nil }
        let parts = id.split(separator: "|")
        guard parts.count >= 3, let timestamp = Int64(parts[parts.count - 2]) else { return nil }
        return Event(
            id: id,
            logStreamName: String(decoding: value[..<first], as: UTF8.self),
            timestamp: timestamp,
            ingestionTime: ingestion,
            message: Array(value[(second + 1)...])
        )
    }

    /// Stores one log event.
    package static func append(
        group: String,
        stream: String,
        timestamp: Int64,
        sequence: Int64,
        ingestionTime: Int64,
        message: [UInt8],
        in tx: any ControlTransaction
    ) throws {
        try tx.put(
            kind: kind,
            id: id(group: group, timestamp: timestamp, sequence: sequence),
            value: encode(stream: stream, ingestionTime: ingestionTime, message: message)
        )
    }

    /// The events of a group with `start <= timestamp <= end`, oldest first, from after `token` (an id),
    /// at most `limit` of them.
    package static func events(
        group: String,
        start: Int64,
        end: Int64,
        after token: String?,
        limit: Int,
        in tx: any ControlTransaction
    ) throws -> [Event] {
        var from = lowerBound(group: group, timestamp: start)
        if let token, token.hasPrefix(group + "|"), token >= from { from = token + "\u{1}" }
        let before = lowerBound(group: group, timestamp: end == .max ? end : end + 1)
        return try tx.documents(kind: kind, from: from, before: before, limit: limit, newestFirst: false)
            .compactMap { decode(id: $0.id, value: $0.value) }
    }

    /// The number of events a group holds (up to `limit`).
    package static func count(group: String, limit: Int, in tx: any ControlTransaction) throws -> Int {
        min(limit, try tx.countDocuments(kind: kind, from: group + "|", before: group + "}"))
    }

    /// Removes up to `limit` events of a group older than `timestamp`; returns how many.
    package static func purge(
        group: String,
        before timestamp: Int64,
        limit: Int,
        in tx: any ControlTransaction
    )
        throws -> Int
    {
        try tx.deleteDocuments(
            kind: kind,
            from: group + "|",
            before: lowerBound(group: group, timestamp: timestamp),
            limit: limit
        )
    }
}
