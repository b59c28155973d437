import Testing
import TrailModel

/// Basic event selectors (`EventSelectors`) deciding which records a trail delivers.
@Suite struct BasicSelectionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let selectors: [EventSelector]
        let json: String
        let selected: Bool

        init(_ description: String, _ selectors: [EventSelector], _ json: String, _ selected: Bool) {
            testDescription = description
            self.selectors = selectors
            self.json = json
            self.selected = selected
        }

        init(_ description: String, _ selector: EventSelector, _ json: String, _ selected: Bool) {
            self.init(description, [selector], json, selected)
        }
    }

    typealias Records = SelectionRecords

    static func dataSelector(
        _ type: String,
        _ values: [String],
        readWriteType: EventSelector.ReadWriteType = .all
    ) -> EventSelector {
        EventSelector(
            readWriteType: readWriteType,
            includeManagementEvents: false,
            dataResources: [DataResource(type: type, values: values)]
        )
    }

    // MARK: Management events: ReadWriteType × readOnly

    static let readWriteCases: [Case] = [
        Case("omitted ReadWriteType, read", EventSelector(), Records.describeInstances, true),
        Case("omitted ReadWriteType, write", EventSelector(), Records.runInstances, true),
        Case("omitted ReadWriteType, no readOnly", EventSelector(), Records.consoleLogin, true),
        Case("All, read", EventSelector(readWriteType: .all), Records.describeInstances, true),
        Case("All, write", EventSelector(readWriteType: .all), Records.runInstances, true),
        Case("All, no readOnly", EventSelector(readWriteType: .all), Records.consoleLogin, true),
        Case("ReadOnly, read", EventSelector(readWriteType: .readOnly), Records.describeInstances, true),
        Case("ReadOnly, write", EventSelector(readWriteType: .readOnly), Records.runInstances, false),
        Case(
            "ReadOnly, no readOnly counts as a write",
            EventSelector(readWriteType: .readOnly),
            Records.consoleLogin,
            false
        ),
        Case("WriteOnly, read", EventSelector(readWriteType: .writeOnly), Records.describeInstances, false),
        Case("WriteOnly, write", EventSelector(readWriteType: .writeOnly), Records.runInstances, true),
        Case(
            "WriteOnly, no readOnly counts as a write",
            EventSelector(readWriteType: .writeOnly),
            Records.consoleLogin,
            true
        ),
        Case(
            "unknown ReadWriteType selects nothing",
            EventSelector(readWriteType: .init(rawValue: "read-only")),
            Records.describeInstances,
            false
        ),
        Case(
            "IncludeManagementEvents false, read",
            EventSelector(readWriteType: .all, includeManagementEvents: false),
            Records.describeInstances,
            false
        ),
        Case(
            "IncludeManagementEvents false, write",
            EventSelector(readWriteType: .writeOnly, includeManagementEvents: false),
            Records.runInstances,
            false
        ),
        Case(
            "IncludeManagementEvents true, explicit",
            EventSelector(readWriteType: .readOnly, includeManagementEvents: true),
            Records.describeInstances,
            true
        ),
    ]

    @Test(arguments: readWriteCases)
    func managementEventsByReadWriteType(_ testCase: Case) throws {
        try expectSelection(.basic(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Management events: ExcludeManagementEventSources

    static let excludeKMS = EventSelector(excludeManagementEventSources: ["kms.amazonaws.com"])
    static let excludeRDSData = EventSelector(excludeManagementEventSources: ["rdsdata.amazonaws.com"])
    static let excludeBoth = EventSelector(
        readWriteType: .all,
        includeManagementEvents: true,
        dataResources: [],
        excludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"]
    )
    static let kmsData = Records.dataEvent(
        source: "kms.amazonaws.com",
        name: "Decrypt",
        readOnly: true,
        resources: [("AWS::S3::Object", "ARN", "arn:aws:s3:::amzn-s3-demo-bucket/k")]
    )

    static let exclusionCases: [Case] = [
        Case("KMS excluded: Decrypt", excludeKMS, Records.kmsDecrypt, false),
        Case("KMS excluded: CreateKey", excludeKMS, Records.kmsCreateKey, false),
        Case("KMS excluded: other sources stay", excludeKMS, Records.runInstances, true),
        Case("KMS excluded: RDS Data stays", excludeKMS, Records.rdsExecuteStatement, true),
        Case("RDS Data excluded: ExecuteStatement", excludeRDSData, Records.rdsExecuteStatement, false),
        Case("RDS Data excluded: KMS stays", excludeRDSData, Records.kmsDecrypt, true),
        Case("both excluded: KMS", excludeBoth, Records.kmsCreateKey, false),
        Case("both excluded: RDS Data", excludeBoth, Records.rdsExecuteStatement, false),
        Case("both excluded: EC2 stays", excludeBoth, Records.describeInstances, true),
        Case("nothing excluded: KMS", EventSelector(excludeManagementEventSources: []), Records.kmsDecrypt, true),
        Case(
            "exclusion in one selector, KMS selected by another",
            [excludeKMS, EventSelector(readWriteType: .readOnly)],
            Records.kmsDecrypt,
            true
        ),
        Case(
            "exclusion and ReadOnly: KMS read excluded",
            EventSelector(readWriteType: .readOnly, excludeManagementEventSources: ["kms.amazonaws.com"]),
            Records.kmsDecrypt,
            false
        ),
        Case(
            "exclusions apply to management events only",
            EventSelector(
                includeManagementEvents: true,
                dataResources: [DataResource(type: DataResource.s3Object, values: ["arn:aws:s3"])],
                excludeManagementEventSources: ["kms.amazonaws.com"]
            ),
            kmsData,
            true
        ),
    ]

    @Test(arguments: exclusionCases)
    func managementEventSourceExclusions(_ testCase: Case) throws {
        try expectSelection(.basic(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Data events: DataResources

    static let s3 = DataResource.s3Object
    static let lambda = DataResource.lambdaFunction
    static let dynamoDB = DataResource.dynamoDBTable
    static let function = "arn:aws:lambda:us-west-2:111122223333:function:helloworld"
    static let table = "arn:aws:dynamodb:us-east-1:111122223333:table/Music"

    static let dataResourceCases: [Case] = [
        // S3: all buckets.
        Case("S3 arn:aws:s3 selects any object", dataSelector(s3, ["arn:aws:s3"]), Records.s3Object(), true),
        Case(
            "S3 arn:aws:s3 selects another bucket's object",
            dataSelector(s3, ["arn:aws:s3"]),
            Records.s3Object(bucket: "other-bucket"),
            true
        ),
        Case("S3 arn:aws:s3::: selects any object", dataSelector(s3, ["arn:aws:s3:::"]), Records.s3Object(), true),
        Case("S3 arn:aws:s3 selects ListObjects", dataSelector(s3, ["arn:aws:s3"]), Records.s3ListObjects(), true),
        Case(
            "S3 all buckets of another partition",
            dataSelector(s3, ["arn:aws-cn:s3", "arn:aws-us-gov:s3:::"]),
            Records.s3Object(),
            false
        ),
        // S3: one bucket.
        Case(
            "S3 bucket/ selects its objects",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3Object(),
            true
        ),
        Case(
            "S3 bucket/ selects a write to it",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3Object(name: "PutObject", readOnly: false, key: "a"),
            true
        ),
        Case(
            "S3 bucket/ selects ListObjects on it",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3ListObjects(),
            true
        ),
        Case(
            "S3 bucket/ skips other buckets",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3Object(bucket: "other-bucket"),
            false
        ),
        Case(
            "S3 bucket/ skips buckets whose names extend it",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3Object(bucket: "amzn-s3-demo-bucket2"),
            false
        ),
        Case(
            "S3 object values never match the bucket entry",
            dataSelector(s3, ["arn:aws:s3"]),
            Records.s3BucketOnly(),
            false
        ),
        Case(
            "S3 bucket among several values",
            dataSelector(s3, ["arn:aws:s3:::first-bucket/", "arn:aws:s3:::amzn-s3-demo-bucket/"]),
            Records.s3Object(),
            true
        ),
        // S3: key prefix.
        Case(
            "S3 bucket/prefix selects matching keys",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/photos/"]),
            Records.s3Object(key: "photos/cat.jpg"),
            true
        ),
        Case(
            "S3 bucket/prefix skips other keys",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/photos/"]),
            Records.s3Object(key: "videos/cat.mp4"),
            false
        ),
        Case(
            "S3 bucket/partial-name prefix",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/ph"]),
            Records.s3Object(key: "photos/cat.jpg"),
            true
        ),
        Case(
            "S3 prefixes are case-sensitive",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/Photos/"]),
            Records.s3Object(key: "photos/cat.jpg"),
            false
        ),
        Case(
            "S3 exact object ARN",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"]),
            Records.s3Object(key: "photos/cat.jpg"),
            true
        ),
        Case(
            "S3 key prefix does not select ListObjects of the bucket root",
            dataSelector(s3, ["arn:aws:s3:::amzn-s3-demo-bucket/photos/"]),
            Records.s3ListObjects(),
            false
        ),
        // Lambda.
        Case(
            "Lambda arn:aws:lambda selects any function",
            dataSelector(lambda, ["arn:aws:lambda"]),
            Records.lambdaInvoke(),
            true
        ),
        Case(
            "Lambda function ARN selects it",
            dataSelector(lambda, [function]),
            Records.lambdaInvoke("helloworld"),
            true
        ),
        Case(
            "Lambda function ARN is exact, not a prefix",
            dataSelector(lambda, [function]),
            Records.lambdaInvoke("helloworld2"),
            false
        ),
        Case(
            "Lambda function ARN covers its qualifiers",
            dataSelector(lambda, [function]),
            Records.lambdaInvoke("helloworld:prod"),
            true
        ),
        Case(
            "Lambda qualified ARN skips other qualifiers",
            dataSelector(lambda, [function + ":prod"]),
            Records.lambdaInvoke("helloworld:beta"),
            false
        ),
        Case("Lambda other function", dataSelector(lambda, [function]), Records.lambdaInvoke("goodbye"), false),
        Case(
            "Lambda values do not select S3 events",
            dataSelector(lambda, ["arn:aws:lambda"]),
            Records.s3Object(),
            false
        ),
        // DynamoDB.
        Case(
            "DynamoDB arn:aws:dynamodb selects any table",
            dataSelector(dynamoDB, ["arn:aws:dynamodb"]),
            Records.dynamoDB(),
            true
        ),
        Case("DynamoDB table ARN selects it", dataSelector(dynamoDB, [table]), Records.dynamoDB(table: "Music"), true),
        Case(
            "DynamoDB table ARN is exact, not a prefix",
            dataSelector(dynamoDB, [table]),
            Records.dynamoDB(table: "MusicCollection"),
            false
        ),
        Case(
            "DynamoDB table ARN covers its indexes",
            dataSelector(dynamoDB, [table]),
            Records.dynamoDB(name: "Query", table: "Music/index/ByArtist"),
            true
        ),
        Case("DynamoDB other table", dataSelector(dynamoDB, [table]), Records.dynamoDB(table: "Books"), false),
        Case("S3 values do not select DynamoDB events", dataSelector(s3, ["arn:aws:s3"]), Records.dynamoDB(), false),
        // Several resource types in one selector, and across selectors.
        Case(
            "several data resources in one selector",
            EventSelector(dataResources: [
                DataResource(type: s3, values: ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
                DataResource(type: lambda, values: ["arn:aws:lambda"]),
            ]),
            Records.lambdaInvoke(),
            true
        ),
        Case(
            "one type in two data resources",
            EventSelector(dataResources: [
                DataResource(type: s3, values: ["arn:aws:s3:::first-bucket/"]),
                DataResource(type: s3, values: ["arn:aws:s3:::amzn-s3-demo-bucket/"]),
            ]),
            Records.s3Object(),
            true
        ),
        Case(
            "data resources in any selector",
            [dataSelector(s3, ["arn:aws:s3:::first-bucket/"]), dataSelector(dynamoDB, ["arn:aws:dynamodb"])],
            Records.dynamoDB(),
            true
        ),
        Case("no data resources: no data events", EventSelector(), Records.s3Object(), false),
        Case("empty values select nothing", dataSelector(s3, []), Records.s3Object(), false),
        Case(
            "data resource without a type selects nothing",
            EventSelector(dataResources: [DataResource(type: nil, values: ["arn:aws:s3"])]),
            Records.s3Object(),
            false
        ),
    ]

    @Test(arguments: dataResourceCases)
    func dataEventsByDataResource(_ testCase: Case) throws {
        try expectSelection(.basic(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Data events: ReadWriteType

    static let dataReadWriteCases: [Case] = [
        Case("All, GetObject", dataSelector(s3, ["arn:aws:s3"], readWriteType: .all), Records.s3Object(), true),
        Case(
            "All, PutObject",
            dataSelector(s3, ["arn:aws:s3"], readWriteType: .all),
            Records.s3Object(name: "PutObject", readOnly: false),
            true
        ),
        Case(
            "ReadOnly, GetObject",
            dataSelector(s3, ["arn:aws:s3"], readWriteType: .readOnly),
            Records.s3Object(),
            true
        ),
        Case(
            "ReadOnly, PutObject",
            dataSelector(s3, ["arn:aws:s3"], readWriteType: .readOnly),
            Records.s3Object(name: "PutObject", readOnly: false),
            false
        ),
        Case(
            "WriteOnly, GetObject",
            dataSelector(s3, ["arn:aws:s3"], readWriteType: .writeOnly),
            Records.s3Object(),
            false
        ),
        Case(
            "WriteOnly, PutObject",
            dataSelector(s3, ["arn:aws:s3"], readWriteType: .writeOnly),
            Records.s3Object(name: "PutObject", readOnly: false),
            true
        ),
        Case(
            "WriteOnly, Lambda Invoke",
            dataSelector(lambda, ["arn:aws:lambda"], readWriteType: .writeOnly),
            Records.lambdaInvoke(),
            true
        ),
        Case(
            "ReadOnly, Lambda Invoke",
            dataSelector(lambda, ["arn:aws:lambda"], readWriteType: .readOnly),
            Records.lambdaInvoke(),
            false
        ),
        Case(
            "ReadOnly, DynamoDB GetItem",
            dataSelector(dynamoDB, ["arn:aws:dynamodb"], readWriteType: .readOnly),
            Records.dynamoDB(),
            true
        ),
        Case(
            "WriteOnly, DynamoDB PutItem",
            dataSelector(dynamoDB, ["arn:aws:dynamodb"], readWriteType: .writeOnly),
            Records.dynamoDB(name: "PutItem", readOnly: false),
            true
        ),
        Case(
            "ReadOnly data selector and WriteOnly management selector, PutObject",
            [dataSelector(s3, ["arn:aws:s3"], readWriteType: .readOnly), EventSelector(readWriteType: .writeOnly)],
            Records.s3Object(name: "PutObject", readOnly: false),
            false
        ),
    ]

    @Test(arguments: dataReadWriteCases)
    func dataEventsByReadWriteType(_ testCase: Case) throws {
        try expectSelection(.basic(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Categories and configurations

    static let everything = EventSelector(
        readWriteType: .all,
        includeManagementEvents: true,
        dataResources: [
            DataResource(type: s3, values: ["arn:aws:s3"]),
            DataResource(type: lambda, values: ["arn:aws:lambda"]),
            DataResource(type: dynamoDB, values: ["arn:aws:dynamodb"]),
        ]
    )

    static let categoryCases: [Case] = [
        Case("management-only selector skips data events", EventSelector(), Records.s3Object(), false),
        Case(
            "data-only selector skips management events",
            dataSelector(s3, ["arn:aws:s3"]),
            Records.runInstances,
            false
        ),
        Case("everything: management", everything, Records.runInstances, true),
        Case("everything: data", everything, Records.s3Object(), true),
        Case("everything: never network activity", everything, Records.networkActivity, false),
        Case("everything: never Insights events", everything, Records.insight, false),
        Case(
            "everything: never Insights events without eventCategory",
            everything,
            Records.insightWithoutCategory,
            false
        ),
        Case("everything: Lake integration records as management events", everything, Records.activityAuditLog, true),
        Case(
            "legacy data event (managementEvent false, no eventCategory)",
            dataSelector(s3, ["arn:aws:s3"]),
            Records.legacyS3Object,
            true
        ),
        Case("no selectors select nothing", [], Records.runInstances, false),
    ]

    @Test(arguments: categoryCases)
    func eventCategories(_ testCase: Case) throws {
        try expectSelection(.basic(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    struct RecordCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let json: String
        let selected: Bool
    }

    @Test(arguments: [
        RecordCase(testDescription: "read management event", json: Records.describeInstances, selected: true),
        RecordCase(testDescription: "write management event", json: Records.runInstances, selected: true),
        RecordCase(testDescription: "console sign-in", json: Records.consoleLogin, selected: true),
        RecordCase(testDescription: "KMS", json: Records.kmsDecrypt, selected: true),
        RecordCase(testDescription: "RDS Data API", json: Records.rdsExecuteStatement, selected: true),
        RecordCase(testDescription: "S3 data event", json: Records.s3Object(), selected: false),
        RecordCase(testDescription: "Lambda data event", json: Records.lambdaInvoke(), selected: false),
        RecordCase(testDescription: "network activity", json: Records.networkActivity, selected: false),
        RecordCase(testDescription: "Insights event", json: Records.insight, selected: false),
        RecordCase(testDescription: "Lake integration record", json: Records.activityAuditLog, selected: true),
    ])
    func defaultConfigurationSelectsAllManagementEventsOnly(_ testCase: RecordCase) throws {
        try expectSelection(.default, testCase.json, selected: testCase.selected)
        try expectSelection(.basic([EventSelector()]), testCase.json, selected: testCase.selected)
    }
}
