import AWSSigV4
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// An ``ObjectStore`` on any S3-compatible service (AWS S3, MinIO, Ceph, moto), over
/// AsyncHTTPClient, with SigV4 (service `s3`, `x-amz-content-sha256` carrying the payload hash).
///
/// Keys are sent percent-encoded segment by segment (S3 neither normalises nor double-encodes
/// paths, so the wire path is the canonical URI). Connection failures, 5xx answers and throttling
/// are retried with jittered exponential backoff (``ObjectStoreRetryPolicy``); other 4xx answers
/// are not. Error messages never contain the secret key, session token or signature.
///
/// A store made with ``init(configuration:logger:)`` owns its HTTP client: call ``shutdown()``
/// when done. One made with ``init(configuration:httpClient:logger:)`` uses the caller's client,
/// which must neither decompress responses (a `Content-Encoding: gzip` object would come back
/// inflated, or fail to) nor follow redirects: ``makeHTTPClient()`` makes such a client.
/// `HTTPClient.shared` does both and must not be used.
package struct S3ObjectStore: ObjectStore {
    /// The store's configuration.
    package let configuration: Configuration
    let endpoint: S3Endpoint
    let signer: SigV4Signer
    let transport: any S3Transport
    let logger: Logger
    let now: @Sendable () -> Date
    let sleep: @Sendable (Duration) async throws -> Void
    private let ownedClient: HTTPClient?

    /// Creates a store that sends its requests through `transport` (tests use a closure).
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, region, credentials, addressing and retries.
    ///   - transport: What sends the signed requests.
    ///   - logger: Where retries are logged (at debug level).
    ///   - now: The signing clock.
    ///   - sleep: How the store waits between attempts.
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when the endpoint is not a URL.
    package init(
        configuration: Configuration,
        transport: any S3Transport,
        logger: Logger = S3ObjectStore.disabledLogger,
        now: @escaping @Sendable () -> Date = { Date() },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) throws {
        try self.init(
            configuration: configuration,
            transport: transport,
            ownedClient: nil,
            logger: logger,
            now: now,
            sleep: sleep
        )
    }

    /// Creates a store that uses the caller's HTTP client (which the caller shuts down).
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, region, credentials, addressing and retries.
    ///   - httpClient: The client to send requests with; it must not decompress responses or
    ///     follow redirects (see ``makeHTTPClient()``).
    ///   - logger: Where retries are logged (at debug level).
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when the endpoint is not a URL.
    package init(
        configuration: Configuration,
        httpClient: HTTPClient,
        logger: Logger = S3ObjectStore.disabledLogger
    )
        throws
    {
        try self.init(
            configuration: configuration,
            transport: Self.transport(httpClient, configuration: configuration, logger: logger),
            ownedClient: nil,
            logger: logger,
            now: { Date() },
            sleep: { try await Task.sleep(for: $0) }
        )
    }

    /// Creates a store with its own HTTP client, which does not follow redirects; call
    /// ``shutdown()`` when done.
    ///
    /// - Parameters:
    ///   - configuration: Endpoint, region, credentials, addressing and retries.
    ///   - logger: Where retries are logged (at debug level).
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` when the endpoint is not a URL.
    package init(configuration: Configuration, logger: Logger = S3ObjectStore.disabledLogger) throws {
        _ = try S3Endpoint(configuration.endpoint)
        let client = Self.makeHTTPClient()
        try self.init(
            configuration: configuration,
            transport: Self.transport(client, configuration: configuration, logger: logger),
            ownedClient: client,
            logger: logger,
            now: { Date() },
            sleep: { try await Task.sleep(for: $0) }
        )
    }

    private init(
        configuration: Configuration,
        transport: any S3Transport,
        ownedClient: HTTPClient?,
        logger: Logger,
        now: @escaping @Sendable () -> Date,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) throws {
        self.configuration = configuration
        self.endpoint = try S3Endpoint(configuration.endpoint)
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3")
        self.transport = transport
        self.ownedClient = ownedClient
        self.logger = logger
        self.now = now
        self.sleep = sleep
    }

    /// A new HTTP client fit for S3: no response decompression, no redirects, a 10 s connect
    /// timeout. The caller shuts it down.
    ///
    /// AsyncHTTPClient keeps retrying a refused connection until the request's deadline, so an
    /// unreachable endpoint costs ``Configuration/requestTimeout`` per attempt.
    /// - Parameter connectionsPerHost: HTTP/1.1 connections kept per host, enough for the requests a reader
    ///   keeps in flight (`validate-logs` runs 32).
    package static func makeHTTPClient(connectionsPerHost: Int = 32) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10)),
            decompression: .disabled
        )
        // No distributed tracing: AsyncHTTPClient otherwise makes a span per request with the global
        // (no-op) tracer, which costs a dynamic cast and attribute work on every request.
        configuration.tracing.tracer = nil
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost
        )
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    /// Shuts down the HTTP client the store created; does nothing for a client passed in.
    package func shutdown() async throws {
        try await ownedClient?.shutdown()
    }

    /// A logger that discards everything, the default.
    package static let disabledLogger = Logger(label: "opentrail.objectstore.s3") { _ in SwiftLogNoOpLogHandler() }

    private static func transport(
        _ client: HTTPClient,
        configuration: Configuration,
        logger: Logger
    )
        -> HTTPClientS3Transport
    {
        let (seconds, attoseconds) = configuration.requestTimeout.components
        return HTTPClientS3Transport(
            client: client,
            timeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000),
            maximumResponseSize: configuration.maximumObjectSize,
            logger: logger
        )
    }

    // MARK: - Buckets

    /// Creates a bucket in the configured region (S3 `CreateBucket`); a bucket the caller already
    /// owns counts as created.
    ///
    /// - Parameter bucket: The bucket name.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/bucketAlreadyExists`` when another
    ///   account has it).
    package func createBucket(_ bucket: String) async throws {
        try ObjectNaming.validateBucketName(bucket)
        var call = Call(operation: "CreateBucket", method: "PUT", bucket: bucket)
        if configuration.region != "us-east-1" {
            call.body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(configuration.region)</LocationConstraint></CreateBucketConfiguration>")
                    .utf8
            )
            call.headers.append((name: "Content-Type", value: "application/xml"))
        }
        let answer = try await execute(call)
        if answer.response.isSuccess || S3ErrorResponse(answer.response).code == "BucketAlreadyOwnedByYou" { return }
        throw answer.error(for: call)
    }

    package func bucketExists(_ bucket: String) async throws -> Bool {
        try ObjectNaming.validateBucketName(bucket)
        let call = Call(operation: "HeadBucket", method: "HEAD", bucket: bucket)
        let answer = try await execute(call)
        switch answer.response.status {
        case 200..<300: return true
        case 404: return false
        // The bucket exists in another region.
        case 301: return true
        default: throw answer.error(for: call)
        }
    }

    package func bucketRegion(_ bucket: String) async throws -> String {
        try ObjectNaming.validateBucketName(bucket)
        let call = Call(
            operation: "GetBucketLocation",
            method: "GET",
            bucket: bucket,
            query: Self.query([(name: "location", value: nil)])
        )
        let answer = try await execute(call)
        guard answer.response.isSuccess else { throw answer.error(for: call) }
        guard let document = S3XMLElement.parse(answer.response.body), document.name == "LocationConstraint" else {
            throw ObjectStoreError(.other, "GetBucketLocation \(bucket) returned an unreadable answer")
        }
        switch document.text.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "": return "us-east-1"
        case "EU": return "eu-west-1"
        case let region: return region
        }
    }

    // MARK: - Objects

    package func putObject(_ object: ObjectUpload, bucket: String, key: String) async throws {
        try ObjectNaming.validateBucketName(bucket)
        try ObjectNaming.validateKey(key)
        let metadata = try ObjectNaming.normalizedMetadata(object.metadata)
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: object.contentType)]
        if let contentEncoding = object.contentEncoding {
            headers.append((name: "Content-Encoding", value: contentEncoding))
        }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append((name: "x-amz-meta-\(name)", value: value))
        }
        if case .kms(let keyId) = object.encryption {
            headers.append((name: "x-amz-server-side-encryption", value: ObjectEncryption.kmsAlgorithm))
            if !keyId.isEmpty {
                headers.append((name: "x-amz-server-side-encryption-aws-kms-key-id", value: keyId))
            }
        }
        let call = Call(
            operation: "PutObject",
            method: "PUT",
            bucket: bucket,
            key: key,
            headers: headers,
            body: object.body
        )
        let answer = try await execute(call)
        guard answer.response.isSuccess else { throw answer.error(for: call) }
    }

    package func getObject(bucket: String, key: String) async throws -> StoredObject {
        try ObjectNaming.validateBucketName(bucket)
        try ObjectNaming.validateKey(key)
        let call = Call(operation: "GetObject", method: "GET", bucket: bucket, key: key)
        let answer = try await execute(call)
        guard answer.response.isSuccess else { throw answer.error(for: call) }
        var info = objectInfo(key: key, response: answer.response)
        info.size = answer.response.body.count
        return StoredObject(info: info, body: answer.response.body)
    }

    package func headObject(bucket: String, key: String) async throws -> ObjectInfo? {
        try ObjectNaming.validateBucketName(bucket)
        try ObjectNaming.validateKey(key)
        let call = Call(operation: "HeadObject", method: "HEAD", bucket: bucket, key: key)
        let answer = try await execute(call)
        if answer.response.status == 404 { return nil }
        guard answer.response.isSuccess else { throw answer.error(for: call) }
        return objectInfo(key: key, response: answer.response)
    }

    /// The information S3 sends in the headers of `GetObject` and `HeadObject`.
    private func objectInfo(key: String, response: S3HTTPResponse) -> ObjectInfo {
        var metadata: [String: String] = [:]
        let metaPrefix = "x-amz-meta-"
        for header in response.headers {
            let name = header.name.lowercased()
            if name.hasPrefix(metaPrefix) {
                metadata[String(name.dropFirst(metaPrefix.count))] = header.value
            }
        }
        var encryption: ObjectEncryption?
        if response.header("x-amz-server-side-encryption") == ObjectEncryption.kmsAlgorithm {
            encryption = .kms(keyId: response.header("x-amz-server-side-encryption-aws-kms-key-id") ?? "")
        }
        return ObjectInfo(
            key: key,
            size: response.header("Content-Length").flatMap { Int($0) } ?? response.body.count,
            lastModified: response.header("Last-Modified").flatMap(S3Timestamp.parseHTTPDate) ?? now(),
            contentType: response.header("Content-Type"),
            contentEncoding: response.header("Content-Encoding"),
            metadata: metadata,
            eTag: response.header("ETag"),
            encryption: encryption
        )
    }
}
