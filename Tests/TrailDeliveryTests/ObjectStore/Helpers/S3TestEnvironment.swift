import AWSSigV4
import AsyncHTTPClient
import Foundation
import TrailDelivery

/// The S3-compatible server the S3 tests run against, from the environment:
///
/// - `OPENTRAIL_TEST_S3_ENDPOINT`: for example `http://127.0.0.1:5000` (a `moto_server`); the S3
///   tests are skipped when it is unset.
/// - `OPENTRAIL_TEST_S3_ACCESS_KEY_ID` / `OPENTRAIL_TEST_S3_SECRET_ACCESS_KEY`: default
///   `testing` / `testing`.
/// - `OPENTRAIL_TEST_S3_REGION`: default `us-east-1`.
/// - `OPENTRAIL_TEST_S3_VERIFIES_SIGNATURES=1`: that server checks signatures (MinIO, AWS), so
///   the wrong-secret test runs against it.
/// - `OPENTRAIL_TEST_S3_AUTH_ENDPOINT` with `OPENTRAIL_TEST_S3_AUTH_ACCESS_KEY_ID` and
///   `OPENTRAIL_TEST_S3_AUTH_SECRET_ACCESS_KEY`: a second server that checks signatures, for the
///   signature tests only. moto checks signatures only when started with
///   `INITIAL_NO_AUTH_ACTION_COUNT` and called with an IAM access key it issued, and then it also
///   rejects valid signatures of keys with `+`, `=`, `:` or non-ASCII characters and of queries
///   with `/` (boto3 fails the same way), so the main suite cannot run against such a server.
enum S3TestEnvironment {
    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    private static func value(_ name: String) -> String? {
        environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var endpoint: String? { value("OPENTRAIL_TEST_S3_ENDPOINT") }

    static var isConfigured: Bool { endpoint != nil }

    /// The endpoint and credentials of a server that verifies signatures, if there is one.
    static var verifyingServer: (endpoint: String, credentials: SigV4Credentials)? {
        if let endpoint = value("OPENTRAIL_TEST_S3_AUTH_ENDPOINT"),
            let accessKeyId = value("OPENTRAIL_TEST_S3_AUTH_ACCESS_KEY_ID"),
            let secret = value("OPENTRAIL_TEST_S3_AUTH_SECRET_ACCESS_KEY")
        {
            return (endpoint, SigV4Credentials(accessKeyId: accessKeyId, secretAccessKey: secret))
        }
        if let endpoint, value("OPENTRAIL_TEST_S3_VERIFIES_SIGNATURES") == "1" {
            return (endpoint, credentials)
        }
        return nil
    }

    static var hasVerifyingServer: Bool { verifyingServer != nil }

    static var region: String {
        ProcessInfo.processInfo.environment["OPENTRAIL_TEST_S3_REGION"] ?? "us-east-1"
    }

    static var credentials: SigV4Credentials {
        SigV4Credentials(
            accessKeyId: environment["OPENTRAIL_TEST_S3_ACCESS_KEY_ID"] ?? "testing",
            secretAccessKey: environment["OPENTRAIL_TEST_S3_SECRET_ACCESS_KEY"] ?? "testing"
        )
    }

    static func configuration(
        endpoint: String? = endpoint,
        credentials: SigV4Credentials = credentials,
        retryPolicy: ObjectStoreRetryPolicy = ObjectStoreRetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(5))
    ) -> S3ObjectStore.Configuration {
        S3ObjectStore.Configuration(
            endpoint: endpoint ?? "http://127.0.0.1:1",
            region: region,
            credentials: credentials,
            retryPolicy: retryPolicy
        )
    }

    /// One client for every test, never shut down (it lives as long as the test process).
    /// `HTTPClient.shared` would not do: it decompresses `Content-Encoding: gzip` bodies.
    static let httpClient = S3ObjectStore.makeHTTPClient()

    /// A store on ``httpClient``.
    static func store(endpoint: String? = endpoint, credentials: SigV4Credentials = credentials) throws -> S3ObjectStore
    {
        try S3ObjectStore(
            configuration: configuration(endpoint: endpoint, credentials: credentials),
            httpClient: httpClient
        )
    }

    /// A store with a new bucket of a unique name.
    static func storeWithBucket() async throws -> (store: S3ObjectStore, bucket: String) {
        let store = try store()
        let bucket = uniqueBucketName()
        try await store.createBucket(bucket)
        return (store, bucket)
    }

    static func uniqueBucketName() -> String {
        "ot-test-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }
}
