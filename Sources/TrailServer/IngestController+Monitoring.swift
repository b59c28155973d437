import Foundation
import Hummingbird
import Logging
import TrailModel
import TrailRules

/// `POST /v1/{logs,alarms,rules,monitors}/{Action}` (SigV4 service `opentrail`, root only): the monitoring
/// API of `docs/MONITORING.md`. Every call, refused or not, is put on the record as CloudTrail records calls
/// to CloudWatch Logs, CloudWatch and EventBridge.
extension IngestController {
    func monitoring(_ request: Request, context: AppRequestContext, area: String) async throws -> Response {
        let name = context.parameters.get("action") ?? ""
        guard let api = monitoringAPI, let action = MonitoringAPI.action(area: area, name: name) else {
            return Self.nativeError(
                "ResourceNotFoundException",
                "There is no action \(area)/\(name).",
                status: .notFound,
                requestID: UUID().uuidString.lowercased()
            )
        }
        return try await adminRequest(request, context: context, operation: name) { caller, body, requestID in
            let time = now()
            var answer: JSONValue = .object([])
            var failure: MonitorError?
            // CloudWatch's own error name (ValidationError, ...) where it has one.
            var failureName: String?
            var parameters: JSONValue = .null
            if caller.principal.kind != .root {
                failure = MonitorError(.accessDenied, "Only the root principal may manage monitors.")
            } else {
                do {
                    let input = try MonitoringInput(bytes: body)
                    parameters = input.redacted
                    answer = try await api.perform(area: area, action: name, input)
                } catch let error as MonitorError {
                    failure = error
                } catch let error as CloudWatchError {
                    failure = MonitorError(.invalidParameter, error.reason)
                    failureName = error.code.name
                } catch {
                    context.logger.error(
                        "Monitoring call failed",
                        metadata: ["trail.operation": "\(name)", "trail.error": "\(error)"]
                    )
                    failure = MonitorError(.internalFailure, "The call failed; the server log has the details.")
                }
            }
            do {
                try await recorder?.record(
                    .init(
                        operation: name,
                        isReadOnly: action.isReadOnly,
                        region: caller.region,
                        userIdentity: caller.principal.userIdentity,
                        sourceIPAddress: context.sourceIPAddress,
                        userAgent: request.headers[.userAgent],
                        requestID: requestID,
                        eventID: UUID().uuidString.lowercased(),
                        time: time,
                        requestParameters: parameters == .object([]) ? .null : parameters,
                        responseElements: action.isReadOnly || failure != nil || answer == .object([]) ? .null : answer,
                        error: nil,
                        resources: [],
                        additionalEventData: nil,
                        eventSource: action.eventSource,
                        failure: failure.map { (failureName ?? $0.code.name, $0.reason) }
                    )
                )
            } catch {
                context.logger.error(
                    "Cannot record call",
                    metadata: ["trail.operation": "\(name)", "trail.error": "\(error)"]
                )
                return Self.nativeError(
                    "InternalFailure",
                    "The call could not be recorded.",
                    status: .internalServerError,
                    requestID: requestID
                )
            }
            if let failure {
                return Self.nativeError(
                    failureName ?? failure.code.name,
                    failure.reason,
                    status: .init(code: failure.code.httpStatus),
                    requestID: requestID
                )
            }
            return Self.json(answer)
        }
    }
}
