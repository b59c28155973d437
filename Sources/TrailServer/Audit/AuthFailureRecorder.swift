import Foundation
import Logging
import TrailModel

/// Records a refused request as CloudTrail records one (`userIdentity.type` Unknown, with the access key
/// it presented), subject to the per-address limit of ``AuthFailureLimiter``.
struct AuthFailureRecorder: Sendable {
    let limiter: AuthFailureLimiter
    let recorder: AuditRecorder

    func record(
        _ failure: Authenticator.Failure,
        operation: String,
        isReadOnly: Bool,
        sourceIP: String,
        userAgent: String?,
        requestID: String,
        time: Date,
        logger: Logger
    ) async {
        let decision = await limiter.admit(
            sourceIPAddress: sourceIP,
            operation: operation,
            errorCode: failure.error.code.name,
            accessKeyId: failure.accessKeyId,
            now: time
        )
        logger.info(
            "Authentication failed",
            metadata: [
                "trail.auth.error": "\(failure.error.code)", "trail.auth.source": "\(sourceIP)",
                "trail.auth.recorded": "\(decision.record)",
            ]
        )
        guard decision.record else { return }
        var identity: [(key: String, value: JSONValue)] = [("type", .string("Unknown"))]
        if let key = failure.accessKeyId { identity.append(("accessKeyId", .string(key))) }
        let extra: JSONValue? =
            decision.suppressedBefore > 0 ? .object([("suppressedCount", .int(decision.suppressedBefore))]) : nil
        do {
            try await recorder.record(
                .init(
                    operation: operation,
                    isReadOnly: isReadOnly,
                    region: failure.region ?? recorder.defaultRegion,
                    userIdentity: .object(identity),
                    sourceIPAddress: sourceIP,
                    userAgent: userAgent,
                    requestID: requestID,
                    eventID: UUID().uuidString.lowercased(),
                    time: time,
                    requestParameters: .null,
                    responseElements: .null,
                    error: failure.error,
                    resources: [],
                    additionalEventData: extra
                )
            )
        } catch {
            logger.error("Cannot record authentication failure", metadata: ["trail.error": "\(error)"])
        }
    }

}
