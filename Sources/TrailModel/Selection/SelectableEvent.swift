/// The fields of a record that trail event selectors look at, read once per record so that every trail's
/// selectors can be evaluated against it without touching the JSON again.
///
/// Build one with ``init(record:)`` from the record as CloudTrail writes it, then ask each trail's
/// ``CompiledEventSelectors/selects(_:)``. The fields are those that basic selectors use (`eventCategory`,
/// `readOnly`, `eventSource`, `resources`) and every field advanced field selectors accept
/// (``AdvancedEventSelector/supportedFields``): `eventCategory`, `eventSource`, `eventName`, `eventType`,
/// `readOnly`, `resources.type`, `resources.ARN`, `userIdentity.arn`, `errorCode`, `vpcEndpointId` and
/// `sessionCredentialFromConsole`.
///
/// Two kinds of records are never selected by a trail's event selectors (``isSubjectToEventSelectors``):
/// - Insights events (``isInsight``): a trail delivers them because of its Insights selectors, to its own
///   `CloudTrail-Insight/` prefix, not because an event selector matched;
///
/// CloudTrail Lake integration records (``isActivityAuditLog``, `eventCategory` `ActivityAuditLog`, stored by
/// `PutAuditEvents`) go to a channel's event data stores only on AWS. OpenTrail has no event data stores yet, so
/// its trails take them as management events (write events unless flagged read-only), the way they take every
/// other event of the log; see docs/decisions/0004.
public struct SelectableEvent: Sendable, Hashable {
    /// One entry of the record's `resources` array.
    public struct Resource: Sendable, Hashable {
        /// `type`, e.g. `AWS::S3::Object`.
        public let type: String?
        /// `ARN`, e.g. `arn:aws:s3:::amzn-s3-demo-bucket/photo.jpg`; for an entry that carries `ARNPrefix`
        /// instead (S3 `ListObjects` names the listed prefix that way), that prefix.
        public let arn: String?

        /// Creates a resource.
        public init(type: String?, arn: String?) {
            self.type = type
            self.arn = arn
        }
    }

    /// The event category: the record's `eventCategory` when present (`Management`, `Data`, `Insight`,
    /// `NetworkActivity`, `ActivityAuditLog`); otherwise derived as ``init(record:)`` describes. Never empty for a
    /// record read with ``init(record:)``.
    public let eventCategory: String
    /// `eventType`, e.g. `AwsApiCall`, `AwsServiceEvent`, `AwsConsoleSignIn`.
    public let eventType: String?
    /// `eventSource`, e.g. `s3.amazonaws.com`.
    public let eventSource: String?
    /// `eventName`, e.g. `PutObject`.
    public let eventName: String?
    /// `readOnly`: `true` for read-only operations, `false` for writes, `nil` when the record has no such field
    /// (console sign-in events, for example). Selectors treat `nil` as a write; see ``isReadOnly``.
    public let readOnly: Bool?
    /// `resources`, in record order.
    public let resources: [Resource]
    /// `userIdentity.arn`.
    public let userIdentityARN: String?
    /// `errorCode`, e.g. `AccessDenied` or, for network activity events, `VpceAccessDenied`.
    public let errorCode: String?
    /// `vpcEndpointId`, e.g. `vpce-EXAMPLE08c1b6b9b7`.
    public let vpcEndpointId: String?
    /// `sessionCredentialFromConsole`: whether the call used a console session's credentials. Records carry it as
    /// the string `"true"` (and only when true); `nil` when absent.
    public let sessionCredentialFromConsole: Bool?

    /// Creates an event from its fields; see ``init(record:)`` to read them from a record.
    public init(
        eventCategory: String,
        eventType: String? = nil,
        eventSource: String? = nil,
        eventName: String? = nil,
        readOnly: Bool? = nil,
        resources: [Resource] = [],
        userIdentityARN: String? = nil,
        errorCode: String? = nil,
        vpcEndpointId: String? = nil,
        sessionCredentialFromConsole: Bool? = nil
    ) {
        self.eventCategory = eventCategory
        self.eventType = eventType
        self.eventSource = eventSource
        self.eventName = eventName
        self.readOnly = readOnly
        self.resources = resources
        self.userIdentityARN = userIdentityARN
        self.errorCode = errorCode
        self.vpcEndpointId = vpcEndpointId
        self.sessionCredentialFromConsole = sessionCredentialFromConsole
        self.kind = Kind(eventCategory)
    }

    /// Whether the event counts as read-only for `ReadWriteType` and the advanced `readOnly` field: `readOnly`
    /// when the record has it, otherwise `false`. Events without `readOnly` (console sign-in events, some service
    /// events) count as writes: CloudTrail defines write events as operations that modify or might modify
    /// resources, and read-only events as those that only read them, so an event not flagged read-only is not one.
    public var isReadOnly: Bool { readOnly ?? false }

    /// Whether selectors treat this as a management event (`eventCategory` `Management`, or a channel record).
    public var isManagement: Bool { kind == .management || kind == .activityAuditLog }

    /// Whether this is a data event (`eventCategory` `Data`).
    public var isData: Bool { kind == .data }

    /// Whether this is a CloudTrail Insights event (`eventCategory` `Insight`). Event selectors never select
    /// Insights events; a trail's Insights selectors decide whether it delivers them.
    public var isInsight: Bool { kind == .insight }

    /// Whether this is a CloudTrail Lake integration record (`eventCategory` `ActivityAuditLog`, from
    /// `PutAuditEvents`). Selectors treat it as a management event.
    public var isActivityAuditLog: Bool { kind == .activityAuditLog }

    /// Whether a trail's event selectors decide if the trail delivers this event: every event but Insights events.
    /// Selectors return `false` for those whatever they say.
    public var isSubjectToEventSelectors: Bool { !isInsight }

    /// The category, classified once so that selectors compare an enumeration rather than a string.
    let kind: Kind

    /// The event categories selectors treat differently.
    enum Kind: Sendable, Hashable {
        case management
        case data
        case insight
        case networkActivity
        case activityAuditLog
        /// Any other category, such as those of CloudTrail Lake's other event data stores.
        case other

        init(_ eventCategory: String) {
            switch eventCategory {
            case SelectableEvent.management: self = .management
            case SelectableEvent.data: self = .data
            case SelectableEvent.insight: self = .insight
            case SelectableEvent.networkActivity: self = .networkActivity
            case SelectableEvent.activityAuditLog: self = .activityAuditLog
            default: self = .other
            }
        }
    }

    static let management = EventSelectorConfiguration.management
    static let data = EventSelectorConfiguration.data
    static let networkActivity = EventSelectorConfiguration.networkActivity
    static let insight = "Insight"
    static let activityAuditLog = IndexedFields.activityAuditLogCategory
}
