import Hummingbird
import Testing

@testable import TrailServer

/// The byte-level parsing every S3 request goes through: which requests are S3's, and what they address.
@Suite struct S3RequestParsingTests {
    @Test(
        "The credential scope of an Authorization header decides whether a request is S3's",
        arguments: [
            (
                "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0",
                true
            ),
            ("AWS4-HMAC-SHA256 SignedHeaders=host,Credential=AKID/20261121/us-east-1/s3/aws4_request", true),
            ("AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/cloudtrail/aws4_request, Signature=0", false),
            ("AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/s3x/aws4_request", false),
            ("AWS4-HMAC-SHA256 Credential=AKID/20261121/s3", false),
            ("AWS4-HMAC-SHA256 Credentia=AKID/20261121/us-east-1/s3/aws4_request", false),
            ("Credential=", false), ("", false),
        ]
    )
    func credentialScope(authorization: String, isS3: Bool) {
        #expect(S3RequestDispatcher<NeverResponder>.credentialNamesS3(authorization) == isS3)
    }

    @Test func pathStyleTargetsAndQueries() throws {
        let object = try S3Target(
            target: "/bucket/a%20b/c+d?versionId=null&response-content-type=text%2Fplain",
            host: nil
        )
        #expect(object.resource == .object(bucket: "bucket", key: "a b/c+d"))
        #expect(object.value("versionId") == "null")
        #expect(object.value("response-content-type") == "text/plain")
        let listing = try S3Target(target: "/bucket?list-type=2&prefix=AWSLogs%2F&delimiter=/&location", host: nil)
        #expect(listing.resource == .bucket("bucket"))
        #expect(listing.value("prefix") == "AWSLogs/")
        #expect(listing.has("location"))
        #expect(try S3Target(target: "/", host: "127.0.0.1:9000").resource == .service)
        #expect(throws: S3APIError.self) { try S3Target(target: "/bucket/%zz", host: nil) }
        #expect(throws: S3APIError.self) { try S3Target(target: "bucket/key", host: nil) }
    }

    @Test(
        "Virtual-hosted buckets under localhost only",
        arguments: [
            ("my-bucket.localhost", "my-bucket"), ("My-Bucket.LocalHost:8080", "my-bucket"),
            ("my-bucket.localhost:80x", nil), ("localhost", nil), (".localhost", nil), ("[::1]:80", nil),
            ("my-bucket.example.com", nil), ("a.localhost", nil),
        ] as [(String, String?)]
    )
    func virtualHosted(host: String, bucket: String?) {
        #expect(S3Target.virtualHostedBucket(host) == bucket)
    }
}

/// A responder the dispatcher's static helpers can be named with.
private struct NeverResponder: HTTPResponder {
    typealias Context = BasicRequestContext
    func respond(to request: Request, context: Context) async throws -> Response { Response(status: .notFound) }
}
