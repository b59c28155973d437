import Foundation
import Testing
import TrailModel
import TrailRules

@Suite struct EventBridgeEnvelopeTests {
    static func envelope(_ record: EventRecord, defaultAccount: String = "999999999999") throws -> EventBridgeEnvelope {
        try EventBridgeEnvelope(record: record.bytes, fields: record.fields, defaultAccount: defaultAccount)
    }

    static func isUUIDShaped(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let hex = Set("0123456789abcdef")
        return parts.map(\.count) == [8, 4, 4, 4, 12] && parts.allSatisfy { $0.allSatisfy(hex.contains) }
    }

    @Test(arguments: [
        ("AwsApiCall", "AWS API Call via CloudTrail"),
        ("AwsConsoleSignIn", "AWS Console Signin via CloudTrail"),
        ("AwsConsoleAction", "AWS Console Action via CloudTrail"),
        ("AwsServiceEvent", "AWS Service Event via CloudTrail"),
        ("AwsCloudTrailInsight", "AWS Insight via CloudTrail"),
        ("SomethingNew", "AWS API Call via CloudTrail"),
    ])
    func detailTypeFollowsTheEventType(eventType: String, detailType: String) throws {
        // given a record of an event type
        let record = MonitorRecords.make(id: "event-1", eventType: eventType)

        // when it is wrapped
        let envelope = try Self.envelope(record)

        // then the detail-type is EventBridge's for it
        #expect(envelope.detailType == detailType)
        #expect(EventBridgeEnvelope.detailType(eventType: eventType) == detailType)
    }

    @Test func detailTypeOfARecordWithoutEventTypeIsAnAPICall() {
        #expect(EventBridgeEnvelope.detailType(eventType: nil) == "AWS API Call via CloudTrail")
    }

    @Test(arguments: [
        ("s3.amazonaws.com", "aws.s3"),
        ("signin.amazonaws.com", "aws.signin"),
        ("cloudtrail.amazonaws.com", "aws.cloudtrail"),
        ("opentrail.example.com", "opentrail.example.com"),
        (".amazonaws.com", ".amazonaws.com"),
        ("", ""),
    ])
    func sourceIsTheServiceOfTheEventSource(eventSource: String, source: String) {
        #expect(EventBridgeEnvelope.source(eventSource: eventSource) == source)
    }

    @Test func envelopeFieldsComeFromTheRecord() throws {
        // given an S3 record
        let record = MonitorRecords.s3(id: "event-1")

        // when it is wrapped
        let envelope = try Self.envelope(record)

        // then its fields are CloudTrail's EventBridge fields
        #expect(envelope.source == "aws.s3")
        #expect(envelope.detailType == "AWS API Call via CloudTrail")
        #expect(envelope.account == "123456789012")
        #expect(envelope.time == "2026-11-20T10:15:10Z")
        #expect(envelope.region == "us-east-1")
    }

    @Test func accountFallsBackToTheIdentityThenTheDefault() throws {
        // given records without recipientAccountId
        let withIdentity = MonitorRecords.make(id: "a", recipientAccountId: nil, userAccountId: "222233334444")
        let bare = MonitorRecords.parse(
            #"{"eventID":"b","eventTime":"2026-11-20T10:15:10Z","eventSource":"s3.amazonaws.com","awsRegion":"us-east-1"}"#
        )

        // when they are wrapped
        // then the account is the identity's, or the default
        #expect(try Self.envelope(withIdentity).account == "222233334444")
        #expect(try Self.envelope(bare).account == "999999999999")
    }

    @Test func idOfAUUIDEventIDIsThatID() throws {
        let record = MonitorRecords.make(id: "6F2C1E4A-3B5D-4C7E-9F10-1A2B3C4D5E6F")
        #expect(try Self.envelope(record).id == "6f2c1e4a-3b5d-4c7e-9f10-1a2b3c4d5e6f")
    }

    @Test func idOfAnotherEventIDIsAStableUUID() throws {
        // given records with eventIDs that are not UUIDs
        let record = MonitorRecords.make(id: "event-1")

        // when they are wrapped twice
        let first = try Self.envelope(record).id
        let second = try Self.envelope(MonitorRecords.make(id: "event-1", eventName: "Other")).id

        // then the id is UUID-shaped, the same for the same eventID, different for another
        #expect(Self.isUUIDShaped(first))
        #expect(first == second)
        #expect(first == EventBridgeEnvelope.id(eventID: "event-1"))
        #expect(first != EventBridgeEnvelope.id(eventID: "event-2"))
    }

    @Test func jsonHoldsTheEnvelopeAndTheRecordAsDetail() throws {
        // given an S3 record
        let record = MonitorRecords.s3(id: "event-1")

        // when its envelope is serialized
        let envelope = try Self.envelope(record)
        let json = try JSONValue(parsing: envelope.json)

        // then it parses, has EventBridge's members in order, and the record (byte for byte) as detail
        guard case .object(let members) = json else {
            Issue.record("the envelope is not a JSON object")
            return
        }
        #expect(
            members.map(\.key) == [
                "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail",
            ]
        )
        #expect(json["version"]?.stringValue == "0")
        #expect(json["id"]?.stringValue == envelope.id)
        #expect(json["detail-type"]?.stringValue == "AWS API Call via CloudTrail")
        #expect(json["source"]?.stringValue == "aws.s3")
        #expect(json["account"]?.stringValue == "123456789012")
        #expect(json["time"]?.stringValue == "2026-11-20T10:15:10Z")
        #expect(json["region"]?.stringValue == "us-east-1")
        #expect(json["resources"] == .array([]))
        #expect(json["detail"] == (try JSONValue(parsing: record.bytes)))
        #expect(envelope.json.suffix(record.bytes.count + 1) == ArraySlice(record.bytes + [UInt8(ascii: "}")]))
    }

    @Test func jsonEscapesEnvelopeStrings() throws {
        // given a record whose event source needs escaping
        let record = MonitorRecords.make(id: "event-1", eventSource: #"odd\"source"#)

        // when it is wrapped
        let envelope = try Self.envelope(record)

        // then the JSON still parses, with the source as the record has it
        #expect(try JSONValue(parsing: envelope.json)["source"]?.stringValue == envelope.source)
    }

    @Test func flatViewHasTheRecordUnderDetailAndTheEnvelopeFields() throws {
        // given an S3 record
        let envelope = try Self.envelope(MonitorRecords.s3(id: "event-1"))

        // then event patterns see both the envelope's and the record's fields
        let flat = envelope.flat
        let source = try #require(flat.firstIndex(atPath: "source"))
        #expect(flat.valueString(flat.entries[source]) == "aws.s3")
        let eventName = try #require(flat.firstIndex(atPath: "detail.eventName"))
        #expect(flat.valueString(flat.entries[eventName]) == "DeleteBucket")
        let detailType = try #require(flat.firstIndex(atPath: "detail-type"))
        #expect(flat.valueString(flat.entries[detailType]) == "AWS API Call via CloudTrail")
    }

    @Test(
        arguments: [
            (true, "Management", true),
            (true, nil, true),
            (false, "Management", false),
            (true, "Data", false),
            (false, "Data", false),
        ] as [(Bool, String?, Bool)]
    )
    func readOnlyManagementEventsAreRecognised(readOnly: Bool, category: String?, expected: Bool) throws {
        let record = MonitorRecords.make(id: "event-1", readOnly: readOnly, eventCategory: category)
        #expect(try Self.envelope(record).isReadOnlyManagementEvent == expected)
    }

    @Test func recordThatIsNotAnObjectIsRefused() {
        let fields = MonitorRecords.make(id: "event-1").fields
        #expect(throws: (any Error).self) {
            try EventBridgeEnvelope(record: Array("[1, 2]".utf8), fields: fields, defaultAccount: "1")
        }
    }
}
