import Testing
import TrailModel

@Suite struct AuditEventRecordTests {
    typealias F = AuditEventFixture

    /// Odd whitespace, an unusual key order, escapes that a re-encoder would rewrite (`\/`, `\u00e9`),
    /// a number with exponent and a duplicate-looking nested key.
    static let oddEventData =
        "{ \"UID\" :\"u-9\",\n\t\"eventTime\":\"2021-10-27T14:13:14.987+02:00\" , \"eventName\":\"Do\\/It\","
        + "\"eventSource\":\"caf\\u00e9.example\",\"recipientAccountId\":\"123456789012\","
        + "\"userIdentity\":{ \"principalId\":\"bob\",\"type\":\"Custom\",\"details\":{\"n\":1.50e+2}},"
        + "\"version\":\"2\",\"requestParameters\":{\"a\":{\"a\":[]}} }  "

    @Test func storedRecordShape() throws {
        let record = try F.ingest(Self.oddEventData, eventID: "ev-123").get()
        let value = try JSONValue(parsing: record.bytes)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.key) == [
                "eventVersion", "eventCategory", "eventType", "eventID", "eventTime", "awsRegion",
                "recipientAccountId", "metadata", "eventData",
            ]
        )
        #expect(value["eventVersion"] == .string(AuditEventIngest.eventVersion))
        #expect(value["eventCategory"] == .string("ActivityAuditLog"))
        #expect(value["eventType"] == .string("ActivityLog"))
        #expect(value["eventID"] == .string("ev-123"))
        #expect(value["eventTime"] == .string("2021-10-27T12:13:14Z"))
        #expect(value["awsRegion"] == .string("us-east-1"))
        #expect(value["recipientAccountId"] == .string("123456789012"))
        #expect(
            value["metadata"]
                == .object([
                    ("ingestionTime", .string("2023-11-14T22:13:20Z")),
                    ("channelARN", .string(F.channel)),
                ])
        )
        #expect(value["eventData"] == (try JSONValue(parsing: Self.oddEventData)))
        #expect(value["eventData"]?["eventName"] == .string("Do/It"))
    }

    @Test(arguments: [oddEventData, AuditEventFixture.fullEventData, AuditEventFixture.minimalEventData])
    func eventDataBytesAreEmbeddedVerbatim(_ eventData: String) throws {
        let record = try F.ingest(eventData).get()
        let embedded = Array(#","eventData":"#.utf8) + Array(eventData.utf8) + [UInt8(ascii: "}")]
        #expect(Array(record.bytes.suffix(embedded.count)) == embedded)
        let prefix = record.bytes.dropLast(embedded.count)
        #expect(!prefix.contains(UInt8(ascii: " ")))  // OpenTrail's own members are compact
    }

    @Test func exactBytesOfARecord() throws {
        let record = try F.ingest(F.minimalEventData, eventID: "e1").get()
        let expected =
            #"{"eventVersion":"1.0","eventCategory":"ActivityAuditLog","eventType":"ActivityLog","eventID":"e1","#
            + #""eventTime":"2021-10-27T12:13:14Z","awsRegion":"us-east-1","recipientAccountId":"123456789012","#
            + #""metadata":{"ingestionTime":"2023-11-14T22:13:20Z","channelARN":""# + F.channel + #""},"#
            + #""eventData":"# + F.minimalEventData + "}"
        #expect(String(decoding: record.bytes, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        ("2021-10-27T12:13:14Z", "2021-10-27T12:13:14Z"),
        ("2021-10-27T12:13:14.999Z", "2021-10-27T12:13:14Z"),
        ("2021-10-27T12:13:14", "2021-10-27T12:13:14Z"),
        ("2021-10-28T01:13:14+13:00", "2021-10-27T12:13:14Z"),
        ("2021-10-26T23:43:14-12:30", "2021-10-27T12:13:14Z"),
        ("2021-10-27 12:13:14Z", "2021-10-27T12:13:14Z"),
    ])
    func eventTimeIsNormalised(_ eventTime: String, stored: String) throws {
        let record = try F.ingest(F.with("eventTime", .string(eventTime))).get()
        let value = try JSONValue(parsing: record.bytes)
        #expect(value["eventTime"] == .string(stored))
        #expect(value["eventData"]?["eventTime"] == .string(eventTime))
        #expect(record.fields.eventTime == EventTime.parseMilliseconds(stored))
    }

    // MARK: - Checksums

    @Test(arguments: [AuditEventFixture.fullEventData, oddEventData, AuditEventFixture.minimalEventData])
    func matchingChecksumIsAccepted(_ eventData: String) throws {
        let checksum = AuditEventIngest.checksum(of: eventData)
        let record = try F.ingest(eventData, checksum: checksum).get()
        #expect(record.fields.eventID == "11111111-2222-3333-4444-555555555555")
    }

    static let wrongChecksums: [String] = [
        "",
        "not base64!",
        AuditEventIngest.checksum(of: AuditEventFixture.fullEventData + " "),  // other bytes, same JSON
        AuditEventIngest.checksum(of: AuditEventFixture.minimalEventData),
        SoftwareSHA256.hexDigest(AuditEventFixture.fullEventData.utf8),  // hex, not base64
        String(AuditEventIngest.checksum(of: AuditEventFixture.fullEventData).dropLast()),  // padding dropped
        AuditEventIngest.checksum(of: AuditEventFixture.fullEventData).lowercased(),
    ]

    @Test(arguments: wrongChecksums)
    func wrongChecksumIsRejected(_ checksum: String) {
        guard case .failure(let failure) = F.ingest(F.fullEventData, checksum: checksum) else {
            Issue.record("accepted")
            return
        }
        #expect(failure.errorCode == "InvalidChecksum")
        #expect(failure.id == "event-1")
    }

    @Test func checksumIsCheckedBeforeTheSchema() {
        guard case .failure(let failure) = F.ingest("{}", checksum: AuditEventIngest.checksum(of: "{ }")) else {
            Issue.record("accepted")
            return
        }
        #expect(failure.errorCode == "InvalidChecksum")
    }

    // MARK: - Indexed fields

    @Test func indexedFieldsOfAStoredRecord() throws {
        let record = try F.ingest(Self.oddEventData, eventID: "ev-9").get()
        let expected = IndexedFields(
            eventID: "ev-9",
            // The stored (whole-second) eventTime, so that re-reading the bytes gives the same fields.
            eventTime: EventTime.parseMilliseconds("2021-10-27T12:13:14Z")!,
            eventName: "Do/It",
            eventSource: "café.example",
            username: "bob",
            accessKeyId: nil,
            readOnly: nil,
            awsRegion: "us-east-1",
            eventCategory: "ActivityAuditLog",
            resources: []
        )
        #expect(record.fields == expected)
        // Reading the stored bytes back gives the same fields (as the store does on import).
        let reread = IndexedFields(record: try JSONValue(parsing: record.bytes), fallbackTime: 0, fallbackEventID: "x")
        #expect(reread == expected)
        #expect(!reread.isInsight)
    }

    @Test func eventRecordParsingIndexesAnIngestedRecord() throws {
        let stored = try F.ingest(F.fullEventData, eventID: "ev-2").get()
        let parsed = try EventRecord(parsing: stored.bytes, receivedAt: 0, newEventID: { "unused" })
        #expect(parsed.bytes == stored.bytes)
        #expect(parsed.fields == stored.fields)
    }
}
