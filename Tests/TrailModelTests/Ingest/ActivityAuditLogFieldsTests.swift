import Testing
import TrailModel

@Suite struct ActivityAuditLogFieldsTests {
    static let record =
        #"{"eventVersion":"1.0","eventCategory":"ActivityAuditLog","eventType":"ActivityLog","eventID":"e-1","#
        + #""eventTime":"2022-01-02T03:04:05Z","awsRegion":"eu-west-1","recipientAccountId":"123456789012","#
        + #""metadata":{"ingestionTime":"2022-01-02T03:05:00Z","channelARN":"arn:aws:cloudtrail:eu-west-1:"#
        + #"123456789012:channel/c"},"eventData":{"version":"1","userIdentity":{"type":"Custom","#
        + #""principalId":"carol","userName":"ignored","accessKeyId":"AKIDIGNORED"},"eventSource":"app","#
        + #""eventName":"Login","eventTime":"2022-01-02T03:04:05.678Z","UID":"u","readOnly":true,"#
        + #""recipientAccountId":"123456789012","resources":[{"ARN":"arn:x","type":"T"}]}}"#

    @Test func readsEventData() throws {
        let fields = IndexedFields(record: try JSONValue(parsing: Self.record), fallbackTime: 7, fallbackEventID: "f")
        #expect(fields.eventID == "e-1")
        #expect(fields.eventTime == EventTime.parseMilliseconds("2022-01-02T03:04:05Z"))
        #expect(fields.eventName == "Login")
        #expect(fields.eventSource == "app")
        #expect(fields.username == "carol")
        #expect(fields.accessKeyId == nil)
        #expect(fields.readOnly == nil)
        #expect(fields.awsRegion == "eu-west-1")
        #expect(fields.eventCategory == "ActivityAuditLog")
        #expect(fields.resources.isEmpty)
        #expect(!fields.isInsight)
    }

    /// Rows: record text, then the expected event ID, time, name, source and user.
    static let rows: [(String, String, Int64, String?, String?, String?)] = [
        (
            #"{"eventCategory":"ActivityAuditLog"}"#,
            "fallback", 7, nil, nil, nil
        ),
        (
            #"{"eventCategory":"ActivityAuditLog","eventData":{"eventTime":"1970-01-01T00:00:01Z","eventName":"N"}}"#,
            "fallback", 1000, "N", nil, nil
        ),
        (
            #"{"eventCategory":"ActivityAuditLog","eventID":"x","eventData":"not an object"}"#,
            "x", 7, nil, nil, nil
        ),
        (
            #"{"eventCategory":"ActivityAuditLog","eventData":{"userIdentity":{"principalId":5}}}"#,
            "fallback", 7, nil, nil, nil
        ),
        // Other records keep their top-level reading, even with an eventData member.
        (
            #"{"eventCategory":"Management","eventName":"Top","eventSource":"s3.amazonaws.com","#
                + #""userIdentity":{"type":"IAMUser","userName":"dave"},"eventData":{"eventName":"Inner"}}"#,
            "fallback", 7, "Top", "s3.amazonaws.com", "dave"
        ),
        (
            #"{"eventName":"Top","userIdentity":{"type":"Root"},"eventData":{"eventName":"Inner"}}"#,
            "fallback", 7, "Top", nil, "root"
        ),
    ]

    @Test(arguments: rows)
    func fieldRule(
        _ text: String,
        eventID: String,
        eventTime: Int64,
        eventName: String?,
        eventSource: String?,
        username: String?
    ) throws {
        let fields = IndexedFields(record: try JSONValue(parsing: text), fallbackTime: 7, fallbackEventID: "fallback")
        #expect(fields.eventID == eventID)
        #expect(fields.eventTime == eventTime)
        #expect(fields.eventName == eventName)
        #expect(fields.eventSource == eventSource)
        #expect(fields.username == username)
    }

    @Test func otherRecordsKeepAccessKeyReadOnlyAndResources() throws {
        let text =
            #"{"eventID":"m","eventName":"GetObject","readOnly":true,"userIdentity":{"type":"IAMUser","#
            + #""userName":"erin","accessKeyId":"AKID"},"#
            + #""resources":[{"ARN":"arn:aws:s3:::b","type":"AWS::S3::Bucket"}]}"#
        let fields = IndexedFields(record: try JSONValue(parsing: text), fallbackTime: 0, fallbackEventID: "f")
        #expect(fields.accessKeyId == "AKID")
        #expect(fields.readOnly == true)
        #expect(fields.username == "erin")
        #expect(fields.resources == [IndexedFields.Resource(type: "AWS::S3::Bucket", name: "arn:aws:s3:::b")])
        #expect(fields.eventCategory == nil)
    }
}
