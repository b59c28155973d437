import Foundation
import Testing
import TrailModel

@Suite struct AdvancedEventSelectorTests {
    // MARK: Shapes

    @Test func decodesAWSJSONAndRoundTrips() throws {
        let json = #"""
            [{"Name":"Log PutObject and DeleteObject events for two S3 prefixes",
              "FieldSelectors":[
                {"Field":"eventCategory","Equals":["Data"]},
                {"Field":"resources.type","Equals":["AWS::S3::Object"]},
                {"Field":"eventName","Equals":["PutObject","DeleteObject"]},
                {"Field":"resources.ARN",
                 "StartsWith":["arn:aws:s3:::mybucket/prefix","arn:aws:s3:::mybucket2/prefix2"]},
                {"Field":"userIdentity.arn","NotStartsWith":["arn:aws:sts::123456789012:assumed-role/ci"],
                 "NotEndsWith":["/bot"],"NotEquals":["arn:aws:iam::123456789012:user/x"],"EndsWith":["Human"]}]}]
            """#
        let selectors = try JSONDecoder().decode([AdvancedEventSelector].self, from: Data(json.utf8))
        #expect(selectors.count == 1)
        let selector = try #require(selectors.first)
        #expect(selector.name == "Log PutObject and DeleteObject events for two S3 prefixes")
        #expect(
            selector.fieldSelectors.map(\.field) == [
                "eventCategory", "resources.type", "eventName", "resources.ARN", "userIdentity.arn",
            ]
        )
        #expect(selector.fieldSelectors[3].startsWith?.count == 2)
        #expect(selector.fieldSelectors[4].presentOperators == [.endsWith, .notEquals, .notStartsWith, .notEndsWith])
        #expect(selector.conditionValueCount == 10)
        try selector.validate()

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(selectors), as: UTF8.self)
        #expect(encoded.contains(#"{"Equals":["Data"],"Field":"eventCategory"}"#))
        #expect(try JSONDecoder().decode([AdvancedEventSelector].self, from: Data(encoded.utf8)) == selectors)
    }

    @Test func operatorSubscriptReadsAndWrites() {
        var field = AdvancedFieldSelector(field: "eventName")
        #expect(field.presentOperators.isEmpty)
        for op in AdvancedFieldSelector.Operator.allCases {
            field[op] = [op.rawValue]
        }
        #expect(field.equals == ["Equals"])
        #expect(field.notEndsWith == ["NotEndsWith"])
        #expect(field.conditionValueCount == 6)
    }

    // MARK: Rules

    @Test(arguments: [
        selector(category("Management")),
        selector(category("Management"), field("readOnly", equals: ["true"])),
        selector(category("Management"), field("readOnly", equals: ["false"])),
        selector(
            category("Management"),
            field("eventSource", notEquals: ["kms.amazonaws.com", "rdsdata.amazonaws.com"])
        ),
        selector(category("Data"), field("resources.type", equals: ["AWS::S3Outposts::Object"])),
        selector(
            category("Data"),
            field("resources.type", equals: ["AWS::DynamoDB::Table"]),
            field("eventName", startsWith: ["Put"], notEquals: ["PutItem"]),
            field("eventSource", equals: ["dynamodb.amazonaws.com"]),
            field("eventType", notEquals: ["AwsServiceEvent"]),
            field("sessionCredentialFromConsole", notEquals: ["true"]),
            field("userIdentity.arn", endsWith: ["HumanRole"]),
            field("readOnly", equals: ["false"]),
            field("resources.ARN", startsWith: ["arn:aws:dynamodb:us-east-1:123456789012:table/"])
        ),
        selector(
            category("NetworkActivity"),
            field("eventSource", equals: ["cloudtrail.amazonaws.com"]),
            field("errorCode", equals: ["VpceAccessDenied"]),
            field("vpcEndpointId", notEquals: ["vpce-1"]),
            field("eventName", equals: ["ListTrails"]),
            field("userIdentity.arn", startsWith: ["arn:aws:iam::"])
        ),
        AdvancedEventSelector(
            name: String(repeating: "n", count: 1000),
            fieldSelectors: [
                category("Data"),
                field("resources.type", equals: ["AWS::Lambda::Function"]),
            ]
        ),
    ])
    func acceptsValidSelectors(_ selector: AdvancedEventSelector) throws {
        try selector.validate()
    }

    /// One row per rule; each row breaks exactly one.
    @Test(arguments: [
        // Name and shape (botocore model constraints).
        (
            AdvancedEventSelector(name: String(repeating: "n", count: 1001), fieldSelectors: [category("Management")]),
            "at most 1000 characters"
        ),
        (AdvancedEventSelector(name: "empty", fieldSelectors: []), "at least one field selector"),
        (
            selector(category("Management"), field("event-name", equals: ["x"])),
            "Value event-name for FieldSelectors.Field is invalid."
        ),
        (selector(category("Management"), field("", equals: ["x"])), "for FieldSelectors.Field is invalid."),
        (
            selector(category("Data"), field("resources.type", equals: ["AWS::S3::Object"]), field("eventName")),
            "must use at least one operator"
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("eventName", equals: [])
            ),
            "The Equals operator for eventName must have at least one value."
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("eventName", equals: [""])
            ), "between 1 and 2048 characters"
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("eventName", equals: [String(repeating: "x", count: 2049)])
            ), "between 1 and 2048 characters"
        ),
        // Supported fields.
        (
            selector(category("Management"), field("requestParameters.bucketName", equals: ["b"])),
            "Value requestParameters.bucketName for FieldSelectors.Field is invalid. Supported fields are:"
        ),
        (selector(category("Management"), category("Management")), "Field eventCategory appears more than once"),
        // eventCategory.
        (selector(field("readOnly", equals: ["true"])), "must contain a field selector on eventCategory"),
        (
            selector(field("eventCategory", startsWith: ["Man"])),
            "Field eventCategory supports only the Equals operator."
        ),
        (
            selector(field("eventCategory", equals: ["Management", "Data"])),
            "Field eventCategory takes exactly one value."
        ),
        (
            selector(category("Insight")),
            "Value Insight for eventCategory is invalid. Valid values are: Management, Data, NetworkActivity"
        ),
        (selector(category("management")), "Value management for eventCategory is invalid."),
        // Fields by category.
        (
            selector(category("Management"), field("eventName", equals: ["ConsoleLogin"])),
            "Field eventName is not supported for Management events."
        ),
        (
            selector(category("Management"), field("resources.type", equals: ["AWS::S3::Object"])),
            "Field resources.type is not supported for Management events."
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("errorCode", equals: ["VpceAccessDenied"])
            ), "Field errorCode is not supported for Data events."
        ),
        (
            selector(
                category("NetworkActivity"),
                field("eventSource", equals: ["kms.amazonaws.com"]),
                field("readOnly", equals: ["true"])
            ), "Field readOnly is not supported for NetworkActivity events."
        ),
        // readOnly.
        (
            selector(category("Management"), field("readOnly", equals: ["yes"])),
            "Value yes for readOnly is invalid. Valid values are: true, false"
        ),
        (
            selector(category("Management"), field("readOnly", notEquals: ["true"])),
            "Field readOnly supports only the Equals operator."
        ),
        (
            selector(category("Management"), field("readOnly", equals: ["true", "false"])),
            "Field readOnly takes exactly one value."
        ),
        // resources.type.
        (
            selector(category("Data")),
            "Advanced event selectors for Data events must contain a field selector on resources.type."
        ),
        (
            selector(category("Data"), field("resources.type", startsWith: ["AWS::S3"])),
            "Field resources.type supports only the Equals operator."
        ),
        (
            selector(category("Data"), field("resources.type", equals: ["AWS::S3::Object", "AWS::Lambda::Function"])),
            "Field resources.type takes exactly one value."
        ),
        (
            selector(category("Data"), field("resources.type", equals: ["S3Object"])),
            "Value S3Object for resources.type is invalid."
        ),
        // eventSource.
        (
            selector(category("Management"), field("eventSource", equals: ["kms.amazonaws.com"])),
            "Field eventSource supports only the NotEquals operator."
        ),
        (
            selector(category("Management"), field("eventSource", notEquals: ["s3.amazonaws.com"])),
            "Value s3.amazonaws.com for eventSource is invalid."
        ),
        (
            selector(category("NetworkActivity"), field("eventName", equals: ["ListTrails"])),
            "Advanced event selectors for NetworkActivity events must contain a field selector on eventSource."
        ),
        // errorCode and sessionCredentialFromConsole.
        (
            selector(
                category("NetworkActivity"),
                field("eventSource", equals: ["kms.amazonaws.com"]),
                field("errorCode", equals: ["AccessDenied"])
            ), "Value AccessDenied for errorCode is invalid."
        ),
        (
            selector(
                category("NetworkActivity"),
                field("eventSource", equals: ["kms.amazonaws.com"]),
                field("errorCode", notEquals: ["VpceAccessDenied"])
            ),
            "Field errorCode supports only the Equals operator."
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("sessionCredentialFromConsole", startsWith: ["t"])
            ),
            "Field sessionCredentialFromConsole supports only the Equals and NotEquals operators."
        ),
        (
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("sessionCredentialFromConsole", equals: ["1"])
            ),
            "Value 1 for sessionCredentialFromConsole is invalid."
        ),
    ])
    func rejectsInvalidSelectors(_ selector: AdvancedEventSelector, message: String) {
        expectRejection(.invalidEventSelectors, message) { () throws(CloudTrailError) in
            try selector.validate()
        }
    }

    @Test func limitsConditionValuesPerTrail() throws {
        func names(_ count: Int) -> AdvancedEventSelector {
            selector(
                category("Data"),
                field("resources.type", equals: ["AWS::S3::Object"]),
                field("eventName", equals: (1...count).map { "Event\($0)" })
            )
        }
        // 2 selectors × (1 + 1 + 248) = 500 values: allowed.
        let atLimit = try EventSelectorConfiguration(
            validatingEventSelectors: nil,
            advancedEventSelectors: [names(248), names(248)]
        )
        #expect(atLimit.advancedEventSelectors?.count == 2)
        #expect(atLimit.eventSelectors == nil)
        expectRejection(.invalidEventSelectors, "Specify up to 500 values for all conditions") {
            () throws(CloudTrailError) in
            _ = try EventSelectorConfiguration(
                validatingEventSelectors: nil,
                advancedEventSelectors: [names(248), names(249)]
            )
        }
    }

    @Test func advancedConfigurationIsReturnedAsGivenAndReportsWhatItLogs() throws {
        let selectors = [
            selector(category("Management"), field("readOnly", equals: ["true"])),
            selector(category("Data"), field("resources.type", equals: ["AWS::S3::Object"])),
        ]
        let configuration = try EventSelectorConfiguration(
            validatingEventSelectors: nil,
            advancedEventSelectors: selectors
        )
        #expect(configuration == .advanced(selectors))
        #expect(configuration.logsManagementEvents)
        #expect(!configuration.logsWriteManagementEvents)
        #expect(configuration.logsDataEvents)
        let writes = EventSelectorConfiguration.advanced([selector(category("Management"))])
        #expect(writes.logsWriteManagementEvents)
        #expect(!writes.logsDataEvents)

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(configuration), as: UTF8.self)
        #expect(json.hasPrefix(#"{"AdvancedEventSelectors":[{"FieldSelectors":"#))
        #expect(try JSONDecoder().decode(EventSelectorConfiguration.self, from: Data(json.utf8)) == configuration)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EventSelectorConfiguration.self, from: Data("{}".utf8))
        }
    }
}

private func selector(_ fields: AdvancedFieldSelector...) -> AdvancedEventSelector {
    AdvancedEventSelector(fieldSelectors: fields)
}

private func category(_ value: String) -> AdvancedFieldSelector {
    AdvancedFieldSelector(field: "eventCategory", equals: [value])
}

private func field(
    _ name: String,
    equals: [String]? = nil,
    startsWith: [String]? = nil,
    endsWith: [String]? = nil,
    notEquals: [String]? = nil
) -> AdvancedFieldSelector {
    AdvancedFieldSelector(field: name, equals: equals, startsWith: startsWith, endsWith: endsWith, notEquals: notEquals)
}
