import Testing
import TrailModel

/// One row of the `eventData` rule table: the event and the `errorCode` expected (`nil`: accepted).
struct EventDataRule: Sendable, CustomTestStringConvertible {
    let name: String
    let eventData: String
    let errorCode: String?

    init(_ name: String, _ eventData: String, _ errorCode: String?) {
        self.name = name
        self.eventData = eventData
        self.errorCode = errorCode
    }

    var testDescription: String { name }
}

@Suite struct EventDataRuleTests {
    typealias F = AuditEventFixture
    static let fieldNotFound = AuditEventFailure.ErrorCode.fieldNotFound
    static let fieldTooLong = AuditEventFailure.ErrorCode.fieldTooLong
    static let invalidData = AuditEventFailure.ErrorCode.invalidData
    static let invalidRecipient = AuditEventFailure.ErrorCode.invalidRecipient

    static let accepted: [EventDataRule] = [
        EventDataRule("every field", F.fullEventData, nil),
        EventDataRule("required fields only", F.minimalEventData, nil),
        EventDataRule(
            "whitespace around and inside",
            " \n{ \"version\" : \"1\" ,\"userIdentity\":{\"type\":\"T\",\"principalId\":\"p\"},"
                + #""eventSource":"s","eventName":"n","eventTime":"2021-10-27T12:13:14Z","UID":"u","#
                + "\"recipientAccountId\":\"123456789012\"}\t",
            nil
        ),
        EventDataRule("eventTime with fraction", F.with("eventTime", .string("2021-10-27T12:13:14.500Z")), nil),
        EventDataRule("eventTime with offset", F.with("eventTime", .string("2021-10-27T14:13:14+02:00")), nil),
        EventDataRule(
            "eventTime without zone (schema format)",
            F.with("eventTime", .string("2021-10-27T12:13:14")),
            nil
        ),
        EventDataRule("optional string null", F.with("errorCode", .null), nil),
        EventDataRule("optional object null", F.with("requestParameters", .null), nil),
        EventDataRule("optional string empty", F.with("userAgent", .string("")), nil),
        EventDataRule("optional details absent", F.withIdentity("details", nil), nil),
        EventDataRule("unknown member kept", F.with("custom", .array([.int(1)])), nil),
        EventDataRule("unknown userIdentity member", F.withIdentity("arn", .string("x")), nil),
        EventDataRule("version 256 characters", F.with("version", F.text(256)), nil),
        EventDataRule("userIdentity.type 128 characters", F.withIdentity("type", F.text(128)), nil),
        EventDataRule("principalId 1024 characters", F.withIdentity("principalId", F.text(1024)), nil),
        EventDataRule("userAgent 1024 characters", F.with("userAgent", F.text(1024)), nil),
        EventDataRule("eventSource 1024 characters", F.with("eventSource", F.text(1024)), nil),
        EventDataRule("eventName 1024 characters", F.with("eventName", F.text(1024)), nil),
        EventDataRule("UID 1024 characters", F.with("UID", F.text(1024)), nil),
        EventDataRule("errorCode 256 characters", F.with("errorCode", F.text(256)), nil),
        EventDataRule("errorMessage 256 characters", F.with("errorMessage", F.text(256)), nil),
        EventDataRule(
            "eventName 1024 non-ASCII characters",
            F.with("eventName", .string(String(repeating: "é", count: 1024))),
            nil
        ),
        EventDataRule("requestParameters 100 KB", F.with("requestParameters", F.object(bytes: 100 * 1024)), nil),
        EventDataRule("responseElements 100 KB", F.with("responseElements", F.object(bytes: 100 * 1024)), nil),
        EventDataRule("additionalEventData 28 KB", F.with("additionalEventData", F.object(bytes: 28 * 1024)), nil),
        EventDataRule("sourceIPAddress IPv6", F.with("sourceIPAddress", .string("2001:db8::1")), nil),
    ]

    static let rejected: [EventDataRule] = [
        EventDataRule("empty", "", invalidData),
        EventDataRule("not JSON", "{", invalidData),
        EventDataRule("trailing garbage", F.minimalEventData + "x", invalidData),
        EventDataRule("an array", "[]", invalidData),
        EventDataRule("a string", #""text""#, invalidData),
        EventDataRule("empty object", "{}", fieldNotFound),
        EventDataRule("version missing", F.with("version", nil), fieldNotFound),
        EventDataRule("version null", F.with("version", .null), fieldNotFound),
        EventDataRule("version empty", F.with("version", .string("")), fieldNotFound),
        EventDataRule("version a number", F.with("version", .number("1.0")), invalidData),
        EventDataRule("version 257 characters", F.with("version", F.text(257)), fieldTooLong),
        EventDataRule("userIdentity missing", F.with("userIdentity", nil), fieldNotFound),
        EventDataRule("userIdentity a string", F.with("userIdentity", .string("alice")), invalidData),
        EventDataRule("userIdentity.type missing", F.withIdentity("type", nil), fieldNotFound),
        EventDataRule("userIdentity.type a number", F.withIdentity("type", .int(1)), invalidData),
        EventDataRule("userIdentity.type 129 characters", F.withIdentity("type", F.text(129)), fieldTooLong),
        EventDataRule("principalId missing", F.withIdentity("principalId", nil), fieldNotFound),
        EventDataRule("principalId empty", F.withIdentity("principalId", .string("")), fieldNotFound),
        EventDataRule("principalId 1025 characters", F.withIdentity("principalId", F.text(1025)), fieldTooLong),
        EventDataRule("details an array", F.withIdentity("details", .array([])), invalidData),
        EventDataRule("userAgent a number", F.with("userAgent", .int(7)), invalidData),
        EventDataRule("userAgent 1025 characters", F.with("userAgent", F.text(1025)), fieldTooLong),
        EventDataRule("eventSource missing", F.with("eventSource", nil), fieldNotFound),
        EventDataRule("eventSource 1025 characters", F.with("eventSource", F.text(1025)), fieldTooLong),
        EventDataRule("eventName missing", F.with("eventName", nil), fieldNotFound),
        EventDataRule("eventName a Boolean", F.with("eventName", .bool(true)), invalidData),
        EventDataRule("eventName 1025 characters", F.with("eventName", F.text(1025)), fieldTooLong),
        EventDataRule("eventTime missing", F.with("eventTime", nil), fieldNotFound),
        EventDataRule("eventTime a number", F.with("eventTime", .int(1_635_336_794)), invalidData),
        EventDataRule("eventTime not a time", F.with("eventTime", .string("yesterday")), invalidData),
        EventDataRule("eventTime date only", F.with("eventTime", .string("2021-10-27")), invalidData),
        EventDataRule("eventTime 30 February", F.with("eventTime", .string("2021-02-30T00:00:00Z")), invalidData),
        EventDataRule("UID missing", F.with("UID", nil), fieldNotFound),
        EventDataRule("UID 1025 characters", F.with("UID", F.text(1025)), fieldTooLong),
        EventDataRule("requestParameters a string", F.with("requestParameters", .string("{}")), invalidData),
        EventDataRule(
            "requestParameters 100 KB + 1",
            F.with("requestParameters", F.object(bytes: 100 * 1024 + 1)),
            fieldTooLong
        ),
        EventDataRule("responseElements an array", F.with("responseElements", .array([])), invalidData),
        EventDataRule(
            "responseElements 100 KB + 1",
            F.with("responseElements", F.object(bytes: 100 * 1024 + 1)),
            fieldTooLong
        ),
        EventDataRule("errorCode 257 characters", F.with("errorCode", F.text(257)), fieldTooLong),
        EventDataRule("errorMessage 257 characters", F.with("errorMessage", F.text(257)), fieldTooLong),
        EventDataRule("sourceIPAddress a number", F.with("sourceIPAddress", .int(1)), invalidData),
        EventDataRule("recipientAccountId missing", F.with("recipientAccountId", nil), fieldNotFound),
        EventDataRule("recipientAccountId a number", F.with("recipientAccountId", .int(123_456_789_012)), invalidData),
        EventDataRule(
            "recipientAccountId another account",
            F.with("recipientAccountId", .string("210987654321")),
            invalidRecipient
        ),
        EventDataRule(
            "recipientAccountId not 12 digits",
            F.with("recipientAccountId", .string("12345")),
            invalidRecipient
        ),
        EventDataRule("additionalEventData a string", F.with("additionalEventData", .string("x")), invalidData),
        EventDataRule(
            "additionalEventData 28 KB + 1",
            F.with("additionalEventData", F.object(bytes: 28 * 1024 + 1)),
            fieldTooLong
        ),
        EventDataRule(
            "eventData over 256 KB",
            F.with("padding", F.text(AuditEventIngest.maximumEventDataSize)),
            fieldTooLong
        ),
    ]

    @Test(arguments: accepted + rejected)
    func eventDataRule(_ rule: EventDataRule) {
        switch F.ingest(rule.eventData) {
        case .success:
            #expect(rule.errorCode == nil, "accepted, expected \(rule.errorCode ?? "")")
        case .failure(let failure):
            #expect(failure.errorCode == rule.errorCode, "\(failure.errorMessage)")
            #expect(failure.id == "event-1")
            #expect(!failure.errorMessage.isEmpty)
        }
    }

    @Test(arguments: [
        ("a", true),
        ("A-_z9", true),
        (String(repeating: "a", count: 128), true),
        ("EXAMPLE3-0f1f-4a85-9664-d50a3EXAMPLE", true),
        ("", false),
        ("a b", false),
        ("a.b", false),
        ("é", false),
        (String(repeating: "a", count: 129), false),
    ])
    func eventIDRule(_ id: String, isValid: Bool) {
        #expect(AuditEventIngest.isValidEventID(id) == isValid)
        switch F.ingest(F.minimalEventData, id: id) {
        case .success:
            #expect(isValid)
        case .failure(let failure):
            #expect(!isValid)
            #expect(failure.errorCode == AuditEventFailure.ErrorCode.invalidData)
            #expect(failure.id == id)
        }
    }

    @Test func firstViolationWinsInSchemaOrder() {
        let data = #"{"version":1,"userIdentity":{"type":"T","principalId":"p"}}"#
        guard case .failure(let failure) = F.ingest(data) else {
            Issue.record("accepted")
            return
        }
        #expect(failure.errorCode == AuditEventFailure.ErrorCode.invalidData)
        #expect(failure.errorMessage == "eventData.version must be a string")
    }

    @Test func messagesNameTheField() {
        guard case .failure(let missing) = F.ingest(F.withIdentity("principalId", nil)),
            case .failure(let long) = F.ingest(F.with("UID", F.text(1025))),
            case .failure(let recipient) = F.ingest(F.with("recipientAccountId", .string("210987654321")))
        else {
            Issue.record("accepted")
            return
        }
        #expect(missing.errorMessage == "eventData.userIdentity.principalId is required")
        #expect(long.errorMessage == "eventData.UID must be at most 1024 characters")
        #expect(recipient.errorMessage.contains("210987654321"))
    }

    @Test func failedEventGetsNoEventID() {
        var calls = 0
        let result = AuditEventIngest.record(
            for: AuditEventInput(id: "x", eventData: "{}"),
            channelARN: F.channel,
            region: F.region,
            accountId: F.account,
            ingestionTime: F.ingestionTime,
            newEventID: {
                calls += 1
                return "id"
            }
        )
        #expect(throws: AuditEventFailure.self) { try result.get() }
        #expect(calls == 0)
    }

    @Test func longMessagesAreCutToTheModelLimit() {
        let failure = AuditEventFailure(
            id: "a",
            errorCode: "InvalidData",
            errorMessage: String(repeating: "m", count: 2000)
        )
        #expect(failure.errorMessage.count == 1024)
    }
}
