extension SelectableEvent {
    /// A record field an advanced field selector names, resolved once when selectors are compiled.
    enum Field: Sendable, Hashable {
        /// A field with at most one value per record.
        case single(SingleField)
        /// `resources.type`: one value per resource.
        case resourceType
        /// `resources.ARN`: one value per resource.
        case resourceARN
        /// A name OpenTrail does not know. Validation rejects it; if one gets through, records lack the field.
        case unknown

        /// The field an advanced field selector's `Field` names. Names are case-sensitive, as in CloudTrail.
        init(name: String) {
            switch name {
            case "eventCategory": self = .single(.eventCategory)
            case "eventType": self = .single(.eventType)
            case "eventSource": self = .single(.eventSource)
            case "eventName": self = .single(.eventName)
            case "readOnly": self = .single(.readOnly)
            case "userIdentity.arn": self = .single(.userIdentityARN)
            case "errorCode": self = .single(.errorCode)
            case "vpcEndpointId": self = .single(.vpcEndpointId)
            case "sessionCredentialFromConsole": self = .single(.sessionCredentialFromConsole)
            case "resources.type": self = .resourceType
            case "resources.ARN": self = .resourceARN
            default: self = .unknown
            }
        }
    }

    /// The fields with at most one value per record.
    enum SingleField: Sendable, Hashable {
        case eventCategory
        case eventType
        case eventSource
        case eventName
        case readOnly
        case userIdentityARN
        case errorCode
        case vpcEndpointId
        case sessionCredentialFromConsole
    }

    /// The value advanced field selectors compare for a single-valued field, `nil` when the record lacks it.
    ///
    /// `readOnly` is always present, as `"true"` or `"false"` (``isReadOnly``: an event without `readOnly` counts
    /// as a write), so that the advanced `readOnly` field agrees with the basic `ReadWriteType`.
    /// `sessionCredentialFromConsole` is `"true"` or `"false"` when present.
    func value(of field: SingleField) -> String? {
        switch field {
        // Channel records have no event data store to go to in OpenTrail: trails take them as management events.
        case .eventCategory: kind == .activityAuditLog ? SelectableEvent.management : eventCategory
        case .eventType: eventType
        case .eventSource: eventSource
        case .eventName: eventName
        case .readOnly: isReadOnly ? "true" : "false"
        case .userIdentityARN: userIdentityARN
        case .errorCode: errorCode
        case .vpcEndpointId: vpcEndpointId
        case .sessionCredentialFromConsole: sessionCredentialFromConsole.map { $0 ? "true" : "false" }
        }
    }
}
