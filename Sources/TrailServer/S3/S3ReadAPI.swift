import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TrailDelivery

/// The embedded local-directory store served read-only through S3's REST protocol on OpenTrail's own
/// port, so that `aws s3`, `aws s3api`, boto3 and `aws cloudtrail validate-logs` read delivered log
/// files without an external S3.
///
/// Requests reach it through ``S3RequestDispatcher`` when they are signed for service `s3`. Each is
/// authenticated with SigV4 (S3's canonicalisation: no path normalisation, `UNSIGNED-PAYLOAD` allowed),
/// then served: `ListBuckets`, `GetBucketLocation`, `HeadBucket`, `ListObjects`, `ListObjectsV2`,
/// `GetObject` and `HeadObject`, with path-style addressing (and virtual-hosted style under
/// `localhost`). Writes are refused with `AccessDenied`; other sub-resources answer `NotImplemented`.
///
/// Objects the store encrypted for a trail with a `KmsKeyId` are served, decrypted, only to root and to
/// users whose configuration says `decryptsObjects: true`, as S3 serves SSE-KMS objects only to
/// principals allowed to use the key; others get `AccessDenied` (listings still show such objects).
///
/// When the configured object store is an external S3 service, every request answers `NotImplemented`:
/// read that service directly.
struct S3ReadAPI: Sendable {
    /// S3's request ID header, on every answer.
    static let requestIDHeader = HTTPField.Name("x-amz-request-id")!
    /// The region of a bucket, on `HeadBucket` answers.
    static let bucketRegionHeader = HTTPField.Name("x-amz-bucket-region")!
    /// The largest body a read request may carry (they normally carry none).
    static let maxBodySize = 64 * 1024

    /// The local store, or `nil` when the server delivers to an external S3 service.
    let store: LocalDirectoryStore?
    /// Verifies signatures for service `s3`, without path normalisation.
    let authenticator: Authenticator
    /// The account that owns every bucket (`Owner` of listings).
    let accountId: String
    /// Access key IDs of the users allowed to read encrypted objects (root always is).
    let decryptingAccessKeyIds: Set<String>
    /// The clock for signature times.
    let now: @Sendable () -> Date
    /// Counts and times answers by operation and outcome.
    let metrics: ServerMetrics?

    /// Creates the API.
    ///
    /// - Parameters:
    ///   - store: The local store, or `nil` when delivery goes to an external S3 service.
    ///   - authenticator: An authenticator that does not normalise paths.
    ///   - accountId: The account that owns the buckets.
    ///   - decryptingAccessKeyIds: Users (by access key ID) that may read encrypted objects.
    ///   - metrics: Where answers are counted, if anywhere.
    ///   - now: The clock.
    init(
        store: LocalDirectoryStore?,
        authenticator: Authenticator,
        accountId: String,
        decryptingAccessKeyIds: Set<String>,
        metrics: ServerMetrics? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.authenticator = authenticator
        self.accountId = accountId
        self.decryptingAccessKeyIds = decryptingAccessKeyIds
        self.metrics = metrics
        self.now = now
    }

    /// Creates the API of a server.
    ///
    /// - Parameters:
    ///   - configuration: The server's configuration: account, regions, clock skew, users.
    ///   - objects: The configured object store; only a ``LocalDirectoryStore`` is served.
    ///   - principals: The access keys the server accepts.
    ///   - metrics: Where answers are counted, if anywhere.
    ///   - now: The clock.
    init(
        configuration: ServerConfiguration,
        objects: any ObjectStore,
        principals: PrincipalDirectory,
        metrics: ServerMetrics? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(
            store: objects as? LocalDirectoryStore,
            authenticator: Authenticator(
                principals: principals,
                allowedClockSkew: configuration.allowedClockSkew,
                regions: Set(configuration.regions),
                normalizesPath: false
            ),
            accountId: configuration.accountId,
            decryptingAccessKeyIds: Set(
                configuration.principals.filter { $0.decryptsObjects == true }.map(\.accessKeyId)
            ),
            metrics: metrics,
            now: now
        )
    }

    /// Answers one S3 request; never throws (every failure is an S3 error answer).
    func respond(to request: Request, context: some RequestContext) async -> Response {
        let started = ContinuousClock.now
        let requestID = Self.makeRequestID()
        let isHead = request.method == .head
        var operation: S3Operation?
        var isAuthenticationFailure = false
        var isBodyRead = false
        var outcome = ServerMetrics.success
        var response: Response
        do {
            let target = try S3Target(
                target: request.head.path ?? "/",
                // As the authenticator reads it: the Host header, else HTTP/1.1's host as authority.
                host: request.headers[Authenticator.hostField] ?? request.head.authority
            )
            let chosen = try S3Operation(method: request.method, target: target)
            operation = chosen
            let body = try await readBody(request)
            isBodyRead = true
            let caller: Authenticator.Caller
            do {
                caller = try await authenticate(request, body: body)
            } catch {
                isAuthenticationFailure = true
                throw error
            }
            guard let store else {
                throw S3APIError(
                    .notImplemented,
                    "OpenTrail delivers to an external S3 service: read the log files from that service directly."
                )
            }
            response = try await perform(chosen, target: target, request: request, caller: caller, store: store)
        } catch {
            let answer = Self.s3Error(error, operation: operation)
            if answer.code == .internalError || answer.code == .serviceUnavailable {
                context.logger.error(
                    "S3 request failed",
                    metadata: [
                        "trail.s3.operation": "\(operation?.name ?? S3Operation.unknownName)",
                        "trail.s3.request_id": "\(requestID)",
                        "trail.error": "\(error)",
                    ]
                )
            }
            outcome = isAuthenticationFailure ? ServerMetrics.authFailure : answer.code.name
            response = Self.errorResponse(answer, isHead: isHead, requestID: requestID)
        }
        response.headers[Self.requestIDHeader] = requestID
        if !isBodyRead, Self.declaresBody(request) {
            // A refused write's body is never read, and a client that sent `Expect: 100-continue` will not
            // send it: the connection cannot carry another request, so the client must not reuse it.
            response.headers[.connection] = "close"
        }
        metrics?.recordRequest(
            operation: operation?.name ?? S3Operation.unknownName,
            outcome: outcome,
            duration: started.duration(to: .now)
        )
        return response
    }

    /// Runs an authenticated operation on the local store.
    private func perform(
        _ operation: S3Operation,
        target: S3Target,
        request: Request,
        caller: Authenticator.Caller,
        store: LocalDirectoryStore
    ) async throws -> Response {
        switch operation {
        case .listBuckets:
            return try await listBuckets(store: store)
        case .getBucketLocation(let bucket):
            return try await getBucketLocation(bucket, store: store)
        case .headBucket(let bucket):
            return try await headBucket(bucket, store: store)
        case .listObjects(let bucket):
            return try await listObjects(bucket, target: target, version: .one, store: store)
        case .listObjectsV2(let bucket):
            return try await listObjects(bucket, target: target, version: .two, store: store)
        case .getObject(let bucket, let key):
            return try await getObject(
                bucket: bucket,
                key: key,
                target: target,
                request: request,
                principal: caller.principal,
                store: store
            )
        case .headObject(let bucket, let key):
            return try await headObject(
                bucket: bucket,
                key: key,
                target: target,
                request: request,
                principal: caller.principal,
                store: store
            )
        }
    }

    // MARK: - Answers

    /// An XML document answer.
    static func xmlResponse(_ document: S3XMLWriter, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "application/xml"],
            body: .init(byteBuffer: ByteBuffer(string: document.text))
        )
    }

    /// An error answer: the `<Error>` document, or for `HEAD` the status alone.
    static func errorResponse(_ error: S3APIError, isHead: Bool, requestID: String) -> Response {
        guard !isHead else { return Response(status: error.code.status) }
        var xml = S3XMLWriter()
        xml.element("Error") { xml in
            xml.element("Code", error.code.name)
            xml.element("Message", error.message)
            for detail in error.details {
                xml.element(detail.name, detail.value)
            }
            xml.element("RequestId", requestID)
        }
        return xmlResponse(xml, status: error.code.status)
    }

    /// The S3 error to answer a failure with. Store failures the caller cannot act on (I/O, permissions,
    /// decryption) become `InternalError` or `ServiceUnavailable` without details; the log has them.
    static func s3Error(_ error: any Error, operation: S3Operation?) -> S3APIError {
        if let error = error as? S3APIError { return error }
        guard let error = error as? ObjectStoreError else {
            return S3APIError(.internalError, "We encountered an internal error. Please try again.")
        }
        var bucket: String?
        var key: String?
        switch operation {
        case .getBucketLocation(let name), .headBucket(let name), .listObjects(let name), .listObjectsV2(let name):
            bucket = name
        case .getObject(let name, let objectKey), .headObject(let name, let objectKey):
            bucket = name
            key = objectKey
        case .listBuckets, nil:
            break
        }
        switch error.code {
        case .noSuchBucket:
            return .noSuchBucket(bucket ?? "")
        case .noSuchKey:
            return .noSuchKey(key ?? "")
        case .invalidArgument:
            // A key the local store cannot hold (`a//b`, `../x`) cannot exist.
            if let key { return .noSuchKey(key) }
            return S3APIError(.invalidArgument, error.message)
        case .unavailable, .throttled:
            return S3APIError(.serviceUnavailable, "The object store is unavailable. Please try again.")
        default:
            return S3APIError(.internalError, "We encountered an internal error. Please try again.")
        }
    }

    /// An S3-style request ID: 16 uppercase hexadecimal digits.
    static func makeRequestID() -> String {
        let digits = String(UInt64.random(in: .min ... .max), radix: 16, uppercase: true)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
