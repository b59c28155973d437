import Foundation
import Hummingbird
import NIOCore
import TrailDelivery
import TrailModel

/// `POST /v1/delivery/flush` (SigV4 service `opentrail`): delivers every pending event of every trail
/// now, cutting open log files early, and answers with what was stored, for scripts and tests
/// (`opentrail flush`). It shares the native endpoints' authentication.
extension IngestController {
    static let flushServices: Set<String> = ["opentrail"]

    struct FlushResponse: Encodable {
        var through: Int64
        var delivered: [String: [String]]
        var failures: [String: String]
    }

    func flush(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await measured("FlushDelivery", request, context, respondToFlush)
    }

    func respondToFlush(_ request: Request, context: AppRequestContext) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let body = try await request.body.collect(upTo: 64 * 1024)
        if case .failure(let failure) = await authenticate(
            request,
            body: Array(body.readableBytesView),
            services: Self.flushServices,
            operation: "FlushDelivery",
            time: now(),
            requestID: requestID,
            context: context
        ) {
            return Self.refusal(failure, requestID: requestID)
        }
        guard let delivery else {
            return Self.nativeError(
                "NotConfigured",
                "Delivery is not running.",
                status: .serviceUnavailable,
                requestID: requestID
            )
        }
        let report = try await delivery.deliver(force: true)
        let response = FlushResponse(through: report.through, delivered: report.delivered, failures: report.failures)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(response)))
        )
    }
}
