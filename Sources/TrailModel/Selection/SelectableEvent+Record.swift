extension SelectableEvent {
    /// Reads the selector fields of a record (a CloudTrail record object, as stored).
    ///
    /// The event category is the record's `eventCategory` when it is a non-empty string. Records written before
    /// CloudTrail added that field (event versions before 1.08) are categorised as CloudTrail did: an
    /// `AwsCloudTrailInsight` event is `Insight`, a record with `"managementEvent": false` is `Data`, and anything
    /// else is `Management`.
    ///
    /// `readOnly`, `managementEvent` and `sessionCredentialFromConsole` are read as JSON Booleans or as the strings
    /// `"true"` and `"false"` (CloudTrail writes `sessionCredentialFromConsole` as a string). A field of the wrong
    /// JSON type counts as absent. A resource's ARN is its `ARN`, or its `ARNPrefix` when it has none. When a
    /// member appears twice, the first one counts, as everywhere else in OpenTrail. A value that is not an object
    /// reads as a management event with no fields.
    ///
    /// - Parameter record: The record.
    public init(record: JSONValue) {
        var eventCategory: String?
        var managementEvent: Bool?
        var eventType: String?
        var eventSource: String?
        var eventName: String?
        var readOnly: Bool?
        var resources: [Resource] = []
        var userIdentityARN: String?
        var errorCode: String?
        var vpcEndpointId: String?
        var sessionCredentialFromConsole: Bool?
        if case .object(let members) = record {
            // One pass over the members, last to first so that the first of duplicate members is the one kept.
            var index = members.endIndex
            while index > members.startIndex {
                index -= 1
                guard let key = RecordKey(members[index].key) else { continue }
                let value = members[index].value
                switch key {
                case .eventCategory: eventCategory = value.stringValue
                case .managementEvent: managementEvent = Self.flag(value)
                case .eventType: eventType = value.stringValue
                case .eventSource: eventSource = value.stringValue
                case .eventName: eventName = value.stringValue
                case .readOnly: readOnly = Self.flag(value)
                case .resources: resources = Self.resources(value)
                case .userIdentity: userIdentityARN = value["arn"]?.stringValue
                case .errorCode: errorCode = value.stringValue
                case .vpcEndpointId: vpcEndpointId = value.stringValue
                case .sessionCredentialFromConsole: sessionCredentialFromConsole = Self.flag(value)
                }
            }
        }
        self.init(
            eventCategory: Self.category(
                eventCategory: eventCategory,
                eventType: eventType,
                managementEvent: managementEvent
            ),
            eventType: eventType,
            eventSource: eventSource,
            eventName: eventName,
            readOnly: readOnly,
            resources: resources,
            userIdentityARN: userIdentityARN,
            errorCode: errorCode,
            vpcEndpointId: vpcEndpointId,
            sessionCredentialFromConsole: sessionCredentialFromConsole
        )
    }

    /// The category of a record; see ``init(record:)``.
    static func category(eventCategory: String?, eventType: String?, managementEvent: Bool?) -> String {
        if let eventCategory, !eventCategory.isEmpty { return eventCategory }
        if eventType == "AwsCloudTrailInsight" { return insight }
        return managementEvent == false ? data : management
    }

    private static func flag(_ value: JSONValue) -> Bool? {
        switch value {
        case .bool(let flag): flag
        case .string("true"): true
        case .string("false"): false
        default: nil
        }
    }

    private static func resources(_ value: JSONValue) -> [Resource] {
        guard case .array(let items) = value else { return [] }
        var resources: [Resource] = []
        resources.reserveCapacity(items.count)
        for item in items {
            let type = item["type"]?.stringValue
            let arn = item["ARN"]?.stringValue ?? item["ARNPrefix"]?.stringValue
            if type != nil || arn != nil {
                resources.append(Resource(type: type, arn: arn))
            }
        }
        return resources
    }

    /// The top-level record members selectors read.
    private enum RecordKey {
        case eventCategory
        case managementEvent
        case eventType
        case eventSource
        case eventName
        case readOnly
        case resources
        case userIdentity
        case errorCode
        case vpcEndpointId
        case sessionCredentialFromConsole

        /// The member named `key`, if selectors read it. Records have some twenty members, most of which
        /// selectors ignore; dispatching on the name's length first keeps that to one or two comparisons each.
        init?(_ key: String) {
            let match: RecordKey? =
                switch key.utf8.count {
                case 8: key == "readOnly" ? .readOnly : nil
                case 9:
                    switch key {
                    case "eventType": .eventType
                    case "eventName": .eventName
                    case "resources": .resources
                    case "errorCode": .errorCode
                    default: nil
                    }
                case 11: key == "eventSource" ? .eventSource : nil
                case 12: key == "userIdentity" ? .userIdentity : nil
                case 13:
                    switch key {
                    case "eventCategory": .eventCategory
                    case "vpcEndpointId": .vpcEndpointId
                    default: nil
                    }
                case 15: key == "managementEvent" ? .managementEvent : nil
                case 28: key == "sessionCredentialFromConsole" ? .sessionCredentialFromConsole : nil
                default: nil
                }
            guard let match else { return nil }
            self = match
        }
    }
}
