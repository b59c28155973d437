import AWSSigV4
import Foundation
import Synchronization
import Testing

@testable import TrailDelivery

/// ``S3ObjectStore`` against a closure transport: requests, signing, error mapping and retries.
@Suite struct S3ObjectStoreUnitTests {
    private static let credentials = SigV4Credentials(
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "session-token-value"
    )
    private static let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)

    private func makeStore(
        endpoint: String = "http://127.0.0.1:9000",
        style: S3ObjectStore.AddressingStyle = .path,
        attempts: Int = 4,
        sleeper: RecordingSleeper = RecordingSleeper(),
        transport: ClosureTransport
    ) throws -> S3ObjectStore {
        try S3ObjectStore(
            configuration: S3ObjectStore.Configuration(
                endpoint: endpoint,
                region: "us-east-1",
                credentials: Self.credentials,
                addressingStyle: style,
                retryPolicy: ObjectStoreRetryPolicy(maximumAttempts: attempts, baseDelay: .milliseconds(100))
            ),
            transport: transport,
            now: { Self.fixedDate },
            sleep: sleeper.sleep
        )
    }

    private static func errorBody(_ code: String, _ message: String = "message") -> [UInt8] {
        Array("<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>\(message)</Message></Error>".utf8)
    }

    // MARK: - Requests

    @Test func putObjectSendsSignedHeadersMetadataAndEncryption() async throws {
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 200) }
        let store = try makeStore(transport: transport)
        let body = Array("payload".utf8)
        try await store.putObject(
            ObjectUpload(
                body: body,
                contentType: "application/json",
                contentEncoding: "gzip",
                metadata: ["Signature": "abc"],
                encryption: .kms(keyId: "alias/trail")
            ),
            bucket: "trail-bucket",
            key: "dir/a b+c=d:e/ü.json.gz"
        )
        let request = try #require(transport.requests.first)
        #expect(request.method == "PUT")
        #expect(request.url == "http://127.0.0.1:9000/trail-bucket/dir/a%20b%2Bc%3Dd%3Ae/%C3%BC.json.gz")
        #expect(request.header("Host") == "127.0.0.1:9000")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Content-Encoding") == "gzip")
        #expect(request.header("x-amz-meta-signature") == "abc")
        #expect(request.header("x-amz-server-side-encryption") == "aws:kms")
        #expect(request.header("x-amz-server-side-encryption-aws-kms-key-id") == "alias/trail")
        #expect(request.header("x-amz-content-sha256") == SigV4.payloadHash(body))
        #expect(request.header("X-Amz-Security-Token") == "session-token-value")
        #expect(request.body == body)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/s3/aws4_request"))
        #expect(authorization.contains("x-amz-content-sha256"))
        #expect(authorization.contains("x-amz-meta-signature"))
        #expect(authorization.contains("x-amz-server-side-encryption"))
    }

    @Test func theSignatureVerifiesAgainstTheWirePath() async throws {
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 200) }
        let store = try makeStore(transport: transport)
        try await store.putObject(ObjectUpload(body: [1]), bucket: "b-1", key: "k ü/+=:")
        let request = try #require(transport.requests.first)
        let url = try #require(URLComponents(string: request.url))
        let verifier = SigV4Verifier(services: ["s3"]) { id in
            id == Self.credentials.accessKeyId ? Self.credentials.secretAccessKey : nil
        }
        let identity = try await verifier.verify(
            SigV4Request(method: "PUT", path: url.percentEncodedPath, query: "", headers: request.headers),
            payloadHash: SigV4.payloadHash(request.body),
            now: Self.fixedDate
        )
        #expect(identity.accessKeyId == Self.credentials.accessKeyId)
    }

    @Test(arguments: [
        ("a/b", "a/b"), ("a b", "a%20b"), ("a+b", "a%2Bb"), ("a=b:c", "a%3Db%3Ac"), ("ü", "%C3%BC"),
        ("~_-.", "~_-."), ("./x/../y", "%2E/x/%2E%2E/y"), ("a//b/", "a//b/"), ("%41", "%2541"),
        (".", "%2E"), ("..", "%2E%2E"), ("...", "..."), ("a/.", "a/%2E"), (".a/..b/a.", ".a/..b/a."),
    ])
    func keysArePercentEncodedSegmentBySegment(key: String, encoded: String) {
        #expect(S3ObjectStore.encodeKey(key) == encoded)
    }

    @Test func virtualHostedAddressing() throws {
        let endpoint = try S3Endpoint("https://s3.eu-west-1.amazonaws.com")
        let virtual = endpoint.address(bucket: "trail-bucket", key: "a b", style: .virtualHosted)
        #expect(virtual.authority == "trail-bucket.s3.eu-west-1.amazonaws.com")
        #expect(virtual.path == "/a%20b")
        // Dotted bucket names do not match the wildcard certificate: path style over HTTPS.
        let dotted = endpoint.address(bucket: "logs.example.com", key: "k", style: .virtualHosted)
        #expect(dotted.authority == "s3.eu-west-1.amazonaws.com" && dotted.path == "/logs.example.com/k")
        let bucketOnly = try S3Endpoint("http://localhost:9000/base/").address(bucket: "b-1", key: nil, style: .path)
        #expect(bucketOnly.authority == "localhost:9000" && bucketOnly.path == "/base/b-1")
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try S3Endpoint("ftp://host") }
        #expect(throws: ObjectStoreError(.invalidArgument, "")) { try S3Endpoint("not a url") }
    }

    @Test func listObjectsSendsV2QueryAndParsesTheResult() async throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>b</Name><Prefix>p/</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
              <IsTruncated>true</IsTruncated><NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
              <Contents><Key>p/a &amp; b</Key><LastModified>2024-01-02T03:04:05.123Z</LastModified>
                <ETag>&quot;abc&quot;</ETag><Size>12</Size></Contents>
              <Contents><Key>p/c</Key><LastModified>2024-01-02T03:04:06Z</LastModified><Size>0</Size></Contents>
              <CommonPrefixes><Prefix>p/d/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 200, body: Array(xml.utf8)) }
        let store = try makeStore(transport: transport)
        let page = try await store.listObjects(
            bucket: "b-1",
            prefix: "p/",
            delimiter: "/",
            continuationToken: "tok+en=",
            maxKeys: 2
        )
        #expect(
            transport.requests.first?.url
                == "http://127.0.0.1:9000/b-1?list-type=2&continuation-token=tok%2Ben%3D&delimiter=%2F&max-keys=2&prefix=p%2F"
        )
        #expect(page.keys == ["p/a & b", "p/c"])
        #expect(page.objects.first?.size == 12 && page.objects.first?.eTag == "\"abc\"")
        #expect(page.objects.first?.lastModified == Date(timeIntervalSince1970: 1_704_164_645.123))
        #expect(page.commonPrefixes == ["p/d/"])
        #expect(page.isTruncated && page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func getObjectReadsHeadersAndMetadata() async throws {
        let transport = ClosureTransport { _, _ in
            S3HTTPResponse(
                status: 200,
                headers: [
                    ("Content-Type", "application/json"), ("Content-Encoding", "gzip"), ("ETag", "\"e\""),
                    ("Last-Modified", "Tue, 02 Jan 2024 03:04:05 GMT"), ("x-amz-meta-signature", "abc"),
                    ("X-Amz-Meta-Signing-Algorithm", "SHA256withRSA"), ("x-amz-server-side-encryption", "aws:kms"),
                    ("x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:us-east-1:1:key/k"),
                    ("Content-Length", "3"),
                ],
                body: [1, 2, 3]
            )
        }
        let object = try await makeStore(transport: transport).getObject(bucket: "b-1", key: "k")
        #expect(object.body == [1, 2, 3] && object.size == 3)
        #expect(object.contentType == "application/json" && object.contentEncoding == "gzip")
        #expect(object.metadata == ["signature": "abc", "signing-algorithm": "SHA256withRSA"])
        #expect(object.lastModified == Date(timeIntervalSince1970: 1_704_164_645))
        #expect(object.info.encryption == .kms(keyId: "arn:aws:kms:us-east-1:1:key/k"))
        #expect(object.info.eTag == "\"e\"")
    }

    @Test func bucketLocationConstraints() async throws {
        for (body, region) in [
            ("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>", "us-east-1"),
            ("<LocationConstraint>eu-central-1</LocationConstraint>", "eu-central-1"),
            ("<LocationConstraint>EU</LocationConstraint>", "eu-west-1"),
        ] {
            let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 200, body: Array(body.utf8)) }
            #expect(try await makeStore(transport: transport).bucketRegion("b-1") == region)
            #expect(transport.requests.first?.url == "http://127.0.0.1:9000/b-1?location")
        }
    }

    // MARK: - Errors

    @Test(arguments: [
        ("NoSuchKey", 404, ObjectStoreError.Code.noSuchKey), ("NoSuchBucket", 404, .noSuchBucket),
        ("AccessDenied", 403, .accessDenied), ("InvalidAccessKeyId", 403, .invalidCredentials),
        ("SignatureDoesNotMatch", 403, .invalidCredentials), ("ExpiredToken", 400, .invalidCredentials),
        ("InvalidArgument", 400, .invalidArgument), ("KMS.NotFoundException", 400, .invalidArgument),
        ("BucketAlreadyExists", 409, .bucketAlreadyExists), ("SomethingNew", 409, .other),
    ])
    func s3ErrorCodesMapToStoreCodes(code: String, status: Int, expected: ObjectStoreError.Code) async throws {
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: status, body: Self.errorBody(code)) }
        let error = await #expect(throws: ObjectStoreError.self) {
            try await makeStore(transport: transport).getObject(bucket: "b-1", key: "k")
        }
        #expect(error?.code == expected)
        #expect(error?.serviceErrorCode == code)
        #expect(error?.statusCode == status)
        #expect(transport.requests.count == 1, "4xx answers are not retried")
    }

    @Test func messagesNeverCarryTheSecretTokenOrSignature() async throws {
        let secret = Self.credentials.secretAccessKey
        let transport = ClosureTransport { request, _ in
            // A hostile or buggy server that echoes everything back.
            let echo = "\(secret) \(request.header("Authorization") ?? "") session-token-value"
            return S3HTTPResponse(status: 403, body: Self.errorBody("SignatureDoesNotMatch", echo))
        }
        let error = await #expect(throws: ObjectStoreError.self) {
            try await makeStore(transport: transport).putObject(ObjectUpload(body: [1]), bucket: "b-1", key: "k")
        }
        let signature = try #require(transport.requests.first?.header("Authorization")?.split(separator: "=").last)
        let text = String(describing: try #require(error))
        #expect(!text.contains(secret))
        #expect(!text.contains("session-token-value"))
        #expect(!text.contains(String(signature)))
        #expect(text.contains("<redacted>"))
    }

    @Test func headAnswersWithoutBodies() async throws {
        let statuses = [200, 404, 403, 301]
        for status in statuses {
            let transport = ClosureTransport { _, _ in S3HTTPResponse(status: status) }
            let store = try makeStore(transport: transport)
            switch status {
            case 200, 301:
                #expect(try await store.bucketExists("b-1"))
                #expect(transport.requests.first?.method == "HEAD")
            case 404:
                #expect(try await store.bucketExists("b-1") == false)
                #expect(try await store.headObject(bucket: "b-1", key: "k") == nil)
            default:
                await #expect(throws: ObjectStoreError(.accessDenied, "")) { try await store.bucketExists("b-1") }
                await #expect(throws: ObjectStoreError(.accessDenied, "")) {
                    try await store.headObject(bucket: "b-1", key: "k")
                }
            }
        }
    }

    // MARK: - Retries

    @Test func a500IsRetriedAndTheRetrySucceeds() async throws {
        let sleeper = RecordingSleeper()
        let transport = ClosureTransport { _, number in
            number < 3
                ? S3HTTPResponse(status: 500, body: Self.errorBody("InternalError")) : S3HTTPResponse(status: 200)
        }
        try await makeStore(sleeper: sleeper, transport: transport).putObject(
            ObjectUpload(body: [1]),
            bucket: "b-1",
            key: "k"
        )
        #expect(transport.requests.count == 3)
        #expect(sleeper.delays.count == 2)
        // Equal jitter: retry n waits between half and all of 100 ms * 2^(n-1).
        #expect((Duration.milliseconds(50)...Duration.milliseconds(100)).contains(sleeper.delays[0]))
        #expect((Duration.milliseconds(100)...Duration.milliseconds(200)).contains(sleeper.delays[1]))
    }

    @Test func persistent5xxBecomesUnavailableAfterTheConfiguredAttempts() async throws {
        let sleeper = RecordingSleeper()
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 503) }
        let error = await #expect(throws: ObjectStoreError(.unavailable, "")) {
            try await makeStore(attempts: 3, sleeper: sleeper, transport: transport).getObject(bucket: "b-1", key: "k")
        }
        #expect(transport.requests.count == 3 && sleeper.delays.count == 2)
        #expect(error?.message.contains("after 3 attempts") == true)
    }

    @Test func slowDownIsRetriedAndReportedAsThrottled() async throws {
        let transport = ClosureTransport { _, _ in S3HTTPResponse(status: 503, body: Self.errorBody("SlowDown")) }
        let error = await #expect(throws: ObjectStoreError(.throttled, "")) {
            try await makeStore(transport: transport).putObject(ObjectUpload(body: []), bucket: "b-1", key: "k")
        }
        #expect(transport.requests.count == 4)
        #expect(error?.serviceErrorCode == "SlowDown")
    }

    @Test func eachAttemptIsSignedAnew() async throws {
        let clock = Mutex(0.0)
        let transport = ClosureTransport { _, number in
            number == 1 ? S3HTTPResponse(status: 500) : S3HTTPResponse(status: 200)
        }
        let store = try S3ObjectStore(
            configuration: S3ObjectStore.Configuration(
                endpoint: "http://127.0.0.1:9000",
                region: "us-east-1",
                credentials: Self.credentials
            ),
            transport: transport,
            now: {
                clock.withLock { seconds in
                    seconds += 1
                    return Date(timeIntervalSince1970: 1_700_000_000 + seconds)
                }
            },
            sleep: { _ in }
        )
        try await store.putObject(ObjectUpload(body: [1]), bucket: "b-1", key: "k")
        let dates = transport.requests.compactMap { $0.header("X-Amz-Date") }
        #expect(dates == ["20231114T221321Z", "20231114T221322Z"])
    }

    struct ConnectionRefused: Error {}

    @Test func connectionErrorsAreRetriedThenUnavailable() async throws {
        let sleeper = RecordingSleeper()
        let transport = ClosureTransport { _, _ in throw ConnectionRefused() }
        await #expect(throws: ObjectStoreError(.unavailable, "")) {
            try await makeStore(sleeper: sleeper, transport: transport).bucketExists("b-1")
        }
        #expect(transport.requests.count == 4 && sleeper.delays.count == 3)
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = ObjectStoreRetryPolicy(
            maximumAttempts: 10,
            baseDelay: .milliseconds(100),
            maximumDelay: .seconds(1)
        )
        var generator = SystemRandomNumberGenerator()
        for retry in 1...12 {
            let ceiling = min(Duration.milliseconds(100) * (1 << (retry - 1)), .seconds(1))
            let delay = policy.delay(beforeRetry: retry, using: &generator)
            #expect(delay >= ceiling / 2 && delay <= ceiling, "retry \(retry): \(delay)")
        }
        #expect(ObjectStoreRetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
    }
}
