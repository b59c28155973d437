/// The fields of a record that event history filters and answers on.
///
/// They are read once, when the record enters the log, and stored beside the record's bytes so that
/// a lookup never parses stored records.
public struct IndexedFields: Sendable, Hashable {
    /// A resource named by a record, as LookupEvents reports it.
    public struct Resource: Sendable, Hashable {
        /// `ResourceType`, e.g. `AWS::CloudTrail::Trail`.
        public var type: String?
        /// `ResourceName`, e.g. the ARN.
        public var name: String?

        public init(type: String?, name: String?) {
            self.type = type
            self.name = name
        }
    }

    public var eventID: String
    /// `eventTime` in milliseconds since 1970.
    public var eventTime: Int64
    public var eventName: String?
    public var eventSource: String?
    public var username: String?
    public var accessKeyId: String?
    public var readOnly: Bool?
    public var awsRegion: String?
    public var eventCategory: String?
    public var resources: [Resource]

    public init(
        eventID: String,
        eventTime: Int64,
        eventName: String? = nil,
        eventSource: String? = nil,
        username: String? = nil,
        accessKeyId: String? = nil,
        readOnly: Bool? = nil,
        awsRegion: String? = nil,
        eventCategory: String? = nil,
        resources: [Resource] = []
    ) {
        self.eventID = eventID
        self.eventTime = eventTime
        self.eventName = eventName
        self.eventSource = eventSource
        self.username = username
        self.accessKeyId = accessKeyId
        self.readOnly = readOnly
        self.awsRegion = awsRegion
        self.eventCategory = eventCategory
        self.resources = resources
    }

    /// Whether the record is a CloudTrail Insights event (kept apart from other events in lookups).
    public var isInsight: Bool { eventCategory == "Insight" }
}

extension IndexedFields {
    /// Reads the indexed fields of a parsed record.
    ///
    /// - Parameters:
    ///   - record: the record; must be a JSON object.
    ///   - fallbackTime: the time to index when the record has no readable `eventTime`.
    ///   - fallbackEventID: the event ID to index when the record has none.
    ///
    /// A CloudTrail Lake integration record (`eventCategory` `ActivityAuditLog`, as `PutAuditEvents` stores
    /// it) is read differently: event name, source and user come from its `eventData` (the user is
    /// `eventData.userIdentity.principalId`), and it has no access key, read-only flag or resources.
    public init(record: JSONValue, fallbackTime: Int64, fallbackEventID: String) {
        if record["eventCategory"]?.stringValue == Self.activityAuditLogCategory {
            self.init(activityAuditLog: record, fallbackTime: fallbackTime, fallbackEventID: fallbackEventID)
            return
        }
        let identity = record["userIdentity"]
        self.init(
            eventID: record["eventID"]?.stringValue ?? fallbackEventID,
            eventTime: record["eventTime"]?.stringValue.flatMap(EventTime.parseMilliseconds) ?? fallbackTime,
            eventName: record["eventName"]?.stringValue,
            eventSource: record["eventSource"]?.stringValue,
            username: identity.flatMap(Self.username(of:)),
            accessKeyId: identity?["accessKeyId"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            readOnly: Self.flag(record["readOnly"]),
            awsRegion: record["awsRegion"]?.stringValue,
            eventCategory: record["eventCategory"]?.stringValue
                ?? (record["eventType"]?.stringValue == "AwsCloudTrailInsight" ? "Insight" : nil),
            resources: Self.resources(record["resources"])
        )
    }

    /// The `eventCategory` of events ingested through CloudTrail Lake integrations (`PutAuditEvents`).
    static let activityAuditLogCategory = "ActivityAuditLog"

    /// Reads a record in the CloudTrail Lake integrations schema: `{eventVersion, eventCategory, eventType,
    /// eventID, eventTime, awsRegion, recipientAccountId, metadata, eventData}`.
    private init(activityAuditLog record: JSONValue, fallbackTime: Int64, fallbackEventID: String) {
        let data = record["eventData"]
        let time = record["eventTime"]?.stringValue ?? data?["eventTime"]?.stringValue
        self.init(
            eventID: record["eventID"]?.stringValue ?? fallbackEventID,
            eventTime: time.flatMap(EventTime.parseMilliseconds) ?? fallbackTime,
            eventName: data?["eventName"]?.stringValue,
            eventSource: data?["eventSource"]?.stringValue,
            username: data?["userIdentity"]?["principalId"]?.stringValue,
            accessKeyId: nil,
            readOnly: nil,
            awsRegion: record["awsRegion"]?.stringValue,
            eventCategory: Self.activityAuditLogCategory,
            resources: []
        )
    }

    /// The user name event history shows for an identity, as CloudTrail derives it.
    ///
    /// `userName` when present; `root` for the root user; the session name of an assumed role;
    /// otherwise the service that acted (`invokedBy`) or nothing.
    public static func username(of identity: JSONValue) -> String? {
        if let name = identity["userName"]?.stringValue, !name.isEmpty { return name }
        switch identity["type"]?.stringValue {
        case "Root":
            return "root"
        case "AssumedRole", "FederatedUser":
            if let arn = identity["arn"]?.stringValue, let last = arn.split(separator: "/").last, arn.contains("/") {
                return String(last)
            }
            return identity["principalId"]?.stringValue?.split(separator: ":").last.map(String.init)
        default:
            return identity["invokedBy"]?.stringValue
        }
    }

    private static func flag(_ value: JSONValue?) -> Bool? {
        switch value {
        case .bool(let b)?: return b
        case .string(let s)?: return s == "true" ? true : (s == "false" ? false : nil)
        default: return nil
        }
    }

    private static func resources(_ value: JSONValue?) -> [Resource] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { item in
            let name = item["ARN"]?.stringValue ?? item["ARNPrefix"]?.stringValue ?? item["arn"]?.stringValue
            let type = item["type"]?.stringValue ?? item["resourceType"]?.stringValue
            return name == nil && type == nil ? nil : Resource(type: type, name: name)
        }
    }
}
