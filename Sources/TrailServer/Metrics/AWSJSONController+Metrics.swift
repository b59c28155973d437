import HTTPTypes
import Hummingbird
import TrailModel

extension AWSJSONController {
    /// The header every AWS error answer carries, naming its exception.
    static let errorTypeHeader = HTTPField.Name("x-amzn-ErrorType")!

    /// Answers one call (``respond(_:context:)``), then counts it by operation and outcome and records how
    /// long it took.
    func handle(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let metrics else { return try await respond(request, context: context) }
        return try await metrics.measured(operation: metricsOperation(request)) {
            try await respond(request, context: context)
        }
    }

    /// The `operation` label of a request: an operation this server has, or ``ServerMetrics/unknownOperation``
    /// (whatever a caller puts in `X-Amz-Target` must not grow the label set).
    func metricsOperation(_ request: Request) -> String {
        guard let target = request.headers[Self.targetHeader], target.hasPrefix(Self.cloudTrailTargetPrefix) else {
            return ServerMetrics.unknownOperation
        }
        let name = String(target.dropFirst(Self.cloudTrailTargetPrefix.count))
        return operations[name] == nil ? ServerMetrics.unknownOperation : name
    }
}

extension ServerMetrics {
    /// Runs `respond`, then counts the call by operation and outcome (the AWS error code an answer
    /// names in `x-amzn-ErrorType`, `success` otherwise, `InternalFailure` when it throws) and records
    /// how long it took.
    func measured(operation: String, _ respond: () async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await respond()
            let outcome = ServerMetrics.outcome(errorType: response.headers[AWSJSONController.errorTypeHeader])
            recordRequest(operation: operation, outcome: outcome, duration: started.duration(to: .now))
            return response
        } catch {
            recordRequest(
                operation: operation,
                outcome: CloudTrailError.Code.internalFailure.name,
                duration: started.duration(to: .now)
            )
            throw error
        }
    }
}
