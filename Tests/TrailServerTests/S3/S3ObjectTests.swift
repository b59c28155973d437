import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import TrailServer

@Suite struct S3ObjectTests {
    static let digestMetadata = ["signature": "3045022100abcdef", "signature-algorithm": "SHA256withRSA"]

    @Test func getObjectServesTheBytesHeadersAndUserMetadata() async throws {
        try await S3TestServer.run { client, server in
            // Given a digest-like object with metadata.
            try await server.put(
                "digests",
                ["AWSLogs/digest.json.gz": "0123456789"],
                contentType: "application/json",
                contentEncoding: "gzip",
                metadata: Self.digestMetadata
            )

            // When it is read.
            let answer = try await client.s3(server.call(.get, "/digests/AWSLogs/digest.json.gz"))

            // Then bytes, headers and metadata are S3's.
            #expect(answer.status == .ok)
            #expect(answer.text == "0123456789")
            #expect(answer.header("Content-Length") == "10")
            #expect(answer.header("Content-Type") == "application/json")
            #expect(answer.header("Content-Encoding") == "gzip")
            #expect(answer.header("ETag") == "\"781e5e245d69b566979b86e28d23f2c7\"")
            #expect(answer.header("Accept-Ranges") == "bytes")
            #expect(answer.header("x-amz-meta-signature") == "3045022100abcdef")
            #expect(answer.header("x-amz-meta-signature-algorithm") == "SHA256withRSA")
            #expect(answer.header("x-amz-server-side-encryption") == nil)
            let lastModified = try #require(answer.header("Last-Modified"))
            #expect(lastModified.wholeMatch(of: /[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT/) != nil)

            // And HEAD answers the same headers without the bytes.
            let head = try await client.s3(server.call(.head, "/digests/AWSLogs/digest.json.gz"))
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            for name in ["Content-Length", "Content-Type", "Content-Encoding", "ETag", "Last-Modified"] {
                #expect(head.header(name) == answer.header(name), "\(name)")
            }
            #expect(head.header("x-amz-meta-signature") == "3045022100abcdef")
        }
    }

    @Test(arguments: [
        ("bytes=2-5", "2345", "bytes 2-5/10"),
        ("bytes=7-", "789", "bytes 7-9/10"),
        ("bytes=-3", "789", "bytes 7-9/10"),
        ("bytes=8-100", "89", "bytes 8-9/10"),
        ("bytes=-50", "0123456789", "bytes 0-9/10"),
    ])
    func aSingleRangeAnswersPartialContent(range: String, body: String, contentRange: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("ranges", ["ten": "0123456789"])
            var call = server.call(.get, "/ranges/ten")
            call.headers = [(name: "Range", value: range)]
            let answer = try await client.s3(call)
            #expect(answer.status == .partialContent)
            #expect(answer.text == body)
            #expect(answer.header("Content-Range") == contentRange)
            #expect(answer.header("Content-Length") == String(body.count))

            call.method = .head
            let head = try await client.s3(call)
            #expect(head.status == .partialContent)
            #expect(head.header("Content-Length") == String(body.count))
        }
    }

    @Test(arguments: ["bytes=x-3", "bytes=0-1,4-5", "items=0-3", "bytes=5-2"])
    func rangesS3IgnoresServeTheWholeObject(range: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("ranges", ["ten": "0123456789"])
            var call = server.call(.get, "/ranges/ten")
            call.headers = [(name: "Range", value: range)]
            let answer = try await client.s3(call)
            #expect(answer.status == .ok)
            #expect(answer.text == "0123456789")
        }
    }

    @Test(arguments: ["bytes=10-", "bytes=-0", "bytes=99-100"])
    func anUnsatisfiableRangeIsRefused(range: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("ranges", ["ten": "0123456789"])
            var call = server.call(.get, "/ranges/ten")
            call.headers = [(name: "Range", value: range)]
            let answer = try await client.s3(call)
            #expect(answer.status == .rangeNotSatisfiable)
            #expect(answer.errorCode == "InvalidRange")
            #expect(answer.value("ActualObjectSize") == "10")
        }
    }

    @Test func missingObjectsAndBucketsAreS3Errors() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("present", ["dir/file": "x"])

            let noKey = try await client.s3(server.call(.get, "/present/dir/other"))
            #expect(noKey.status == .notFound)
            #expect(noKey.header("Content-Type") == "application/xml")
            #expect(noKey.errorCode == "NoSuchKey")
            #expect(noKey.value("Message") == "The specified key does not exist.")
            #expect(noKey.value("Key") == "dir/other")
            #expect(noKey.header("x-amz-request-id") != nil)
            #expect(noKey.value("RequestId") == noKey.header("x-amz-request-id"))

            let noBucket = try await client.s3(server.call(.get, "/absent-bucket/dir/file"))
            #expect(noBucket.errorCode == "NoSuchBucket")
            #expect(noBucket.value("BucketName") == "absent-bucket")

            let head = try await client.s3(server.call(.head, "/present/nothing"))
            #expect(head.status == .notFound)
            #expect(head.body.isEmpty)

            // S3 paths are not normalised: these keys are not dir/file, and the signature still verifies.
            for path in ["/present/dir/./file", "/present/dir//file", "/present/x/../dir/file", "/present/dir/"] {
                let answer = try await client.s3(server.call(.get, path))
                #expect(answer.errorCode == "NoSuchKey", "\(path)")
            }
        }
    }

    @Test func conditionalRequestsFollowS3() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("conditions", ["k": "0123456789"])
            let eTag = "\"781e5e245d69b566979b86e28d23f2c7\""
            func get(_ name: String, _ value: String) async throws -> S3Answer {
                var call = server.call(.get, "/conditions/k")
                call.headers = [(name: name, value: value)]
                return try await client.s3(call)
            }
            #expect(try await get("If-None-Match", eTag).status == .notModified)
            #expect(try await get("If-None-Match", "\"other\"").status == .ok)
            #expect(try await get("If-Match", eTag).status == .ok)
            let failed = try await get("If-Match", "\"other\"")
            #expect(failed.status == .preconditionFailed)
            #expect(failed.errorCode == "PreconditionFailed")
            #expect(try await get("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT").status == .notModified)
            #expect(try await get("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status == .ok)
            #expect(try await get("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status == .preconditionFailed)
        }
    }

    @Test func responseOverridesAndVersionIDs() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("overrides", ["k": "v"], contentType: "application/json")
            let overridden = try await client.s3(
                server.call(
                    .get,
                    "/overrides/k",
                    query: [("response-content-type", "text/plain"), ("response-content-disposition", "attachment")]
                )
            )
            #expect(overridden.header("Content-Type") == "text/plain")
            #expect(overridden.header("Content-Disposition") == "attachment")

            let nullVersion = try await client.s3(server.call(.get, "/overrides/k", query: [("versionId", "null")]))
            #expect(nullVersion.status == .ok)
            let otherVersion = try await client.s3(
                server.call(.get, "/overrides/k", query: [("versionId", "3HL4kqtJ")])
            )
            #expect(otherVersion.status == .badRequest)
            #expect(otherVersion.errorCode == "InvalidArgument")
        }
    }

    @Test(arguments: [
        ("/sub", "acl"), ("/sub", "policy"), ("/sub", "versioning"), ("/sub", "tagging"), ("/sub", "uploads"),
        ("/sub", "versions"), ("/sub/k", "acl"), ("/sub/k", "tagging"), ("/sub/k", "attributes"),
    ])
    func unsupportedSubresourcesAreNotImplemented(path: String, subresource: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("sub", ["k": "v"])
            let answer = try await client.s3(server.call(.get, path, query: [(subresource, nil)]))
            #expect(answer.status == .notImplemented)
            #expect(answer.errorCode == "NotImplemented")
            #expect(answer.value("Message")?.contains("?\(subresource)") == true)
        }
    }

    @Test func virtualHostedRequestsUnderLocalhostAddressTheBucketByName() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("hosted", ["dir/k": "hosted bytes"])
            var call = server.call(.get, "/dir/k")
            call.host = "hosted.localhost:8275"
            let object = try await client.s3(call)
            #expect(object.status == .ok)
            #expect(object.text == "hosted bytes")

            var listing = server.call(.get, "/", query: [("list-type", "2")])
            listing.host = "hosted.localhost"
            #expect(try await client.s3(listing).values("Key") == ["dir/k"])
        }
    }
}
