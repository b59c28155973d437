import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TrailModel
import TrailServer

@Suite struct S3BucketTests {
    @Test func listBucketsShowsTheStoresBucketsOwnedByTheAccount() async throws {
        try await S3TestServer.run { client, server in
            // Given two buckets (one named like an OpenTrail route).
            try await server.put("alpha-logs", ["a": "1"])
            try await server.put("metrics", [:])

            // When listing the buckets.
            let answer = try await client.s3(server.call(.get, "/"))

            // Then both are there, owned by the account, and the sidecar directory is not.
            #expect(answer.status == .ok)
            #expect(answer.header("Content-Type") == "application/xml")
            #expect(answer.text.contains("<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"))
            #expect(answer.values("Name") == ["alpha-logs", "metrics"])
            #expect(answer.value("ID") == server.configuration.accountId)
            #expect(answer.value("DisplayName") == server.configuration.accountId)
            #expect(answer.values("CreationDate").allSatisfy(isISO8601WithMilliseconds))
            #expect(answer.header("x-amz-request-id")?.count == 16)
        }
    }

    @Test func getBucketLocationAnswersAnEmptyConstraintForUSEast1() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("east-logs", [:])
            let answer = try await client.s3(server.call(.get, "/east-logs", query: [("location", nil)]))
            #expect(answer.status == .ok)
            #expect(answer.text.hasSuffix(#"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#))
        }
    }

    @Test func getBucketLocationNamesAnyOtherRegion() async throws {
        let westRegion: (inout ServerConfiguration) -> Void = { $0.region = "eu-west-1" }
        try await S3TestServer.run(westRegion) { client, server in
            try await server.put("west-logs", [:])
            let answer = try await client.s3(server.call(.get, "/west-logs", query: [("location", nil)]))
            #expect(answer.status == .ok)
            #expect(answer.value("LocationConstraint") == nil)
            #expect(answer.text.contains(#"2006-03-01/">eu-west-1</LocationConstraint>"#))

            let missing = try await client.s3(server.call(.get, "/nowhere-logs", query: [("location", nil)]))
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NoSuchBucket")
            #expect(missing.value("BucketName") == "nowhere-logs")
        }
    }

    @Test func headBucketAnswersWithTheRegionOrWithoutABody() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("head-logs", [:])
            let found = try await client.s3(server.call(.head, "/head-logs"))
            #expect(found.status == .ok)
            #expect(found.header("x-amz-bucket-region") == "us-east-1")

            let missing = try await client.s3(server.call(.head, "/absent-logs"))
            #expect(missing.status == .notFound)
            #expect(missing.body.isEmpty)
            #expect(missing.header("x-amz-request-id") != nil)

            let invalid = try await client.s3(server.call(.get, "/Not_A_Bucket"))
            #expect(invalid.status == .badRequest)
            #expect(invalid.errorCode == "InvalidBucketName")
        }
    }

    @Test func aBucketNamedLikeARouteIsServedAndTheRoutesStillWork() async throws {
        try await S3TestServer.run { client, server in
            // Given a bucket called "metrics".
            try await server.put("metrics", ["daily.json": "{}"])

            // Then a request signed for S3 lists the bucket...
            let listing = try await client.s3(server.call(.get, "/metrics"))
            #expect(listing.status == .ok)
            #expect(listing.values("Key") == ["daily.json"])

            // ...while the unsigned routes and CloudTrail's API answer as before.
            let scrape = try await client.execute(uri: "/metrics", method: .get) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(scrape.0 == .ok)
            #expect(scrape.1.contains("opentrail_requests_total"))
            #expect(scrape.1.contains(#"operation="s3:ListObjects""#))
            let health = try await client.execute(uri: "/healthz", method: .get) { $0.status }
            #expect(health == .ok)
            let trails = try await client.call(SignedCall("ListTrails", date: server.clock.now))
            #expect(trails.status == .ok)
            #expect(trails.json["Trails"] != nil)
            // A CloudTrail call wrongly scoped to s3 is still CloudTrail's to refuse.
            var misScoped = SignedCall("ListTrails", date: server.clock.now)
            misScoped.service = "s3"
            #expect(try await client.call(misScoped).errorType == "InvalidSignatureException")
        }
    }

    @Test func anExternalObjectStoreIsNotServed() async throws {
        let adjust: (inout ServerConfiguration) -> Void = {
            $0.objectStore = ObjectStoreSettings(
                type: .s3,
                endpoint: "http://127.0.0.1:9",
                accessKeyId: "external-key-id",
                secretAccessKey: "external-secret"
            )
        }
        try await S3TestServer.run(adjust) { client, server in
            let answer = try await client.s3(server.call(.get, "/"))
            #expect(answer.status == .notImplemented)
            #expect(answer.errorCode == "NotImplemented")
            #expect(answer.value("Message")?.contains("external S3 service") == true)
            // Authentication still comes first.
            var forged = server.call(.get, "/")
            forged.key = AccessKey(accessKeyId: rootKey.accessKeyId, secretAccessKey: "not-the-secret-0123456789")
            #expect(try await client.s3(forged).errorCode == "SignatureDoesNotMatch")
        }
    }
}

/// Whether `text` reads like `2026-11-21T10:00:00.000Z`.
func isISO8601WithMilliseconds(_ text: String) -> Bool {
    text.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/) != nil
}
