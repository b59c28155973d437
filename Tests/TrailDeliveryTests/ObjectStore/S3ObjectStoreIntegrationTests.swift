import AWSSigV4
import Foundation
import Testing

@testable import TrailDelivery

/// ``S3ObjectStore`` against a real S3-compatible server (moto in development), named by
/// `OPENTRAIL_TEST_S3_ENDPOINT`; see ``S3TestEnvironment``. For example:
///
/// ```
/// moto_server -H 127.0.0.1 -p 45123 &
/// OPENTRAIL_TEST_S3_ENDPOINT=http://127.0.0.1:45123 swift test --filter TrailDeliveryTests
/// ```
@Suite(
    .enabled(
        if: S3TestEnvironment.isConfigured,
        "Set OPENTRAIL_TEST_S3_ENDPOINT (for example http://127.0.0.1:45123 for `moto_server -p 45123`) to run"
    )
)
struct S3ObjectStoreIntegrationTests {
    @Test func bucketExistsAndCreateBucketIsIdempotent() async throws {
        let (store, bucket) = try await S3TestEnvironment.storeWithBucket()
        #expect(try await store.bucketExists(bucket))
        #expect(try await store.bucketExists(S3TestEnvironment.uniqueBucketName()) == false)
        try await store.createBucket(bucket)
        #expect(try await store.bucketRegion(bucket) == S3TestEnvironment.region)
    }

    @Test func listingPaginatesWithMaxKeysTwo() async throws {
        let (store, bucket) = try await S3TestEnvironment.storeWithBucket()
        let keys = (1...5).map { "AWSLogs/123456789012/CloudTrail/us-east-1/2024/01/0\($0)/f.json.gz" }
        for key in keys {
            try await store.putObject(ObjectUpload(body: [1]), bucket: bucket, key: key)
        }
        let first = try await store.listObjects(bucket: bucket, prefix: "AWSLogs/", maxKeys: 2)
        #expect(first.keys == Array(keys[0..<2]))
        #expect(first.isTruncated)
        let token = try #require(first.nextContinuationToken)
        let second = try await store.listObjects(
            bucket: bucket,
            prefix: "AWSLogs/",
            continuationToken: token,
            maxKeys: 2
        )
        #expect(second.keys == Array(keys[2..<4]))
        #expect(try await store.allKeys(bucket: bucket, prefix: "AWSLogs/") == keys)
    }

    @Test func noSuchKeyCarriesTheServiceCode() async throws {
        let (store, bucket) = try await S3TestEnvironment.storeWithBucket()
        let error = await #expect(throws: ObjectStoreError(.noSuchKey, "")) {
            try await store.getObject(bucket: bucket, key: "missing key+1")
        }
        #expect(error?.serviceErrorCode == "NoSuchKey")
        #expect(error?.statusCode == 404)
    }

}

/// ``S3ObjectStore`` against a server that verifies signatures (see ``S3TestEnvironment``):
/// signatures made by the AWSSigV4 signer are accepted, a wrong secret or an unknown key is not.
///
/// With moto:
///
/// ```
/// INITIAL_NO_AUTH_ACTION_COUNT=3 moto_server -H 127.0.0.1 -p 45124 &
/// # three unauthenticated IAM calls: create_user, create_access_key, put_user_policy (s3:*)
/// OPENTRAIL_TEST_S3_AUTH_ENDPOINT=http://127.0.0.1:45124 OPENTRAIL_TEST_S3_AUTH_ACCESS_KEY_ID=AKIA… \
///     OPENTRAIL_TEST_S3_AUTH_SECRET_ACCESS_KEY=… swift test
/// ```
@Suite(
    .enabled(
        if: S3TestEnvironment.hasVerifyingServer,
        "Set OPENTRAIL_TEST_S3_AUTH_ENDPOINT and its keys, or OPENTRAIL_TEST_S3_VERIFIES_SIGNATURES=1, to run"
    )
)
struct S3SignatureVerificationTests {
    @Test func signedRequestsAreAcceptedAndAWrongSecretIsInvalidCredentials() async throws {
        let server = try #require(S3TestEnvironment.verifyingServer)
        let store = try S3TestEnvironment.store(endpoint: server.endpoint, credentials: server.credentials)
        let bucket = S3TestEnvironment.uniqueBucketName()
        try await store.createBucket(bucket)
        try await store.putObject(
            ObjectUpload(body: [1, 2], contentEncoding: "gzip", metadata: ["signature": "ab"]),
            bucket: bucket,
            key: "AWSLogs/file name.json.gz"
        )
        #expect(try await store.getObject(bucket: bucket, key: "AWSLogs/file name.json.gz").body == [1, 2])
        #expect(try await store.listObjects(bucket: bucket, prefix: "AWSLogs", maxKeys: 2).keys.count == 1)
        #expect(try await store.bucketExists(bucket))

        var wrong = server.credentials
        wrong.secretAccessKey = "definitely-not-the-secret-0123456789"
        let wrongStore = try S3TestEnvironment.store(endpoint: server.endpoint, credentials: wrong)
        let error = await #expect(throws: ObjectStoreError(.invalidCredentials, "")) {
            try await wrongStore.putObject(ObjectUpload(body: [1]), bucket: bucket, key: "k")
        }
        #expect(error?.serviceErrorCode == "SignatureDoesNotMatch")
        #expect(error.map { !String(describing: $0).contains(wrong.secretAccessKey) } == true)

        var unknown = server.credentials
        unknown.accessKeyId = "AKIAUNKNOWNUNKNOWN00"
        let unknownStore = try S3TestEnvironment.store(endpoint: server.endpoint, credentials: unknown)
        let unknownError = await #expect(throws: ObjectStoreError(.invalidCredentials, "")) {
            try await unknownStore.getObject(bucket: bucket, key: "k")
        }
        #expect(unknownError?.serviceErrorCode == "InvalidAccessKeyId")
    }
}

/// ``S3ObjectStore`` over a real HTTP client against an endpoint where nothing listens.
@Suite struct S3ObjectStoreUnreachableTests {
    @Test func aStoppedEndpointIsUnavailableAfterRetries() async throws {
        let store = try S3ObjectStore(
            configuration: S3ObjectStore.Configuration(
                endpoint: "http://127.0.0.1:1",
                region: "us-east-1",
                credentials: SigV4Credentials(accessKeyId: "testing", secretAccessKey: "testing-secret"),
                retryPolicy: ObjectStoreRetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(5)),
                // AsyncHTTPClient retries a refused connection until the deadline.
                requestTimeout: .milliseconds(500)
            ),
            httpClient: S3TestEnvironment.httpClient
        )
        let started = ContinuousClock.now
        let error = await #expect(throws: ObjectStoreError(.unavailable, "")) {
            try await store.putObject(ObjectUpload(body: [1]), bucket: "some-bucket", key: "k")
        }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(error.map { !String(describing: $0).contains("testing-secret") } == true)
    }

    @Test func anOwnedClientShutsDown() async throws {
        let store = try S3ObjectStore(
            configuration: S3ObjectStore.Configuration(
                endpoint: "http://127.0.0.1:1",
                region: "us-east-1",
                credentials: SigV4Credentials(accessKeyId: "testing", secretAccessKey: "testing"),
                retryPolicy: .none,
                requestTimeout: .milliseconds(500)
            )
        )
        await #expect(throws: ObjectStoreError(.unavailable, "")) { try await store.bucketExists("some-bucket") }
        try await store.shutdown()
    }
}
