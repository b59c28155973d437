import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TrailModel
import TrailServer

@Suite struct MetricsEndpointTests {
    static let intruder = AccessKey(accessKeyId: "AKIAINTRUDER00000001", secretAccessKey: "guess-0123456789abcdef")

    @Test func callsAreCountedByOperationAndOutcome() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            // Given two successes, a TrailNotFoundException, an authentication failure and a made-up operation.
            for _ in 0..<2 {
                #expect(try await client.call(SignedCall("ListTrails", key: aliceKey, date: clock.now)).status == .ok)
            }
            let missing = try await client.call(SignedCall("GetTrail", #"{"Name":"nope"}"#, date: clock.now))
            #expect(missing.errorType == "TrailNotFoundException")
            let refused = try await client.call(SignedCall("DescribeTrails", key: Self.intruder, date: clock.now))
            #expect(refused.errorType == "UnrecognizedClientException")
            var madeUp = SignedCall("ListTrails", date: clock.now)
            madeUp.target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.NoSuchOperation"
            #expect(try await client.call(madeUp).errorType == "UnknownOperationException")

            // When Prometheus scrapes, unsigned.
            let (contentType, metrics) = try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return (response.headers[.contentType], PrometheusText(String(buffer: response.body)))
            }

            // Then each call is counted once, under a bounded operation label.
            #expect(contentType?.hasPrefix("text/plain; version=0.0.4") == true)
            let requests = "opentrail_requests_total"
            #expect(metrics[requests, ["operation": "ListTrails", "outcome": "success"]] == 2)
            #expect(metrics[requests, ["operation": "GetTrail", "outcome": "TrailNotFoundException"]] == 1)
            #expect(metrics[requests, ["operation": "DescribeTrails", "outcome": "auth_failure"]] == 1)
            #expect(metrics[requests, ["operation": "unknown", "outcome": "UnknownOperationException"]] == 1)
            #expect(!metrics.text.contains("NoSuchOperation"))
            #expect(metrics["opentrail_request_duration_seconds_count", ["operation": "ListTrails"]] == 2)

            // The four recorded calls (an unknown operation is not recorded) were four commits of one record.
            #expect(metrics["opentrail_events_ingested_total", ["source": "self_audit"]] == 4)
            #expect(metrics["opentrail_commit_records_sum"] == 4)
            #expect(metrics["opentrail_commit_records_count"] == 4)
            #expect(metrics["opentrail_commit_duration_seconds_count"] == 4)
            #expect((metrics["opentrail_store_size_bytes"] ?? 0) > 0)

            // Nothing about who called.
            for secret in [rootKey, aliceKey, Self.intruder].flatMap({ [$0.accessKeyId, $0.secretAccessKey] }) {
                #expect(!metrics.text.contains(secret))
            }
            #expect(!metrics.text.contains("alice"))
        }
    }

    @Test func storeSizeFollowsTheDatabase() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let scrape = {
                try await client.execute(uri: "/metrics", method: .get) {
                    PrometheusText(String(buffer: $0.body))["opentrail_store_size_bytes"] ?? 0
                }
            }
            let before = try await scrape()
            let padding = String(repeating: "x", count: 4000)
            for index in 0..<20 {
                _ = try await client.call(
                    SignedCall("GetTrail", #"{"Name":"missing-\#(index)-\#(padding)"}"#, date: clock.now)
                )
            }
            #expect(before > 0)
            #expect(try await scrape() > before)
        }
    }
}
