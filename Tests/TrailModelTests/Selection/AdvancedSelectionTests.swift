import Testing
import TrailModel

/// Advanced event selectors (`AdvancedEventSelectors`) deciding which records a trail delivers.
///
/// The operator tests use selectors with a single field selector, which validation would reject (it requires
/// `eventCategory`): evaluation does not validate, and one condition at a time isolates each rule.
@Suite struct AdvancedSelectionTests {
    typealias Records = SelectionRecords

    struct Case: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let selectors: [AdvancedEventSelector]
        let json: String
        let selected: Bool

        init(_ description: String, _ selectors: [AdvancedEventSelector], _ json: String, _ selected: Bool) {
            testDescription = description
            self.selectors = selectors
            self.json = json
            self.selected = selected
        }

        init(_ description: String, _ fields: [AdvancedFieldSelector], _ json: String, _ selected: Bool) {
            self.init(description, [AdvancedEventSelector(fieldSelectors: fields)], json, selected)
        }

        init(_ description: String, _ field: AdvancedFieldSelector, _ json: String, _ selected: Bool) {
            self.init(description, [field], json, selected)
        }
    }

    // MARK: Every operator on every single-valued field

    /// A record with every field advanced selectors read.
    static let fullRecord = #"""
        {"eventVersion": "1.10",
         "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/Admin/Mary"},
         "eventSource": "s3.amazonaws.com", "eventName": "PutObject", "errorCode": "AccessDenied",
         "readOnly": false, "eventType": "AwsApiCall", "managementEvent": false, "eventCategory": "Data",
         "vpcEndpointId": "vpce-0123456789abcdef0", "sessionCredentialFromConsole": "true",
         "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"},
                       {"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::amzn-s3-demo-bucket"}]}
        """#

    /// A record lacking every optional field.
    static let sparseRecord = #"{"eventCategory": "Data"}"#

    /// The single-valued fields and their values in ``fullRecord``.
    static let singleFields: [(name: String, value: String, isOptional: Bool)] = [
        ("eventSource", "s3.amazonaws.com", true),
        ("eventName", "PutObject", true),
        ("eventType", "AwsApiCall", true),
        ("errorCode", "AccessDenied", true),
        ("vpcEndpointId", "vpce-0123456789abcdef0", true),
        ("userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/Admin/Mary", true),
        ("sessionCredentialFromConsole", "true", true),
        ("eventCategory", "Data", false),
        ("readOnly", "false", false),
    ]

    /// For each field and operator: values that make the operator hold and values that make it fail, with the
    /// record holding the field; and, for optional fields, the operator against a record lacking the field.
    static let singleFieldCases: [Case] = singleFields.flatMap { field -> [Case] in
        let value = field.value
        let prefix = String(value.prefix(3))
        let suffix = String(value.suffix(3))
        let longer = value + "x"
        let shouted = value.uppercased() == value ? value.lowercased() : value.uppercased()
        func selector(_ op: AdvancedFieldSelector.Operator, _ values: [String]) -> AdvancedFieldSelector {
            var selector = AdvancedFieldSelector(field: field.name)
            selector[op] = values
            return selector
        }
        func named(_ what: String) -> String { "\(field.name) \(what)" }
        var cases = [
            Case(named("Equals one of the values"), selector(.equals, ["zz", value]), fullRecord, true),
            Case(named("Equals none of the values"), selector(.equals, [longer, prefix]), fullRecord, false),
            Case(named("Equals is case-sensitive"), selector(.equals, [shouted]), fullRecord, false),
            Case(named("StartsWith one of the values"), selector(.startsWith, ["zz", prefix]), fullRecord, true),
            Case(named("StartsWith the whole value"), selector(.startsWith, [value]), fullRecord, true),
            Case(named("StartsWith none of the values"), selector(.startsWith, [longer, suffix]), fullRecord, false),
            Case(named("StartsWith is case-sensitive"), selector(.startsWith, [shouted]), fullRecord, false),
            Case(named("EndsWith one of the values"), selector(.endsWith, ["zz", suffix]), fullRecord, true),
            Case(named("EndsWith the whole value"), selector(.endsWith, [value]), fullRecord, true),
            Case(
                named("EndsWith none of the values"),
                selector(.endsWith, ["x" + value, prefix + "x"]),
                fullRecord,
                false
            ),
            Case(named("NotEquals a value it equals"), selector(.notEquals, ["zz", value]), fullRecord, false),
            Case(named("NotEquals other values"), selector(.notEquals, [longer, prefix, shouted]), fullRecord, true),
            Case(named("NotStartsWith a prefix it has"), selector(.notStartsWith, ["zz", prefix]), fullRecord, false),
            Case(named("NotStartsWith other prefixes"), selector(.notStartsWith, [longer, shouted]), fullRecord, true),
            Case(named("NotEndsWith a suffix it has"), selector(.notEndsWith, ["zz", suffix]), fullRecord, false),
            Case(
                named("NotEndsWith other suffixes"),
                selector(.notEndsWith, ["x" + value, shouted]),
                fullRecord,
                true
            ),
            Case(
                named("StartsWith and NotEndsWith both hold"),
                AdvancedFieldSelector(field: field.name, startsWith: [prefix], notEndsWith: ["x" + value]),
                fullRecord,
                true
            ),
            Case(
                named("StartsWith holds, NotEndsWith fails"),
                AdvancedFieldSelector(field: field.name, startsWith: [prefix], notEndsWith: [suffix]),
                fullRecord,
                false
            ),
            Case(
                named("Equals fails, NotStartsWith holds"),
                AdvancedFieldSelector(field: field.name, equals: [longer], notStartsWith: [longer]),
                fullRecord,
                false
            ),
        ]
        if field.isOptional {
            cases += AdvancedFieldSelector.Operator.allCases.map { op in
                let isNegative = [.notEquals, .notStartsWith, .notEndsWith].contains(op)
                return Case(named("\(op) on a record lacking it"), selector(op, [value]), sparseRecord, isNegative)
            }
        }
        return cases
    }

    @Test(arguments: singleFieldCases)
    func operatorsOnSingleValuedFields(_ testCase: Case) throws {
        try expectSelection(.advanced(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Fields with derived or Boolean values

    static func equals(_ field: String, _ values: String...) -> AdvancedFieldSelector {
        AdvancedFieldSelector(field: field, equals: values)
    }

    static func notEquals(_ field: String, _ values: String...) -> AdvancedFieldSelector {
        AdvancedFieldSelector(field: field, notEquals: values)
    }

    static let consoleSession = #"{"eventCategory": "Management", "sessionCredentialFromConsole": true}"#
    static let notConsoleSession = #"{"eventCategory": "Management", "sessionCredentialFromConsole": "false"}"#

    static let derivedFieldCases: [Case] = [
        Case("readOnly true, read", equals("readOnly", "true"), Records.describeInstances, true),
        Case("readOnly true, write", equals("readOnly", "true"), Records.runInstances, false),
        Case("readOnly true, no readOnly", equals("readOnly", "true"), Records.consoleLogin, false),
        Case("readOnly false, read", equals("readOnly", "false"), Records.describeInstances, false),
        Case("readOnly false, write", equals("readOnly", "false"), Records.runInstances, true),
        Case("readOnly false, no readOnly counts as a write", equals("readOnly", "false"), Records.consoleLogin, true),
        Case("readOnly is compared as text", equals("readOnly", "True"), Records.describeInstances, false),
        Case("eventCategory Management", equals("eventCategory", "Management"), Records.runInstances, true),
        Case("eventCategory Management, derived", equals("eventCategory", "Management"), Records.consoleLogin, true),
        Case("eventCategory Management, data event", equals("eventCategory", "Management"), Records.s3Object(), false),
        Case("eventCategory Data", equals("eventCategory", "Data"), Records.s3Object(), true),
        Case("eventCategory Data, derived", equals("eventCategory", "Data"), Records.legacyS3Object, true),
        Case(
            "eventCategory NetworkActivity",
            equals("eventCategory", "NetworkActivity"),
            Records.networkActivity,
            true
        ),
        Case(
            "eventCategory Management or Data",
            equals("eventCategory", "Management", "Data"),
            Records.s3Object(),
            true
        ),
        Case("eventCategory Insight never", equals("eventCategory", "Insight"), Records.insight, false),
        Case(
            "eventCategory ActivityAuditLog: channel records count as Management",
            equals("eventCategory", "ActivityAuditLog"),
            Records.activityAuditLog,
            false
        ),
        Case(
            "eventCategory Management takes channel records",
            equals("eventCategory", "Management"),
            Records.activityAuditLog,
            true
        ),
        Case(
            "sessionCredentialFromConsole true, as a Boolean",
            equals("sessionCredentialFromConsole", "true"),
            consoleSession,
            true
        ),
        Case(
            "sessionCredentialFromConsole true, false in the record",
            equals("sessionCredentialFromConsole", "true"),
            notConsoleSession,
            false
        ),
        Case(
            "sessionCredentialFromConsole false, false in the record",
            equals("sessionCredentialFromConsole", "false"),
            notConsoleSession,
            true
        ),
        Case(
            "sessionCredentialFromConsole false, absent",
            equals("sessionCredentialFromConsole", "false"),
            Records.runInstances,
            false
        ),
        Case(
            "sessionCredentialFromConsole NotEquals true, absent",
            notEquals("sessionCredentialFromConsole", "true"),
            Records.runInstances,
            true
        ),
        Case(
            "sessionCredentialFromConsole NotEquals true, console session",
            notEquals("sessionCredentialFromConsole", "true"),
            consoleSession,
            false
        ),
        Case("field names are case-sensitive", equals("EventName", "RunInstances"), Records.runInstances, false),
        Case("unknown field, positive operator", equals("requestID", "x"), Records.runInstances, false),
        Case("unknown field, negative operator", notEquals("requestID", "x"), Records.runInstances, true),
    ]

    @Test(arguments: derivedFieldCases)
    func derivedAndBooleanFields(_ testCase: Case) throws {
        try expectSelection(.advanced(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Fields with one value per resource

    static let object = "arn:aws:s3:::amzn-s3-demo-bucket/photos/cat.jpg"
    static let bucket = "arn:aws:s3:::amzn-s3-demo-bucket"
    static let accessPoint = "arn:aws:s3:us-east-1:111122223333:accesspoint/photos"

    static func arn(_ op: AdvancedFieldSelector.Operator, _ values: String...) -> AdvancedFieldSelector {
        var selector = AdvancedFieldSelector(field: "resources.ARN")
        selector[op] = values
        return selector
    }

    static func type(_ op: AdvancedFieldSelector.Operator, _ values: String...) -> AdvancedFieldSelector {
        var selector = AdvancedFieldSelector(field: "resources.type")
        selector[op] = values
        return selector
    }

    static let objectType = type(.equals, "AWS::S3::Object")
    static let noResources = Records.runInstances

    /// ``Records/s3Object()`` has two resources: the object (`…/photos/cat.jpg`) and its bucket.
    static let multiValuedCases: [Case] = [
        // resources.ARN alone: any resource for positive operators, no resource for negative ones.
        Case("ARN Equals the object", arn(.equals, object), Records.s3Object(), true),
        Case("ARN Equals the bucket", arn(.equals, bucket), Records.s3Object(), true),
        Case("ARN Equals neither", arn(.equals, bucket + "2", "arn:aws:s3:::other"), Records.s3Object(), false),
        Case("ARN StartsWith matches the object", arn(.startsWith, bucket + "/photos/"), Records.s3Object(), true),
        Case("ARN StartsWith matches neither", arn(.startsWith, "arn:aws:s3:::other"), Records.s3Object(), false),
        Case("ARN EndsWith matches the object", arn(.endsWith, ".jpg"), Records.s3Object(), true),
        Case("ARN EndsWith matches the bucket", arn(.endsWith, "-bucket"), Records.s3Object(), true),
        Case("ARN EndsWith matches neither", arn(.endsWith, ".png"), Records.s3Object(), false),
        Case("ARN NotEquals the bucket excludes", arn(.notEquals, bucket), Records.s3Object(), false),
        Case("ARN NotEquals the object excludes", arn(.notEquals, object), Records.s3Object(), false),
        Case("ARN NotEquals others", arn(.notEquals, "arn:aws:s3:::other"), Records.s3Object(), true),
        Case("ARN NotStartsWith the bucket excludes", arn(.notStartsWith, bucket + "/"), Records.s3Object(), false),
        Case("ARN NotStartsWith others", arn(.notStartsWith, "arn:aws:s3:::other"), Records.s3Object(), true),
        Case("ARN NotEndsWith the object's suffix excludes", arn(.notEndsWith, ".jpg"), Records.s3Object(), false),
        Case("ARN NotEndsWith others", arn(.notEndsWith, ".png"), Records.s3Object(), true),
        Case(
            "ARN positive operators must hold for the same resource",
            AdvancedFieldSelector(field: "resources.ARN", startsWith: [bucket + "/"], endsWith: ["-bucket"]),
            Records.s3Object(),
            false
        ),
        Case(
            "ARN StartsWith and NotEndsWith",
            AdvancedFieldSelector(field: "resources.ARN", startsWith: [bucket + "/"], notEndsWith: [".tmp"]),
            Records.s3Object(),
            true
        ),
        Case("ARNPrefix counts as the ARN", arn(.equals, bucket + "/"), Records.s3ListObjects(), true),
        // resources.type alone.
        Case("type Equals the object type", objectType, Records.s3Object(), true),
        Case("type Equals the bucket type", type(.equals, "AWS::S3::Bucket"), Records.s3Object(), true),
        Case("type Equals neither", type(.equals, "AWS::Lambda::Function"), Records.s3Object(), false),
        Case("type StartsWith", type(.startsWith, "AWS::S3::"), Records.s3Object(), true),
        Case("type EndsWith", type(.endsWith, "::Bucket"), Records.s3Object(), true),
        Case("type NotEquals one of them excludes", type(.notEquals, "AWS::S3::Bucket"), Records.s3Object(), false),
        Case("type NotEquals others", type(.notEquals, "AWS::Lambda::Function"), Records.s3Object(), true),
        Case("type NotStartsWith excludes", type(.notStartsWith, "AWS::S3::"), Records.s3Object(), false),
        Case("type NotEndsWith excludes", type(.notEndsWith, "::Object"), Records.s3Object(), false),
        Case("type is case-sensitive", type(.equals, "aws::s3::object"), Records.s3Object(), false),
        // No resources: the field is missing.
        Case("no resources: ARN Equals", arn(.equals, bucket), noResources, false),
        Case("no resources: ARN StartsWith", arn(.startsWith, "arn:"), noResources, false),
        Case("no resources: ARN EndsWith", arn(.endsWith, "t"), noResources, false),
        Case("no resources: ARN NotEquals", arn(.notEquals, bucket), noResources, true),
        Case("no resources: ARN NotStartsWith", arn(.notStartsWith, "arn:"), noResources, true),
        Case("no resources: ARN NotEndsWith", arn(.notEndsWith, "t"), noResources, true),
        Case("no resources: type Equals", objectType, noResources, false),
        Case("no resources: type NotEquals", type(.notEquals, "AWS::S3::Object"), noResources, true),
        // resources.ARN applies to the resources of the selector's resources.type.
        Case("object type, ARN Equals the bucket", [objectType, arn(.equals, bucket)], Records.s3Object(), false),
        Case(
            "bucket type, ARN Equals the bucket",
            [type(.equals, "AWS::S3::Bucket"), arn(.equals, bucket)],
            Records.s3Object(),
            true
        ),
        Case("object type, ARN NotEquals the bucket", [objectType, arn(.notEquals, bucket)], Records.s3Object(), true),
        Case(
            "object type, ARN NotStartsWith its bucket",
            [objectType, arn(.notStartsWith, bucket + "/")],
            Records.s3Object(),
            false
        ),
        Case(
            "object type, ARN NotStartsWith another bucket",
            [objectType, arn(.notStartsWith, "arn:aws:s3:::other/")],
            Records.s3Object(),
            true
        ),
        Case(
            "object type, ARN NotStartsWith the access point",
            [objectType, arn(.notStartsWith, "arn:aws:s3:us-east-1:111122223333:accesspoint/")],
            Records.s3ThroughAccessPoint,
            true
        ),
        Case(
            "access point type, ARN Equals the access point",
            [type(.equals, "AWS::S3::AccessPoint"), arn(.equals, accessPoint)],
            Records.s3ThroughAccessPoint,
            true
        ),
        Case(
            "access point type, ARN Equals the object",
            [type(.equals, "AWS::S3::AccessPoint"), arn(.equals, object)],
            Records.s3ThroughAccessPoint,
            false
        ),
        Case(
            "object type on a record with only a bucket, ARN NotEquals",
            [objectType, arn(.notEquals, "arn:aws:s3:::other/x")],
            Records.s3BucketOnly(),
            false
        ),
    ]

    @Test(arguments: multiValuedCases)
    func operatorsOnResourceFields(_ testCase: Case) throws {
        try expectSelection(.advanced(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    // MARK: Selectors as AWS documents them: all field selectors, any selector

    static func selector(_ name: String, _ fields: AdvancedFieldSelector...) -> AdvancedEventSelector {
        AdvancedEventSelector(name: name, fieldSelectors: fields)
    }

    static let managementWithoutKMS = selector(
        "Management events but KMS",
        equals("eventCategory", "Management"),
        notEquals("eventSource", "kms.amazonaws.com")
    )
    static let writeManagement = selector(
        "Write management events",
        equals("eventCategory", "Management"),
        equals("readOnly", "false")
    )
    static let putObjectInBucket = selector(
        "PutObject in one bucket",
        equals("eventCategory", "Data"),
        equals("resources.type", "AWS::S3::Object"),
        equals("eventName", "PutObject"),
        AdvancedFieldSelector(field: "resources.ARN", startsWith: ["arn:aws:s3:::amzn-s3-demo-bucket/"])
    )
    static let s3ButOneBucket = selector(
        "S3 data events but one bucket",
        equals("eventCategory", "Data"),
        equals("resources.type", "AWS::S3::Object"),
        AdvancedFieldSelector(field: "resources.ARN", notStartsWith: ["arn:aws:s3:::amzn-s3-demo-bucket/"])
    )
    static let lambdaFromConsole = selector(
        "Lambda from console sessions",
        equals("eventCategory", "Data"),
        equals("resources.type", "AWS::Lambda::Function"),
        equals("sessionCredentialFromConsole", "true")
    )
    static let deniedByEndpoint = selector(
        "Network activity denied by an endpoint policy",
        equals("eventCategory", "NetworkActivity"),
        equals("eventSource", "ec2.amazonaws.com"),
        equals("errorCode", "VpceAccessDenied")
    )
    static let dynamoDBByUser = selector(
        "DynamoDB by Mary",
        equals("eventCategory", "Data"),
        equals("resources.type", "AWS::DynamoDB::Table"),
        AdvancedFieldSelector(field: "userIdentity.arn", endsWith: [":user/Mary"]),
        AdvancedFieldSelector(field: "eventType", equals: ["AwsApiCall"]),
        AdvancedFieldSelector(field: "readOnly", equals: ["true"])
    )

    static let lambdaFromConsoleRecord = #"""
        {"eventSource": "lambda.amazonaws.com", "eventName": "Invoke", "readOnly": false,
         "sessionCredentialFromConsole": "true", "eventCategory": "Data", "managementEvent": false,
         "resources": [{"type": "AWS::Lambda::Function",
                        "ARN": "arn:aws:lambda:us-west-2:111122223333:function:helloworld"}]}
        """#

    static let combinationCases: [Case] = [
        Case("Management but KMS: EC2", [managementWithoutKMS], Records.runInstances, true),
        Case("Management but KMS: KMS", [managementWithoutKMS], Records.kmsDecrypt, false),
        Case("Management but KMS: data event", [managementWithoutKMS], Records.s3Object(), false),
        Case("Write management: write", [writeManagement], Records.runInstances, true),
        Case("Write management: read", [writeManagement], Records.describeInstances, false),
        Case("Write management: console sign-in", [writeManagement], Records.consoleLogin, true),
        Case(
            "PutObject in bucket: PutObject",
            [putObjectInBucket],
            Records.s3Object(name: "PutObject", readOnly: false),
            true
        ),
        Case("PutObject in bucket: GetObject", [putObjectInBucket], Records.s3Object(), false),
        Case(
            "PutObject in bucket: other bucket",
            [putObjectInBucket],
            Records.s3Object(name: "PutObject", readOnly: false, bucket: "other"),
            false
        ),
        Case("S3 but one bucket: that bucket", [s3ButOneBucket], Records.s3Object(), false),
        Case("S3 but one bucket: other bucket", [s3ButOneBucket], Records.s3Object(bucket: "other"), true),
        Case("S3 but one bucket: Lambda", [s3ButOneBucket], Records.lambdaInvoke(), false),
        Case("Lambda from console: console session", [lambdaFromConsole], lambdaFromConsoleRecord, true),
        Case("Lambda from console: no console session", [lambdaFromConsole], Records.lambdaInvoke(), false),
        Case("Endpoint denials: denial", [deniedByEndpoint], Records.networkActivity, true),
        Case("Endpoint denials: management event", [deniedByEndpoint], Records.describeInstances, false),
        Case("DynamoDB by Mary: GetItem", [dynamoDBByUser], Records.dynamoDB(), true),
        Case("DynamoDB by Mary: PutItem", [dynamoDBByUser], Records.dynamoDB(name: "PutItem", readOnly: false), false),
        Case(
            "any selector: first",
            [writeManagement, putObjectInBucket],
            Records.runInstances,
            true
        ),
        Case(
            "any selector: second",
            [writeManagement, putObjectInBucket],
            Records.s3Object(name: "PutObject", readOnly: false),
            true
        ),
        Case("any selector: neither", [writeManagement, putObjectInBucket], Records.describeInstances, false),
        Case("all selectors: Insights events never", [managementWithoutKMS, writeManagement], Records.insight, false),
        Case("no selectors select nothing", [AdvancedEventSelector](), Records.runInstances, false),
        Case(
            "a selector without field selectors selects everything",
            [AdvancedEventSelector(fieldSelectors: [])],
            Records.s3Object(),
            true
        ),
        Case(
            "a selector without field selectors: Lake integration records too",
            [AdvancedEventSelector(fieldSelectors: [])],
            Records.activityAuditLog,
            true
        ),
    ]

    @Test(arguments: combinationCases)
    func selectorsCombine(_ testCase: Case) throws {
        try expectSelection(.advanced(testCase.selectors), testCase.json, selected: testCase.selected)
    }

    @Test(arguments: [
        managementWithoutKMS, writeManagement, putObjectInBucket, s3ButOneBucket, lambdaFromConsole, deniedByEndpoint,
        dynamoDBByUser,
    ])
    func exampleSelectorsAreValid(_ selector: AdvancedEventSelector) throws {
        _ = try EventSelectorConfiguration(validatingEventSelectors: nil, advancedEventSelectors: [selector])
    }
}
