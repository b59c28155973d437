import Crypto
import TrailModel

/// A CloudTrail record as EventBridge delivers it: `{"version":"0","id":...,"detail-type":...,
/// "source":"aws.<service>","account":...,"time":...,"region":...,"resources":[],"detail":<record>}`.
package struct EventBridgeEnvelope: Sendable {
    package var id: String
    package var detailType: String
    package var source: String
    package var account: String
    /// Seconds precision, `Z`.
    package var time: String
    package var region: String
    /// Whether the record is a read-only management event (reaches only rules that opt in).
    package var isReadOnlyManagementEvent: Bool
    /// The record, flattened with the prefix `detail`, plus the envelope's own fields.
    package var flat: FlatJSON

    /// Wraps a stored record.
    ///
    /// - Parameters:
    ///   - record: the record's JSON bytes.
    ///   - fields: its indexed fields.
    ///   - defaultAccount: the account of records that name none.
    /// - Throws: ``FlatJSONError`` when the record is not a JSON object.
    package init(record: [UInt8], fields: IndexedFields, defaultAccount: String) throws(FlatJSONError) {
        var flat = try FlatJSON(parsing: record, prefix: "detail")
        func string(_ path: Path) -> String? {
            guard let index = flat.firstIndex(pathHash: path.hash, path: path.bytes[...]),
                flat.entries[index].kind == .string
            else { return nil }
            return flat.valueString(flat.entries[index])
        }
        detailType = Self.detailType(eventType: string(Path.eventType))
        source = Self.source(eventSource: fields.eventSource ?? string(Path.eventSource) ?? "")
        account = string(Path.recipientAccountId) ?? string(Path.identityAccountId) ?? defaultAccount
        time = EventTime.format(milliseconds: fields.eventTime)
        region = fields.awsRegion ?? ""
        id = Self.id(eventID: fields.eventID)
        isReadOnlyManagementEvent = fields.readOnly == true && (fields.eventCategory ?? "Management") == "Management"
        flat.append(path: Path.version, string: "0")
        flat.append(path: Path.id, string: id)
        flat.append(path: Path.detailType, string: detailType)
        flat.append(path: Path.source, string: source)
        flat.append(path: Path.account, string: account)
        flat.append(path: Path.time, string: time)
        flat.append(path: Path.region, string: region)
        flat.append(path: "resources", strings: [])
        self.flat = flat
    }

    /// A record field the envelope reads, with its path hash computed once.
    struct Path {
        let bytes: [UInt8]
        let hash: UInt64

        init(_ relative: String) {
            bytes = Array(("detail." + relative).utf8)
            hash = FlatJSON.hash(bytes)
        }

        static let eventType = Path("eventType")
        static let eventSource = Path("eventSource")
        static let recipientAccountId = Path("recipientAccountId")
        static let identityAccountId = Path("userIdentity.accountId")

        static let version = FlatJSON.Path("version")
        static let id = FlatJSON.Path("id")
        static let detailType = FlatJSON.Path("detail-type")
        static let source = FlatJSON.Path("source")
        static let account = FlatJSON.Path("account")
        static let time = FlatJSON.Path("time")
        static let region = FlatJSON.Path("region")
    }

    /// The envelope's JSON: its fields, then the record's own bytes as `detail`.
    package var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(flat.source.count + 256)
        out.append(contentsOf: #"{"version":"0","id":"#.utf8)
        JSONValue.writeString(id, into: &out)
        for (name, value) in [
            ("detail-type", detailType), ("source", source), ("account", account),
            ("time", time), ("region", region),
        ] {
            out.append(UInt8(ascii: ","))
            JSONValue.writeString(name, into: &out)
            out.append(UInt8(ascii: ":"))
            JSONValue.writeString(value, into: &out)
        }
        out.append(contentsOf: #","resources":[],"detail":"#.utf8)
        out.append(contentsOf: flat.source)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The detail-type of a record's `eventType` (`FORMATS.md`).
    package static func detailType(eventType: String?) -> String {
        switch eventType {
        case "AwsConsoleSignIn": "AWS Console Signin via CloudTrail"
        case "AwsConsoleAction": "AWS Console Action via CloudTrail"
        case "AwsServiceEvent": "AWS Service Event via CloudTrail"
        case "AwsCloudTrailInsight": "AWS Insight via CloudTrail"
        default: "AWS API Call via CloudTrail"
        }
    }

    /// `aws.<service>` for `<service>.amazonaws.com`; another event source as it is.
    package static func source(eventSource: String) -> String {
        let suffix = ".amazonaws.com"
        guard eventSource.hasSuffix(suffix), eventSource.count > suffix.count else { return eventSource }
        return "aws." + eventSource.dropLast(suffix.count)
    }

    /// The record's eventID when it is a UUID; otherwise a UUID derived from it, so the envelope of a record
    /// always has the same id (retries and replays can be recognised).
    package static func id(eventID: String) -> String {
        let bytes = Array(eventID.utf8)
        if bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }) {
            return eventID.lowercased()
        }
        let digest = Array(SHA256.hash(data: bytes).prefix(16))
        let hex = HexText.encode(digest)
        let chars = Array(hex)
        return String(chars[0..<8]) + "-" + String(chars[8..<12]) + "-" + String(chars[12..<16]) + "-"
            + String(chars[16..<20]) + "-" + String(chars[20..<32])
    }
}
