import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TrailModel
import TrailServer

@Suite struct AuthenticationTests {
    @Test func unsignedRequestsAreRefused() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            var headers = HTTPFields()
            headers[.init("X-Amz-Target")!] = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListTrails"
            let status = try await client.execute(
                uri: "/",
                method: .post,
                headers: headers,
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(String(buffer: response.body).contains("MissingAuthenticationTokenException"))
                return response.status
            }
            #expect(status == .forbidden)
        }
    }

    @Test(arguments: ["unknown-key", "wrong-secret", "tampered-body", "expired", "future"])
    func badSignaturesAreRefusedWithAWSErrors(kind: String) async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            var call = SignedCall("ListTrails", "{}", date: clock.now)
            var body: String?
            var expected = "InvalidSignatureException"
            switch kind {
            case "unknown-key":
                call.key = AccessKey(accessKeyId: "AKIANOBODY0000000001", secretAccessKey: "whatever-secret-0123456789")
                expected = "UnrecognizedClientException"
            case "wrong-secret":
                call.key = AccessKey(accessKeyId: rootKey.accessKeyId, secretAccessKey: "not-the-secret-0123456789")
            case "tampered-body":
                body = #"{"NextToken":"x"}"#
            case "expired":
                call.date = clock.now.addingTimeInterval(-20 * 60)
            default:
                call.date = clock.now.addingTimeInterval(20 * 60)
            }
            let answer = try await client.call(call, body: body)
            #expect(answer.status == .badRequest)
            #expect(answer.errorType == expected)
            if kind == "expired" { #expect(answer.json["message"]?.stringValue?.contains("Signature expired") == true) }
            // No message ever carries a secret.
            #expect(answer.json["message"]?.stringValue?.contains(rootKey.secretAccessKey) == false)
        }
    }

    @Test func authenticationFailuresAreRecordedAndFloodsAreCounted() async throws {
        let clock = TestClock()
        let configuration = testConfiguration {
            $0.authFailureRecordsPerWindow = 3
            $0.authFailureWindow = 60
        }
        let app = try await buildApplication(configuration, logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let intruder = AccessKey(accessKeyId: "AKIAINTRUDER00000001", secretAccessKey: "guess-0123456789abcdef")
            for _ in 0..<50 {
                _ = try await client.call(
                    SignedCall("StopLogging", #"{"Name":"audit"}"#, key: intruder, date: clock.now)
                )
            }
            // The next window's first failure carries the count of those not recorded one by one.
            clock.advance(by: 61)
            _ = try await client.call(SignedCall("StopLogging", #"{"Name":"audit"}"#, key: intruder, date: clock.now))

            let lookup = try await client.call(
                SignedCall(
                    "LookupEvents",
                    #"{"LookupAttributes":[{"AttributeKey":"AccessKeyId","AttributeValue":"AKIAINTRUDER00000001"}]}"#,
                    date: clock.now
                )
            )
            let failures = try records(lookup)
            #expect(failures.count == 4)
            #expect(failures.allSatisfy { $0["userIdentity"]?["type"]?.stringValue == "Unknown" })
            #expect(failures.allSatisfy { $0["errorCode"]?.stringValue == "UnrecognizedClientException" })
            #expect(failures.allSatisfy { $0["eventName"]?.stringValue == "StopLogging" })
            #expect(failures.first?["additionalEventData"]?["suppressedCount"] == .int(47))
        }
    }
}
