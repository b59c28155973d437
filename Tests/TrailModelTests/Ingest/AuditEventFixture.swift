import TrailModel

/// Inline `PutAuditEvents` fixtures: a channel, its owner, and `eventData` in the integrations schema.
enum AuditEventFixture {
    static let account = "123456789012"
    static let region = "us-east-1"
    static let channel = "arn:aws:cloudtrail:us-east-1:123456789012:channel/EXAMPLE8-0558-4f7e-a06a-43969EXAMPLE"
    /// 2023-11-14T22:13:20.123Z.
    static let ingestionTime: Int64 = 1_700_000_000_123

    /// Every field of the schema, compact.
    static let fullEventData =
        #"{"version":"1.0","userIdentity":{"type":"CustomUserIdentity","principalId":"alice","#
        + #""details":{"key":"value"}},"userAgent":"agent/1.0","eventSource":"app.example.com","#
        + #""eventName":"CreateWidget","eventTime":"2021-10-27T12:13:14Z","UID":"uid-1","#
        + #""requestParameters":{"key":"value"},"responseElements":{"key":"value"},"#
        + #""errorCode":"Oops","errorMessage":"it broke","sourceIPAddress":"192.0.2.1","#
        + #""recipientAccountId":"123456789012","additionalEventData":{"key":"value"}}"#

    /// Only the required fields.
    static let minimalEventData =
        #"{"version":"1","userIdentity":{"type":"T","principalId":"p"},"eventSource":"s","eventName":"n","#
        + #""eventTime":"2021-10-27T12:13:14Z","UID":"u","recipientAccountId":"123456789012"}"#

    static var full: JSONValue { try! JSONValue(parsing: fullEventData) }

    /// `fullEventData` with a member set (`nil` removes it), as compact text.
    static func with(_ key: String, _ value: JSONValue?) -> String {
        edited(full, key, value).serializedString
    }

    /// `fullEventData` with a member of `userIdentity` set (`nil` removes it), as compact text.
    static func withIdentity(_ key: String, _ value: JSONValue?) -> String {
        let identity = edited(full["userIdentity"]!, key, value)
        return full.setting("userIdentity", to: identity).serializedString
    }

    /// A string of `count` characters.
    static func text(_ count: Int) -> JSONValue { .string(String(repeating: "x", count: count)) }

    /// A JSON object whose compact form is exactly `bytes` bytes: `{"k":"xxx…"}`.
    static func object(bytes: Int) -> JSONValue { .object([("k", text(bytes - 8))]) }

    /// Runs ``AuditEventIngest/record(for:channelARN:region:accountId:ingestionTime:newEventID:)`` with the
    /// fixture's channel.
    static func ingest(
        _ eventData: String,
        id: String = "event-1",
        checksum: String? = nil,
        eventID: String = "11111111-2222-3333-4444-555555555555"
    ) -> Result<EventRecord, AuditEventFailure> {
        AuditEventIngest.record(
            for: AuditEventInput(id: id, eventData: eventData, eventDataChecksum: checksum),
            channelARN: channel,
            region: region,
            accountId: account,
            ingestionTime: ingestionTime,
            newEventID: { eventID }
        )
    }

    private static func edited(_ object: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
        guard let value else {
            guard case .object(let members) = object else { return object }
            return .object(members.filter { $0.key != key })
        }
        return object.setting(key, to: value)
    }
}
