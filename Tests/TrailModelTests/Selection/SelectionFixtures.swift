import Testing
import TrailModel

/// Small CloudTrail records for the selection tests, as JSON text shaped like the records CloudTrail writes
/// (event version 1.09+: `managementEvent` and `eventCategory` present unless a fixture says otherwise).
enum SelectionRecords {
    static let account = "111122223333"
    static let userARN = "arn:aws:iam::111122223333:user/Mary"

    /// A management event; `readOnly: nil` leaves the field out.
    static func management(
        source: String = "ec2.amazonaws.com",
        name: String = "RunInstances",
        readOnly: Bool?
    ) -> String {
        #"""
        {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "arn": "\#(userARN)"},
         "eventSource": "\#(source)", "eventName": "\#(name)", "awsRegion": "us-east-1",
         \#(readOnlyMember(readOnly))"eventType": "AwsApiCall", "managementEvent": true,
         "recipientAccountId": "\#(account)", "eventCategory": "Management"}
        """#
    }

    /// `DescribeInstances`: a read-only management event.
    static let describeInstances = management(name: "DescribeInstances", readOnly: true)
    /// `RunInstances`: a write management event.
    static let runInstances = management(name: "RunInstances", readOnly: false)
    /// KMS `Decrypt`: a read-only management event from `kms.amazonaws.com`.
    static let kmsDecrypt = management(source: "kms.amazonaws.com", name: "Decrypt", readOnly: true)
    /// KMS `CreateKey`: a write management event from `kms.amazonaws.com`.
    static let kmsCreateKey = management(source: "kms.amazonaws.com", name: "CreateKey", readOnly: false)
    /// RDS Data API `ExecuteStatement`: a write management event from `rdsdata.amazonaws.com`.
    static let rdsExecuteStatement = management(
        source: "rdsdata.amazonaws.com",
        name: "ExecuteStatement",
        readOnly: false
    )

    /// A console sign-in: no `readOnly`, no `managementEvent`, no `eventCategory` (as in the User Guide's
    /// examples), so a management event by derivation.
    static let consoleLogin = #"""
        {"eventVersion": "1.05", "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/Mary"},
         "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin", "awsRegion": "us-east-1",
         "responseElements": {"ConsoleLogin": "Success"}, "eventType": "AwsConsoleSignIn",
         "recipientAccountId": "111122223333"}
        """#

    /// An S3 object-level data event: the object and its bucket as resources.
    static func s3Object(
        name: String = "GetObject",
        readOnly: Bool = true,
        bucket: String = "amzn-s3-demo-bucket",
        key: String = "photos/cat.jpg"
    ) -> String {
        dataEvent(
            source: "s3.amazonaws.com",
            name: name,
            readOnly: readOnly,
            resources: [
                ("AWS::S3::Object", "ARN", "arn:aws:s3:::\(bucket)/\(key)"),
                ("AWS::S3::Bucket", "ARN", "arn:aws:s3:::\(bucket)"),
            ]
        )
    }

    /// S3 `ListObjects`: the listed prefix as an `ARNPrefix` object entry, and the bucket.
    static func s3ListObjects(bucket: String = "amzn-s3-demo-bucket") -> String {
        dataEvent(
            source: "s3.amazonaws.com",
            name: "ListObjects",
            readOnly: true,
            resources: [
                ("AWS::S3::Object", "ARNPrefix", "arn:aws:s3:::\(bucket)/"),
                ("AWS::S3::Bucket", "ARN", "arn:aws:s3:::\(bucket)"),
            ]
        )
    }

    /// An S3 data event that names only a bucket.
    static func s3BucketOnly(bucket: String = "amzn-s3-demo-bucket") -> String {
        dataEvent(
            source: "s3.amazonaws.com",
            name: "GetBucketAccelerateConfiguration",
            readOnly: true,
            resources: [("AWS::S3::Bucket", "ARN", "arn:aws:s3:::\(bucket)")]
        )
    }

    /// S3 `GetObject` through an access point: object, bucket and access point resources.
    static let s3ThroughAccessPoint = dataEvent(
        source: "s3.amazonaws.com",
        name: "GetObject",
        readOnly: true,
        resources: [
            ("AWS::S3::Object", "ARN", "arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"),
            ("AWS::S3::Bucket", "ARN", "arn:aws:s3:::amzn-s3-demo-bucket"),
            ("AWS::S3::AccessPoint", "ARN", "arn:aws:s3:us-east-1:111122223333:accesspoint/photos"),
        ]
    )

    /// Lambda `Invoke` of `function` (a function name, optionally qualified).
    static func lambdaInvoke(_ function: String = "helloworld") -> String {
        dataEvent(
            source: "lambda.amazonaws.com",
            name: "Invoke",
            readOnly: false,
            resources: [("AWS::Lambda::Function", "ARN", "arn:aws:lambda:us-west-2:111122223333:function:\(function)")]
        )
    }

    /// A DynamoDB item-level data event on `table` (a table name, or a table sub-resource path).
    static func dynamoDB(name: String = "GetItem", readOnly: Bool = true, table: String = "Music") -> String {
        dataEvent(
            source: "dynamodb.amazonaws.com",
            name: name,
            readOnly: readOnly,
            resources: [("AWS::DynamoDB::Table", "ARN", "arn:aws:dynamodb:us-east-1:111122223333:table/\(table)")]
        )
    }

    /// A data event with `resources` given as (type, ARN member name, ARN).
    static func dataEvent(
        source: String,
        name: String,
        readOnly: Bool,
        resources: [(type: String, member: String, arn: String)],
        hasEventCategory: Bool = true
    ) -> String {
        let entries = resources.map {
            #"{"accountId": "\#(account)", "type": "\#($0.type)", "\#($0.member)": "\#($0.arn)"}"#
        }
        return #"""
            {"eventVersion": "1.10", "userIdentity": {"type": "IAMUser", "arn": "\#(userARN)"},
             "eventSource": "\#(source)", "eventName": "\#(name)", "awsRegion": "us-east-1",
             "readOnly": \#(readOnly), "resources": [\#(entries.joined(separator: ", "))],
             "eventType": "AwsApiCall", "managementEvent": false, \#(hasEventCategory ? #""eventCategory": "Data", "# : "")
             "recipientAccountId": "\#(account)"}
            """#
    }

    /// An S3 `GetObject` of an event version before 1.08: `"managementEvent": false` but no `eventCategory`.
    static let legacyS3Object = dataEvent(
        source: "s3.amazonaws.com",
        name: "GetObject",
        readOnly: true,
        resources: [
            ("AWS::S3::Object", "ARN", "arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"),
            ("AWS::S3::Bucket", "ARN", "arn:aws:s3:::amzn-s3-demo-bucket"),
        ],
        hasEventCategory: false
    )

    /// A VPC endpoint network activity event denied by the endpoint policy.
    static let networkActivity = #"""
        {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/Mary"},
         "eventSource": "ec2.amazonaws.com", "eventName": "DescribeInstances", "awsRegion": "us-east-1",
         "errorCode": "VpceAccessDenied", "readOnly": true, "eventType": "AwsVpceEvent",
         "managementEvent": false, "recipientAccountId": "111122223333", "vpcEndpointId": "vpce-EXAMPLE08c1b6b9b7",
         "eventCategory": "NetworkActivity"}
        """#

    /// A CloudTrail Insights event.
    static let insight = #"""
        {"eventVersion": "1.07", "eventTime": "2019-10-17T10:05:00Z", "awsRegion": "us-east-1",
         "eventID": "aab985f2-3a56-4c4a-8a7e-EXAMPLE", "eventType": "AwsCloudTrailInsight",
         "recipientAccountId": "111122223333", "sharedEventID": "12edc982-3348-4794-83d3-EXAMPLE",
         "insightDetails": {"state": "Start", "eventSource": "ssm.amazonaws.com",
         "eventName": "UpdateInstanceAssociationStatus", "insightType": "ApiCallRateInsight"},
         "eventCategory": "Insight"}
        """#

    /// An Insights event of an older event version, without `eventCategory`.
    static let insightWithoutCategory = #"""
        {"eventVersion": "1.07", "awsRegion": "us-east-1", "eventType": "AwsCloudTrailInsight",
         "recipientAccountId": "111122223333", "insightDetails": {"state": "End"}}
        """#

    /// A record stored by `PutAuditEvents` (CloudTrail Lake integrations).
    static let activityAuditLog = #"""
        {"eventVersion": "0.01", "eventCategory": "ActivityAuditLog", "eventType": "ActivityLog",
         "eventID": "EXAMPLE-aa37-4ffb-8ad0-EXAMPLE", "eventTime": "2024-01-01T00:00:00Z",
         "awsRegion": "us-east-1", "recipientAccountId": "111122223333",
         "metadata": {"ingestionTime": "2024-01-01T00:00:01Z",
         "channelARN": "arn:aws:cloudtrail:us-east-1:111122223333:channel/EXAMPLE"},
         "eventData": {"version": "1.0", "userIdentity": {"type": "User", "principalId": "alice"},
         "eventSource": "app.example.com", "eventName": "Login", "readOnly": false,
         "eventTime": "2024-01-01T00:00:00Z", "UID": "x", "recipientAccountId": "111122223333"}}
        """#

    private static func readOnlyMember(_ readOnly: Bool?) -> String {
        readOnly.map { #""readOnly": \#($0), "# } ?? ""
    }
}

/// Parses a record fixture into the event selectors see.
func selectableEvent(_ json: String) throws -> SelectableEvent {
    SelectableEvent(record: try JSONValue(parsing: json))
}

/// Checks that `configuration` selects the record `json` or not, through both ``CompiledEventSelectors`` and
/// ``EventSelectorConfiguration/selects(_:)``.
func expectSelection(
    _ configuration: EventSelectorConfiguration,
    _ json: String,
    selected: Bool,
    _ comment: Comment? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let event = try selectableEvent(json)
    #expect(CompiledEventSelectors(configuration).selects(event) == selected, comment, sourceLocation: sourceLocation)
    #expect(configuration.selects(event) == selected, comment, sourceLocation: sourceLocation)
}
