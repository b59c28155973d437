import Testing
import TrailModel

@Suite struct SelectableEventTests {
    @Test func readsEveryField() throws {
        let event = try selectableEvent(
            #"""
            {"eventVersion": "1.10",
             "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/Admin/Mary"},
             "eventSource": "s3.amazonaws.com", "eventName": "PutObject", "errorCode": "AccessDenied",
             "readOnly": false, "eventType": "AwsApiCall", "managementEvent": false, "eventCategory": "Data",
             "vpcEndpointId": "vpce-0123456789abcdef0", "sessionCredentialFromConsole": "true",
             "resources": [{"accountId": "111122223333", "type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/k"},
                           {"accountId": "111122223333", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::b"}]}
            """#
        )
        #expect(
            event
                == SelectableEvent(
                    eventCategory: "Data",
                    eventType: "AwsApiCall",
                    eventSource: "s3.amazonaws.com",
                    eventName: "PutObject",
                    readOnly: false,
                    resources: [
                        .init(type: "AWS::S3::Object", arn: "arn:aws:s3:::b/k"),
                        .init(type: "AWS::S3::Bucket", arn: "arn:aws:s3:::b"),
                    ],
                    userIdentityARN: "arn:aws:sts::111122223333:assumed-role/Admin/Mary",
                    errorCode: "AccessDenied",
                    vpcEndpointId: "vpce-0123456789abcdef0",
                    sessionCredentialFromConsole: true
                )
        )
        #expect(event.isData && !event.isManagement && event.isSubjectToEventSelectors)
    }

    struct CategoryCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let category: String
    }

    @Test(arguments: [
        CategoryCase(testDescription: "eventCategory wins", json: #"{"eventCategory": "Data"}"#, category: "Data"),
        CategoryCase(
            testDescription: "eventCategory wins over managementEvent",
            json: #"{"eventCategory": "NetworkActivity", "managementEvent": false}"#,
            category: "NetworkActivity"
        ),
        CategoryCase(
            testDescription: "managementEvent true",
            json: #"{"managementEvent": true}"#,
            category: "Management"
        ),
        CategoryCase(testDescription: "managementEvent false", json: #"{"managementEvent": false}"#, category: "Data"),
        CategoryCase(
            testDescription: "managementEvent as a string",
            json: #"{"managementEvent": "false"}"#,
            category: "Data"
        ),
        CategoryCase(testDescription: "neither field", json: #"{"eventName": "ConsoleLogin"}"#, category: "Management"),
        CategoryCase(
            testDescription: "empty eventCategory",
            json: #"{"eventCategory": "", "managementEvent": false}"#,
            category: "Data"
        ),
        CategoryCase(
            testDescription: "eventCategory not a string",
            json: #"{"eventCategory": 7}"#,
            category: "Management"
        ),
        CategoryCase(
            testDescription: "Insights event without eventCategory",
            json: SelectionRecords.insightWithoutCategory,
            category: "Insight"
        ),
        CategoryCase(
            testDescription: "Lake integration record",
            json: SelectionRecords.activityAuditLog,
            category: "ActivityAuditLog"
        ),
        CategoryCase(testDescription: "not an object", json: #"["eventCategory", "Data"]"#, category: "Management"),
    ])
    func derivesTheEventCategory(_ testCase: CategoryCase) throws {
        #expect(try selectableEvent(testCase.json).eventCategory == testCase.category)
    }

    struct FlagCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let readOnly: Bool?
        let sessionCredentialFromConsole: Bool?
    }

    @Test(arguments: [
        FlagCase(
            testDescription: "Booleans",
            json: #"{"readOnly": true, "sessionCredentialFromConsole": false}"#,
            readOnly: true,
            sessionCredentialFromConsole: false
        ),
        FlagCase(
            testDescription: "strings",
            json: #"{"readOnly": "false", "sessionCredentialFromConsole": "true"}"#,
            readOnly: false,
            sessionCredentialFromConsole: true
        ),
        FlagCase(
            testDescription: "other values",
            json: #"{"readOnly": 1, "sessionCredentialFromConsole": "yes"}"#,
            readOnly: nil,
            sessionCredentialFromConsole: nil
        ),
        FlagCase(testDescription: "absent", json: "{}", readOnly: nil, sessionCredentialFromConsole: nil),
    ])
    func readsFlags(_ testCase: FlagCase) throws {
        let event = try selectableEvent(testCase.json)
        #expect(event.readOnly == testCase.readOnly)
        #expect(event.isReadOnly == (testCase.readOnly ?? false))
        #expect(event.sessionCredentialFromConsole == testCase.sessionCredentialFromConsole)
    }

    @Test func readsResources() throws {
        let event = try selectableEvent(
            #"""
            {"resources": [{"type": "AWS::S3::Object", "ARNPrefix": "arn:aws:s3:::b/"},
                           {"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::b", "ARNPrefix": "ignored"},
                           {"accountId": "111122223333"},
                           {"ARN": "arn:aws:kms:us-east-1:111122223333:key/k"},
                           "not an object"]}
            """#
        )
        #expect(
            event.resources == [
                .init(type: "AWS::S3::Object", arn: "arn:aws:s3:::b/"),
                .init(type: "AWS::S3::Bucket", arn: "arn:aws:s3:::b"),
                .init(type: nil, arn: "arn:aws:kms:us-east-1:111122223333:key/k"),
            ]
        )
        #expect(try selectableEvent(#"{"resources": {"type": "AWS::S3::Bucket"}}"#).resources.isEmpty)
    }

    @Test func firstOfDuplicateMembersCounts() throws {
        let event = try selectableEvent(#"{"eventName": "First", "eventName": "Second"}"#)
        #expect(event.eventName == "First")
    }

    struct KindCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let isInsight: Bool
        let isActivityAuditLog: Bool
    }

    @Test(arguments: [
        KindCase(
            testDescription: "management",
            json: SelectionRecords.runInstances,
            isInsight: false,
            isActivityAuditLog: false
        ),
        KindCase(
            testDescription: "data",
            json: SelectionRecords.s3Object(),
            isInsight: false,
            isActivityAuditLog: false
        ),
        KindCase(
            testDescription: "network activity",
            json: SelectionRecords.networkActivity,
            isInsight: false,
            isActivityAuditLog: false
        ),
        KindCase(
            testDescription: "Insights",
            json: SelectionRecords.insight,
            isInsight: true,
            isActivityAuditLog: false
        ),
        KindCase(
            testDescription: "Insights without eventCategory",
            json: SelectionRecords.insightWithoutCategory,
            isInsight: true,
            isActivityAuditLog: false
        ),
        KindCase(
            testDescription: "Lake integration record",
            json: SelectionRecords.activityAuditLog,
            isInsight: false,
            isActivityAuditLog: true
        ),
    ])
    func classifiesEventsKeptFromSelectors(_ testCase: KindCase) throws {
        let event = try selectableEvent(testCase.json)
        #expect(event.isInsight == testCase.isInsight)
        #expect(event.isActivityAuditLog == testCase.isActivityAuditLog)
        #expect(event.isSubjectToEventSelectors == !testCase.isInsight)
    }

    @Test func activityAuditLogRecordKeepsItsEventDataToItself() throws {
        // The integration record's eventData is the partner's event, not a CloudTrail record: nothing is read from it.
        let event = try selectableEvent(SelectionRecords.activityAuditLog)
        #expect(event.eventName == nil && event.eventSource == nil && event.readOnly == nil)
        #expect(event.eventType == "ActivityLog")
    }
}
