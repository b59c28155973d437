import TrailModel

/// CloudTrail records written by the monitoring runtime tests, as a client would send them.
enum MonitorRecords {
    /// The event time of records unless a test gives one: ten seconds into the minute of the fixture's clock.
    static let defaultEventTime = "2026-11-20T10:15:10Z"

    /// A record with the fields CloudTrail writes; `extra` is spliced in as further members (`, "a": 1`).
    ///
    /// - Parameters:
    ///   - id: the `eventID`.
    ///   - recipientAccountId: `nil` leaves the member out.
    ///   - eventCategory: `nil` leaves the member out.
    static func make(
        id: String,
        eventName: String = "CreateTrail",
        eventSource: String = "cloudtrail.amazonaws.com",
        eventTime: String = MonitorRecords.defaultEventTime,
        region: String = "us-east-1",
        readOnly: Bool = false,
        eventType: String = "AwsApiCall",
        eventCategory: String? = "Management",
        recipientAccountId: String? = "123456789012",
        userAccountId: String = "123456789012",
        extra: String = ""
    ) -> EventRecord {
        var members = [
            #""eventVersion":"1.11""#,
            #""userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","#
                + #""arn":"arn:aws:iam::\#(userAccountId):user/alice","#
                + #""accountId":"\#(userAccountId)","accessKeyId":"AKIAEXAMPLE0000001","userName":"alice"}"#,
            #""eventTime":"\#(eventTime)""#,
            #""eventSource":"\#(eventSource)""#,
            #""eventName":"\#(eventName)""#,
            #""awsRegion":"\#(region)""#,
            #""sourceIPAddress":"192.0.2.10""#,
            #""userAgent":"aws-cli/2.15.0""#,
            #""requestID":"req-\#(id)""#,
            #""eventID":"\#(id)""#,
            #""readOnly":\#(readOnly)"#,
            #""eventType":"\#(eventType)""#,
            #""managementEvent":true"#,
        ]
        if let recipientAccountId {
            members.append(#""recipientAccountId":"\#(recipientAccountId)""#)
        }
        if let eventCategory {
            members.append(#""eventCategory":"\#(eventCategory)""#)
        }
        let text = "{" + members.joined(separator: ",") + extra + "}"
        return parse(text)
    }

    /// A failed console sign-in (what the CIS ConsoleSignInFailures filter counts).
    static func consoleSignInFailure(id: String, eventTime: String = MonitorRecords.defaultEventTime) -> EventRecord {
        make(
            id: id,
            eventName: "ConsoleLogin",
            eventSource: "signin.amazonaws.com",
            eventTime: eventTime,
            eventType: "AwsConsoleSignIn",
            extra: #","errorMessage":"Failed authentication","responseElements":{"ConsoleLogin":"Failure"}"#
        )
    }

    /// An S3 bucket management call.
    static func s3(
        id: String,
        eventName: String = "DeleteBucket",
        bucket: String = "sensitive-bucket",
        readOnly: Bool = false,
        eventTime: String = MonitorRecords.defaultEventTime
    ) -> EventRecord {
        make(
            id: id,
            eventName: eventName,
            eventSource: "s3.amazonaws.com",
            eventTime: eventTime,
            readOnly: readOnly,
            extra: #","requestParameters":{"bucketName":"\#(bucket)","Host":"s3.amazonaws.com"},"#
                + #""resources":[{"ARN":"arn:aws:s3:::\#(bucket)","type":"AWS::S3::Bucket"}]"#
        )
    }

    /// A record from its JSON text.
    static func parse(_ text: String) -> EventRecord {
        try! EventRecord(parsing: Array(text.utf8), receivedAt: 0) { fatalError("the record has an eventID") }
    }
}
