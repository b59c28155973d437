import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TrailModel
import TrailServer

@Suite struct ControlPlaneTests {
    @Test func createdTrailIsDescribedAndItsCallIsOnTheRecord() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            // Given a trail created by alice.
            let created = try await client.call(
                SignedCall(
                    "CreateTrail",
                    #"{"Name":"audit","S3BucketName":"audit-logs"}"#,
                    key: aliceKey,
                    date: clock.now
                )
            )
            #expect(created.status == .ok)
            #expect(created.json["TrailARN"]?.stringValue == "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit")
            let requestID = try #require(created.headers[.init("x-amzn-RequestId")!])

            // When we look up CreateTrail calls.
            let lookup = try await client.call(
                SignedCall(
                    "LookupEvents",
                    #"{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"CreateTrail"}]}"#,
                    date: clock.now
                )
            )

            // Then alice's call is there, with who, how and what.
            let record = try #require(try records(lookup).first)
            #expect(record["eventSource"]?.stringValue == "cloudtrail.amazonaws.com")
            #expect(record["eventName"]?.stringValue == "CreateTrail")
            #expect(record["readOnly"]?.boolValue == false)
            #expect(record["managementEvent"]?.boolValue == true)
            #expect(record["eventType"]?.stringValue == "AwsApiCall")
            #expect(record["eventCategory"]?.stringValue == "Management")
            #expect(record["requestID"]?.stringValue == requestID)
            #expect(record["userIdentity"]?["type"]?.stringValue == "IAMUser")
            #expect(record["userIdentity"]?["userName"]?.stringValue == "alice")
            #expect(record["userIdentity"]?["arn"]?.stringValue == "arn:aws:iam::123456789012:user/alice")
            #expect(record["userIdentity"]?["accessKeyId"]?.stringValue == aliceKey.accessKeyId)
            #expect(record["userAgent"]?.stringValue == "opentrail-tests/1.0")
            #expect(record["requestParameters"]?["s3BucketName"]?.stringValue == "audit-logs")
            #expect(
                record["responseElements"]?["trailARN"]?.stringValue
                    == "arn:aws:cloudtrail:us-east-1:123456789012:trail/audit"
            )
            #expect(record["eventTime"]?.stringValue == EventTime.format(clock.now))
            let event = try #require(
                lookup.json["Events"].flatMap { if case .array(let a) = $0 { a.first } else { nil } }
            )
            #expect(event["Username"]?.stringValue == "alice")
            #expect(event["AccessKeyId"]?.stringValue == aliceKey.accessKeyId)
        }
    }

    @Test func failedCallsAreRecordedWithTheirErrorCode() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let missing = try await client.call(SignedCall("GetTrail", #"{"Name":"nope"}"#, date: clock.now))
            #expect(missing.status == .badRequest)
            #expect(missing.errorType == "TrailNotFoundException")
            let lookup = try await client.call(
                SignedCall(
                    "LookupEvents",
                    #"{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"GetTrail"}]}"#,
                    date: clock.now
                )
            )
            let record = try #require(try records(lookup).first)
            #expect(record["errorCode"]?.stringValue == "TrailNotFoundException")
            #expect(record["errorMessage"]?.stringValue?.contains("nope") == true)
            #expect(record["readOnly"]?.boolValue == true)
            #expect(record["responseElements"]?.isNull == true)
        }
    }

    @Test func trailLifecycle() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            #expect(
                try await client.call(
                    SignedCall("CreateTrail", #"{"Name":"trail1","S3BucketName":"bucket-one"}"#, date: clock.now)
                ).status == .ok
            )
            let duplicate = try await client.call(
                SignedCall("CreateTrail", #"{"Name":"trail1","S3BucketName":"bucket-one"}"#, date: clock.now)
            )
            #expect(duplicate.errorType == "TrailAlreadyExistsException")
            let badName = try await client.call(
                SignedCall("CreateTrail", #"{"Name":"a","S3BucketName":"bucket-one"}"#, date: clock.now)
            )
            #expect(badName.errorType == "InvalidTrailNameException")

            clock.advance(by: 5)
            #expect(
                try await client.call(
                    SignedCall(
                        "StartLogging",
                        #"{"Name":"arn:aws:cloudtrail:us-east-1:123456789012:trail/trail1"}"#,
                        date: clock.now
                    )
                ).status == .ok
            )
            var status = try await client.call(SignedCall("GetTrailStatus", #"{"Name":"trail1"}"#, date: clock.now))
            #expect(status.json["IsLogging"]?.boolValue == true)
            #expect(
                status.json["StartLoggingTime"] == .number(String(Int(clock.now.timeIntervalSince1970)))
                    || status.json["StartLoggingTime"].flatMap {
                        if case .number(let n) = $0 { Double(n) } else { nil }
                    } == clock.now.timeIntervalSince1970
            )
            clock.advance(by: 5)
            _ = try await client.call(SignedCall("StopLogging", #"{"Name":"trail1"}"#, date: clock.now))
            status = try await client.call(SignedCall("GetTrailStatus", #"{"Name":"trail1"}"#, date: clock.now))
            #expect(status.json["IsLogging"]?.boolValue == false)
            #expect(status.json["StopLoggingTime"] != nil)

            let updated = try await client.call(
                SignedCall(
                    "UpdateTrail",
                    #"{"Name":"trail1","S3KeyPrefix":"logs","IsMultiRegionTrail":true}"#,
                    date: clock.now
                )
            )
            #expect(updated.json["S3KeyPrefix"]?.stringValue == "logs")
            #expect(updated.json["IsMultiRegionTrail"]?.boolValue == true)

            let deleted = try await client.call(SignedCall("DeleteTrail", #"{"Name":"trail1"}"#, date: clock.now))
            #expect(deleted.status == .ok)
            let gone = try await client.call(SignedCall("GetTrail", #"{"Name":"trail1"}"#, date: clock.now))
            #expect(gone.errorType == "TrailNotFoundException")
        }
    }

    @Test func multiRegionTrailsAppearAsShadowTrailsElsewhere() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            _ = try await client.call(
                SignedCall(
                    "CreateTrail",
                    #"{"Name":"everywhere","S3BucketName":"b-one","IsMultiRegionTrail":true}"#,
                    date: clock.now
                )
            )
            _ = try await client.call(
                SignedCall("CreateTrail", #"{"Name":"local","S3BucketName":"b-one"}"#, date: clock.now)
            )
            var west = SignedCall("DescribeTrails", #"{}"#, date: clock.now)
            west.region = "us-west-2"
            let withShadows = try await client.call(west)
            guard case .array(let trails)? = withShadows.json["trailList"] else {
                Issue.record("no trailList")
                return
            }
            #expect(trails.map { $0["Name"]?.stringValue } == ["everywhere"])
            #expect(trails.first?["HomeRegion"]?.stringValue == "us-east-1")
            west.body = #"{"includeShadowTrails":false}"#
            let without = try await client.call(west)
            #expect(without.json["trailList"] == .array([]))
            // Changing a trail outside its home region is refused.
            var stop = SignedCall("StopLogging", #"{"Name":"everywhere"}"#, date: clock.now)
            stop.region = "us-west-2"
            #expect(try await client.call(stop).errorType == "InvalidHomeRegionException")
        }
    }

    @Test func fiveTrailsPerRegionAsInAWS() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            for i in 1...5 {
                #expect(
                    try await client.call(
                        SignedCall("CreateTrail", #"{"Name":"t\#(i)-x","S3BucketName":"bucket-one"}"#, date: clock.now)
                    ).status == .ok
                )
            }
            let sixth = try await client.call(
                SignedCall("CreateTrail", #"{"Name":"t6-x","S3BucketName":"bucket-one"}"#, date: clock.now)
            )
            #expect(sixth.errorType == "MaximumNumberOfTrailsExceededException")
        }
    }

    @Test func malformedBodiesAndUnknownOperations() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let wrongType = try await client.call(SignedCall("CreateTrail", #"{"Name":5}"#, date: clock.now))
            #expect(wrongType.errorType == "SerializationException", "\(wrongType.json)")
            let notJSON = try await client.call(SignedCall("CreateTrail", "not json", date: clock.now))
            #expect(notJSON.errorType == "SerializationException")
            let unknown = try await client.call(SignedCall("FlyToTheMoon", "{}", date: clock.now))
            #expect(unknown.errorType == "UnknownOperationException")
        }
    }
}
