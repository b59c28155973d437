/// A basic event selector, as in the botocore `EventSelector` shape.
///
/// ```json
/// {"ReadWriteType": "All", "IncludeManagementEvents": true,
///  "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::amzn-s3-demo-bucket/"]}],
///  "ExcludeManagementEventSources": []}
/// ```
///
/// Every member is optional on the wire; ``normalized`` fills in the defaults AWS answers with.
/// A trail has up to five basic selectors, or advanced selectors instead (``EventSelectorConfiguration``).
public struct EventSelector: Codable, Hashable, Sendable {
    /// Which events by their `readOnly` flag a selector picks. Open: any string decodes, so that an unknown value
    /// reaches validation and gets CloudTrail's `InvalidEventSelectorsException` rather than a decoding error.
    public struct ReadWriteType: OpenWireValue {
        /// The value on the wire.
        public let rawValue: String

        /// Wraps a wire value, known or not.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Read-only events only (`readOnly: true`).
        public static let readOnly = Self(rawValue: "ReadOnly")
        /// Write events only (`readOnly: false`).
        public static let writeOnly = Self(rawValue: "WriteOnly")
        /// Both; the default.
        public static let all = Self(rawValue: "All")

        /// The values CloudTrail accepts.
        public static let knownValues: [Self] = [.readOnly, .writeOnly, .all]

    }

    /// Read-only, write-only or all events; `nil` means ``ReadWriteType/all``.
    public var readWriteType: ReadWriteType?
    /// Whether management events are logged; `nil` means `true`.
    public var includeManagementEvents: Bool?
    /// The resources whose data events are logged; `nil` means none.
    public var dataResources: [DataResource]?
    /// Event sources whose management events are not logged (`kms.amazonaws.com`, `rdsdata.amazonaws.com`);
    /// `nil` means none.
    public var excludeManagementEventSources: [String]?

    /// Creates a selector; members left `nil` take AWS's defaults.
    public init(
        readWriteType: ReadWriteType? = nil,
        includeManagementEvents: Bool? = nil,
        dataResources: [DataResource]? = nil,
        excludeManagementEventSources: [String]? = nil
    ) {
        self.readWriteType = readWriteType
        self.includeManagementEvents = includeManagementEvents
        self.dataResources = dataResources
        self.excludeManagementEventSources = excludeManagementEventSources
    }

    enum CodingKeys: String, CodingKey {
        case readWriteType = "ReadWriteType"
        case includeManagementEvents = "IncludeManagementEvents"
        case dataResources = "DataResources"
        case excludeManagementEventSources = "ExcludeManagementEventSources"
    }

    /// The selector a trail has until PutEventSelectors is called: all read and write management events,
    /// no data events. This is what GetEventSelectors answers for such a trail.
    public static let `default` = EventSelector(
        readWriteType: .all,
        includeManagementEvents: true,
        dataResources: [],
        excludeManagementEventSources: []
    )

    /// The selector with every member present, defaults filled in (`All`, `true`, `[]`, `[]`), as
    /// PutEventSelectors and GetEventSelectors answer with it.
    public var normalized: EventSelector {
        EventSelector(
            readWriteType: readWriteType ?? .all,
            includeManagementEvents: includeManagementEvents ?? true,
            dataResources: dataResources ?? [],
            excludeManagementEventSources: excludeManagementEventSources ?? []
        )
    }
}
