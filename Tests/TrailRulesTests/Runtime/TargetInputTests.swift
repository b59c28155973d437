import Foundation
import Testing
import TrailModel
import TrailRules

@Suite struct TargetInputTests {
    /// The envelope of an S3 DeleteBucket record.
    static let event = Array(try! MonitorFixture.envelopeJSON(MonitorRecords.s3(id: "event-1")).utf8)

    static func render(
        inputPath: String? = nil,
        pathsMap: [String: String]? = nil,
        template: String? = nil
    ) throws -> String {
        let transformer = template.map {
            RuleTarget.InputTransformer(inputPathsMap: pathsMap ?? [:], inputTemplate: $0)
        }
        let bytes = try TargetInput.render(
            event: event,
            ruleName: "sensitive-bucket-deleted",
            ingestionTime: "2026-11-20T10:15:30Z",
            inputPath: inputPath,
            transformer: transformer
        )
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - The event as it is

    @Test func withoutPathOrTransformerTheTargetGetsTheEventUnchanged() throws {
        #expect(Array(try Self.render().utf8) == Self.event)
    }

    // MARK: - inputPath

    @Test(arguments: [
        ("$.detail.eventName", #""DeleteBucket""#),
        ("$.detail.requestParameters.bucketName", #""sensitive-bucket""#),
        ("$.detail.resources[0].ARN", #""arn:aws:s3:::sensitive-bucket""#),
        ("$.detail.requestParameters['bucketName']", #""sensitive-bucket""#),
        ("$['detail-type']", #""AWS API Call via CloudTrail""#),
        ("$.detail.readOnly", "false"),
        ("$.resources", "[]"),
        ("$.detail.missing", "null"),
        ("$.detail.resources[7]", "null"),
        ("$.detail.eventName.deeper", "null"),
    ])
    func inputPathSelectsAValue(path: String, expected: String) throws {
        #expect(try Self.render(inputPath: path) == expected)
    }

    @Test func inputPathOfTheWholeEventOrItsDetail() throws {
        // when the whole event or its detail is selected
        let whole = try JSONValue(parsing: try Self.render(inputPath: "$"))
        let detail = try JSONValue(parsing: try Self.render(inputPath: "$.detail"))

        // then they are the event and the record
        #expect(whole == (try JSONValue(parsing: Self.event)))
        #expect(detail == (try JSONValue(parsing: MonitorRecords.s3(id: "event-1").bytes)))
    }

    // MARK: - inputTransformer

    @Test func transformerPutsStringValuesAsTextInsideStringsAndAsJSONElsewhere() throws {
        // given a JSON template with placeholders inside and outside strings
        let text = try Self.render(
            pathsMap: [
                "name": "$.detail.eventName",
                "bucket": "$.detail.requestParameters.bucketName",
                "user": "$.detail.userIdentity.userName",
                "readOnly": "$.detail.readOnly",
                "resources": "$.detail.resources",
            ],
            template: #"""
                {"text": "<user> ran <name> on <bucket>", "name": <name>, "readOnly": <readOnly>, "resources": <resources>, "flag": "<readOnly>"}
                """#
        )

        // then the result is JSON with each value where it belongs
        let json = try JSONValue(parsing: text)
        #expect(json["text"]?.stringValue == "alice ran DeleteBucket on sensitive-bucket")
        #expect(json["name"]?.stringValue == "DeleteBucket")
        #expect(json["readOnly"] == .bool(false))
        #expect(
            json["resources"]?.serializedString
                == #"[{"ARN":"arn:aws:s3:::sensitive-bucket","type":"AWS::S3::Bucket"}]"#
        )
        #expect(json["flag"]?.stringValue == "false")
    }

    @Test func transformerKnowsTheReservedPlaceholders() throws {
        // given a template with EventBridge's predefined variables
        let text = try Self.render(
            template: #"""
                {"rule": "<aws.events.rule-name>", "at": "<aws.events.event.ingestion-time>", "event": <aws.events.event.json>}
                """#
        )

        // then they are the rule name, the ingestion time and the whole event
        let json = try JSONValue(parsing: text)
        #expect(json["rule"]?.stringValue == "sensitive-bucket-deleted")
        #expect(json["at"]?.stringValue == "2026-11-20T10:15:30Z")
        #expect(json["event"] == (try JSONValue(parsing: Self.event)))
    }

    @Test func eventPlaceholderIsTheEventWithoutItsDetail() throws {
        // given a template with <aws.events.event> (EventBridge: "the original event payload without the detail
        // field"; <aws.events.event.json> is the one with it)
        let text = try Self.render(template: #"{"event": <aws.events.event>}"#)

        // then it is the envelope's other fields
        let event = try #require(try JSONValue(parsing: text)["event"])
        #expect(event["detail"] == nil)
        #expect(event["source"]?.stringValue == "aws.s3")
        #expect(event["detail-type"]?.stringValue == "AWS API Call via CloudTrail")
    }

    @Test func transformerKeepsUnknownPlaceholders() throws {
        let text = try Self.render(
            pathsMap: ["name": "$.detail.eventName"],
            template: #""<name> by <nobody> <also unknown>""#
        )
        #expect(text == #""DeleteBucket by <nobody> <also unknown>""#)
    }

    @Test func transformerEscapesStringValuesInsideStrings() throws {
        // given an event whose value holds quotes and a backslash
        let record = MonitorRecords.make(id: "event-1", extra: #","errorMessage":"bad \"name\" \\ here""#)
        let event = Array(try MonitorFixture.envelopeJSON(record).utf8)
        let transformer = RuleTarget.InputTransformer(
            inputPathsMap: ["error": "$.detail.errorMessage"],
            inputTemplate: #"{"message": "failed: <error>"}"#
        )

        // when it is put inside a string
        let bytes = try TargetInput.render(
            event: event,
            ruleName: "r",
            ingestionTime: "t",
            inputPath: nil,
            transformer: transformer
        )

        // then the result is still JSON and holds the value exactly
        #expect(try JSONValue(parsing: bytes)["message"]?.stringValue == #"failed: bad "name" \ here"#)
    }

    @Test func transformerPlaceholderOfAMissingValueIsNull() throws {
        let text = try Self.render(pathsMap: ["gone": "$.detail.nothing"], template: #"{"value": <gone>}"#)
        #expect(text == #"{"value": null}"#)
    }

    // MARK: - Refused

    @Test(arguments: [
        "detail", "", "$.", "$..detail", "$.detail[", "$.detail[x]", "$.detail['open", "$detail", "$[-1]",
    ])
    func invalidPathsAreRefused(path: String) {
        #expect(throws: JSONPathExpression.ParseError.self) { try JSONPathExpression(path) }
        #expect(throws: MonitorError.self) { try Self.render(inputPath: path) }
    }

    @Test(arguments: ["$", "$.detail", "$.detail.resources[0].ARN", "$['detail-type']", #"$["a b"].c"#, "$.a[10][2]"])
    func validPathsAreAccepted(path: String) throws {
        #expect(try JSONPathExpression(path).text == path)
    }

    @Test func transformerWithAReservedOrInvalidKeyIsRefused() {
        for key in ["aws.mine", "", "a<b", "a>b"] {
            let transformer = RuleTarget.InputTransformer(inputPathsMap: [key: "$.detail"], inputTemplate: "<x>")
            #expect(throws: JSONPathExpression.ParseError.self) { try TargetInput.Transformer(transformer) }
        }
    }

    @Test func transformerWithAnInvalidPathOrEmptyTemplateIsRefused() {
        #expect(throws: MonitorError.self) { try Self.render(pathsMap: ["a": "detail"], template: "<a>") }
        #expect(throws: MonitorError.self) { try Self.render(pathsMap: ["a": "$.detail"], template: "") }
    }

    @Test func targetWithAnInvalidPathOrBothInputsIsRefused() {
        let topic = RuleTarget.Endpoint.topic("security")
        #expect(throws: MonitorError.self) { try RuleTarget(id: "t", endpoint: topic, inputPath: "detail").validate() }
        #expect(throws: MonitorError.self) {
            try RuleTarget(
                id: "t",
                endpoint: topic,
                inputPath: "$.detail",
                inputTransformer: .init(inputTemplate: "x")
            )
            .validate()
        }
        #expect(throws: Never.self) { try RuleTarget(id: "t", endpoint: topic, inputPath: "$.detail").validate() }
    }
}
