import Foundation
import Hummingbird
import NIOCore
import TrailDelivery
import TrailModel

/// `POST /v1/delivery/flush` (SigV4 service `opentrail`): delivers every pending event of every trail
/// now, cutting open log files early, and answers with what was stored, for scripts and tests
/// (`opentrail flush`). It shares the native endpoints' authentication.
extension IngestController {
    struct FlushResponse: Encodable {
        var through: Int64
        var delivered: [String: [String]]
        var failures: [String: String]
        var digests: [String: [String]]
    }

    /// The optional body: `{"digests": true}` also seals every open digest chain now.
    struct FlushInput: Decodable {
        var digests: Bool?
    }

    func flush(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await adminRequest(request, context: context, operation: "FlushDelivery") { _, body, requestID in
            // An empty body is `{}`, as for the JSON API.
            guard let input = try? AWSJSON.decode(FlushInput.self, from: body) else {
                return Self.nativeError(
                    "InvalidParameter",
                    #"The body must be empty or {"digests": true|false}."#,
                    status: .badRequest,
                    requestID: requestID
                )
            }
            return try await respondToFlush(sealsDigests: input.digests ?? false, requestID: requestID)
        }
    }

    func respondToFlush(sealsDigests: Bool, requestID: String) async throws -> Response {
        guard let delivery else {
            return Self.nativeError(
                "NotConfigured",
                "Delivery is not running.",
                status: .serviceUnavailable,
                requestID: requestID
            )
        }
        let report = try await delivery.deliver(force: true, sealsDigests: sealsDigests)
        let response = FlushResponse(
            through: report.through,
            delivered: report.delivered,
            failures: report.failures,
            digests: report.digests
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(response)))
        )
    }

    /// Accepted SigV4 services of the admin endpoints (`/v1/delivery/flush`, `/v1/topics`).
    static let adminServices: Set<String> = ["opentrail"]

    /// Measures, reads (at most 64 KiB) and authenticates an admin request, then answers with `handle`,
    /// given the caller, the body and the request ID; a refused request gets AWS's error.
    func adminRequest(
        _ request: Request,
        context: AppRequestContext,
        operation: String,
        _ handle: (Authenticator.Caller, [UInt8], String) async throws -> Response
    ) async throws -> Response {
        try await measured(operation, request, context) { request, context in
            let requestID = UUID().uuidString.lowercased()
            let body = Array(try await request.body.collect(upTo: 64 * 1024).readableBytesView)
            switch await authenticate(
                request,
                body: body,
                services: Self.adminServices,
                operation: operation,
                time: now(),
                requestID: requestID,
                context: context
            ) {
            case .failure(let failure):
                return Self.refusal(failure, requestID: requestID)
            case .success(let caller):
                return try await handle(caller, body, requestID)
            }
        }
    }
}
