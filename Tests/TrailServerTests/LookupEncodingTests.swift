import Foundation
import Testing
import TrailModel

@testable import TrailServer

@Suite struct LookupEncodingTests {
    @Test(arguments: [nil, "token/with+chars="])
    func directEncodingMatchesJSONEncoder(token: String?) throws {
        let tricky = #"{"a":"quote \" backslash \\ slash / newline \n tab \t control \#u{01} unicode é 😀"}"#
        let response = LookupEventsResponse(
            Events: [
                LookupEventShape(
                    EventId: "id-1",
                    EventName: "CreateTrail",
                    ReadOnly: "false",
                    AccessKeyId: "AKIA1",
                    EventTime: Date(timeIntervalSince1970: 1_795_237_906),
                    EventSource: "cloudtrail.amazonaws.com",
                    Username: "root",
                    Resources: [
                        LookupResourceShape(ResourceType: "AWS::CloudTrail::Trail", ResourceName: "arn:x"),
                        LookupResourceShape(ResourceType: nil, ResourceName: "only-name"),
                        LookupResourceShape(ResourceType: "only-type", ResourceName: nil),
                    ],
                    CloudTrailEvent: tricky
                ),
                LookupEventShape(
                    EventId: "id-2",
                    EventName: nil,
                    ReadOnly: nil,
                    AccessKeyId: nil,
                    EventTime: Date(timeIntervalSince1970: 1_795_237_906.5),
                    EventSource: nil,
                    Username: nil,
                    Resources: [],
                    CloudTrailEvent: "{}"
                ),
            ],
            NextToken: token
        )
        let direct = try JSONValue(parsing: response.jsonBytes())
        let encoded = try JSONValue(parsing: AWSJSON.encode(response))
        #expect(direct == encoded)
        #expect(
            direct["Events"].flatMap {
                if case .array(let a) = $0 { a.first?["CloudTrailEvent"]?.stringValue } else { nil }
            } == tricky
        )
    }
}
