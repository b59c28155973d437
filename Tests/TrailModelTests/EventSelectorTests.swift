import Foundation
import Testing
import TrailModel

@Suite struct EventSelectorTests {
    // MARK: Shapes

    @Test func decodesAWSJSON() throws {
        let json =
            #"{"ReadWriteType":"All","IncludeManagementEvents":true,"#
            + #""DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3:::b/"]}]}"#
        let selector = try JSONDecoder().decode(EventSelector.self, from: Data(json.utf8))
        #expect(selector.readWriteType == .all)
        #expect(selector.includeManagementEvents == true)
        #expect(selector.dataResources == [DataResource(type: "AWS::S3::Object", values: ["arn:aws:s3:::b/"])])
        #expect(selector.excludeManagementEventSources == nil)
    }

    @Test func encodesWithAWSMemberNamesAndOmitsAbsentMembers() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let sparse = EventSelector(readWriteType: .writeOnly)
        #expect(String(decoding: try encoder.encode(sparse), as: UTF8.self) == #"{"ReadWriteType":"WriteOnly"}"#)
        #expect(
            String(decoding: try encoder.encode(EventSelector.default), as: UTF8.self)
                == #"{"DataResources":[],"ExcludeManagementEventSources":[],"IncludeManagementEvents":true,"#
                + #""ReadWriteType":"All"}"#
        )
    }

    @Test func unknownReadWriteTypeDecodesAndFailsValidation() throws {
        let selector = try JSONDecoder().decode(EventSelector.self, from: Data(#"{"ReadWriteType":"read-only"}"#.utf8))
        #expect(selector.readWriteType?.rawValue == "read-only")
        expectRejection(.invalidEventSelectors, "Value read-only for ReadWriteType is invalid") {
            () throws(CloudTrailError) in try selector.validate()
        }
    }

    @Test func normalizedFillsDefaults() {
        #expect(EventSelector().normalized == .default)
        let custom = EventSelector(readWriteType: .readOnly, includeManagementEvents: false)
        #expect(
            custom.normalized
                == EventSelector(
                    readWriteType: .readOnly,
                    includeManagementEvents: false,
                    dataResources: [],
                    excludeManagementEventSources: []
                )
        )
    }

    @Test func defaultConfigurationIsAllManagementEvents() throws {
        #expect(EventSelectorConfiguration.default.eventSelectors == [.default])
        #expect(EventSelectorConfiguration.default.advancedEventSelectors == nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(EventSelectorConfiguration.default), as: UTF8.self)
        #expect(
            json
                == #"{"EventSelectors":[{"DataResources":[],"ExcludeManagementEventSources":[],"#
                + #""IncludeManagementEvents":true,"ReadWriteType":"All"}]}"#
        )
        #expect(try JSONDecoder().decode(EventSelectorConfiguration.self, from: Data(json.utf8)) == .default)
    }

    // MARK: Basic selector rules

    @Test(arguments: [
        EventSelector(),
        EventSelector(readWriteType: .readOnly, includeManagementEvents: false),
        EventSelector(excludeManagementEventSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"]),
        s3(["arn:aws:s3"]),
        s3(["arn:aws:s3:::"]),
        s3(["arn:aws:s3:::amzn-s3-demo-bucket1/"]),
        s3(["arn:aws:s3:::amzn-s3-demo-bucket1/example-images", "arn:aws:s3:::Legacy_Bucket/prefix*"]),
        s3(["arn:aws-cn:s3:::bucket/", "arn:aws-us-gov:s3"]),
        lambda(["arn:aws:lambda"]),
        lambda(["arn:aws:lambda:us-west-2:111111111111:function:helloworld"]),
        lambda(["arn:aws:lambda:us-west-2:111111111111:function:helloworld:$LATEST"]),
        dynamoDB(["arn:aws:dynamodb"]),
        dynamoDB(["arn:aws:dynamodb:us-east-1:123456789012:table/Music"]),
    ])
    func acceptsValidBasicSelectors(_ selector: EventSelector) throws {
        try selector.validate()
    }

    @Test(arguments: [
        (s3(["arn:aws:s3:::*"]), "Value arn:aws:s3:::* for DataResources.Values is invalid."),
        (s3(["arn:aws:s3:::*/*"]), "Value arn:aws:s3:::*/* for DataResources.Values is invalid."),
        (s3(["arn:aws:s3:::/"]), "Value arn:aws:s3:::/ for DataResources.Values is invalid."),
        (s3(["arn:aws:s3:::bucket"]), "Value arn:aws:s3:::bucket for DataResources.Values is invalid."),
        (s3(["bucket/"]), "Value bucket/ for DataResources.Values is invalid."),
        (s3(["arn:aws:s3:us-east-1:123456789012:bucket/"]), "for DataResources.Values is invalid."),
        (s3(["arn:aws:lambda"]), "Value arn:aws:lambda for DataResources.Values is invalid."),
        (lambda(["arn:aws:lambda:*"]), "Value arn:aws:lambda:* for DataResources.Values is invalid."),
        (lambda(["arn:aws:lambda:us-west-2:111111111111:function"]), "for DataResources.Values is invalid."),
        (lambda(["arn:aws:lambda:us-west-2:1111:function:f"]), "for DataResources.Values is invalid."),
        (dynamoDB(["arn:aws:dynamodb:us-east-1:123456789012:table/"]), "for DataResources.Values is invalid."),
        (dynamoDB(["arn:aws:dynamodb:us-east-1:123456789012:stream/x"]), "for DataResources.Values is invalid."),
        (
            EventSelector(dataResources: [DataResource(type: "AWS::S3::Bucket", values: ["arn:aws:s3"])]),
            "Value AWS::S3::Bucket for DataResources.Type is invalid. Valid values are: AWS::DynamoDB::Table, "
                + "AWS::Lambda::Function, AWS::S3::Object"
        ),
        (
            EventSelector(dataResources: [DataResource(type: "AWS::S3Outposts::Object", values: ["arn:aws:s3"])]),
            "for DataResources.Type is invalid"
        ),
        (EventSelector(dataResources: [DataResource(type: nil, values: ["arn:aws:s3"])]), "Value null for"),
        (s3([]), "must contain at least one value"),
        (EventSelector(dataResources: [DataResource(type: "AWS::S3::Object", values: nil)]), "at least one value"),
        (
            EventSelector(excludeManagementEventSources: ["s3.amazonaws.com"]),
            "Value s3.amazonaws.com for ExcludeManagementEventSources is invalid."
        ),
        (EventSelector(readWriteType: .init(rawValue: "all")), "Value all for ReadWriteType is invalid."),
    ])
    func rejectsInvalidBasicSelectors(_ selector: EventSelector, message: String) {
        expectRejection(.invalidEventSelectors, message) { () throws(CloudTrailError) in
            try selector.validate()
        }
    }

    // MARK: PutEventSelectors request rules

    @Test func normalizesBasicSelectorsInTheResult() throws {
        let configuration = try EventSelectorConfiguration(
            validatingEventSelectors: [s3(["arn:aws:s3:::amzn-s3-demo-bucket/"])],
            advancedEventSelectors: nil
        )
        #expect(
            configuration.eventSelectors == [
                EventSelector(
                    readWriteType: .all,
                    includeManagementEvents: true,
                    dataResources: [s3Resource(["arn:aws:s3:::amzn-s3-demo-bucket/"])],
                    excludeManagementEventSources: []
                )
            ]
        )
        #expect(configuration.advancedEventSelectors == nil)
    }

    @Test(
        arguments: [
            (nil, nil, "Specify either EventSelectors or AdvancedEventSelectors."),
            ([EventSelector()], [managementSelector], "but not both"),
            ([], nil, "Specify a valid number of event selectors (1 to 5) for a trail."),
            (Array(repeating: EventSelector(), count: 6), nil, "Specify a valid number of event selectors (1 to 5)"),
            (nil, [], "Specify at least one advanced event selector."),
            (
                [s3((1...200).map { "arn:aws:s3:::bucket-\($0)/" }), s3((1...51).map { "arn:aws:s3:::other-\($0)/" })],
                nil,
                "Specify a valid number of DataResources.Values (0 to 250) for all your selectors."
            ),
        ] as [([EventSelector]?, [AdvancedEventSelector]?, String)]
    )
    func rejectsInvalidRequests(
        _ basic: [EventSelector]?,
        _ advanced: [AdvancedEventSelector]?,
        message: String
    ) {
        expectRejection(.invalidEventSelectors, message) { () throws(CloudTrailError) in
            _ = try EventSelectorConfiguration(validatingEventSelectors: basic, advancedEventSelectors: advanced)
        }
    }

    @Test func acceptsTheLimits() throws {
        let five = Array(repeating: EventSelector(), count: 5)
        #expect(
            try EventSelectorConfiguration(validatingEventSelectors: five, advancedEventSelectors: nil)
                .eventSelectors?.count == 5
        )
        let values = [
            s3((1...200).map { "arn:aws:s3:::bucket-\($0)/" }), s3((1...50).map { "arn:aws:s3:::other-\($0)/" }),
        ]
        _ = try EventSelectorConfiguration(validatingEventSelectors: values, advancedEventSelectors: nil)
    }

    @Test func reportsWhatTheTrailLogs() throws {
        let readOnly = EventSelectorConfiguration.basic([EventSelector(readWriteType: .readOnly).normalized])
        #expect(readOnly.logsManagementEvents)
        #expect(!readOnly.logsWriteManagementEvents)
        #expect(!readOnly.logsDataEvents)
        let dataOnly = EventSelectorConfiguration.basic([
            EventSelector(includeManagementEvents: false, dataResources: [s3Resource(["arn:aws:s3"])]).normalized
        ])
        #expect(!dataOnly.logsManagementEvents)
        #expect(dataOnly.logsDataEvents)
        #expect(EventSelectorConfiguration.default.logsWriteManagementEvents)
    }
}

private let managementSelector = AdvancedEventSelector(
    name: "Management events",
    fieldSelectors: [AdvancedFieldSelector(field: "eventCategory", equals: ["Management"])]
)

private func s3Resource(_ values: [String]) -> DataResource {
    DataResource(type: "AWS::S3::Object", values: values)
}

private func s3(_ values: [String]) -> EventSelector {
    EventSelector(dataResources: [s3Resource(values)])
}

private func lambda(_ values: [String]) -> EventSelector {
    EventSelector(dataResources: [DataResource(type: "AWS::Lambda::Function", values: values)])
}

private func dynamoDB(_ values: [String]) -> EventSelector {
    EventSelector(dataResources: [DataResource(type: "AWS::DynamoDB::Table", values: values)])
}
