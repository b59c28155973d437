/// Why a record cannot enter the event log.
public struct RecordError: Error, Hashable, CustomStringConvertible, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A CloudTrail record as stored: its JSON bytes, exactly as received (plus an `eventID` when it
/// had none), and the fields event history indexes.
public struct EventRecord: Sendable {
    /// The largest record accepted, as CloudTrail's maximum event size: 256 KB.
    public static let maximumSize = 256 * 1024

    /// The record's JSON text.
    public let bytes: [UInt8]
    /// The fields that event history filters on.
    public let fields: IndexedFields

    /// Wraps bytes and fields that are known to agree (records OpenTrail writes itself, or rows read
    /// back from the store).
    public init(bytes: [UInt8], fields: IndexedFields) {
        self.bytes = bytes
        self.fields = fields
    }

    /// Reads a record received from outside.
    ///
    /// Every field survives: the bytes are kept as they are. A record without an `eventID` gets one,
    /// added as a last member.
    /// - Parameters:
    ///   - bytes: one JSON object.
    ///   - receivedAt: milliseconds since 1970, indexed when the record has no readable `eventTime`.
    ///   - newEventID: makes an event ID for a record that has none.
    /// - Throws: ``RecordError`` when the bytes are not a JSON object or are larger than ``maximumSize``.
    public init(parsing bytes: [UInt8], receivedAt: Int64, newEventID: () -> String) throws(RecordError) {
        guard bytes.count <= Self.maximumSize else {
            throw RecordError("record is \(bytes.count) bytes; the maximum is \(Self.maximumSize)")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw RecordError(error.description)
        }
        guard case .object(let members) = value else { throw RecordError("a record must be a JSON object") }
        if let id = value["eventID"]?.stringValue, !id.isEmpty {
            self.init(bytes: bytes, fields: IndexedFields(record: value, fallbackTime: receivedAt, fallbackEventID: id))
            return
        }
        let id = newEventID()
        let withID = value.setting("eventID", to: .string(id))
        var out = bytes
        if let close = out.lastIndex(of: UInt8(ascii: "}")) {
            var member: [UInt8] = members.isEmpty ? [] : [UInt8(ascii: ",")]
            if value["eventID"] != nil {
                // An empty or non-string eventID: rewrite the record, keeping every other member.
                out = withID.serialized
            } else {
                JSONValue.writeString("eventID", into: &member)
                member.append(UInt8(ascii: ":"))
                JSONValue.writeString(id, into: &member)
                out.insert(contentsOf: member, at: close)
            }
        }
        self.init(bytes: out, fields: IndexedFields(record: withID, fallbackTime: receivedAt, fallbackEventID: id))
    }
}
