import Foundation
import ServiceLifecycle
import TrailModel

/// Writes one summary record per source address whose authentication failures went unrecorded in a
/// window that has ended, so that a flood is on the record even after it stops.
struct AuthFailureSummaryService: Service {
    let limiter: AuthFailureLimiter
    let recorder: AuditRecorder
    let interval: TimeInterval
    let now: @Sendable () -> Date

    func run() async throws {
        let period = max(interval / 2, 0.05)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(period))
                try? await flush()
            }
        }
        // Shutting down: whatever was counted goes on the record now.
        try? await flush(all: true)
    }

    func flush(all: Bool = false) async throws {
        let time = now()
        let summaries = await limiter.drainEnded(now: all ? time.addingTimeInterval(interval * 2) : time)
        for summary in summaries {
            var identity: [(key: String, value: JSONValue)] = [("type", .string("Unknown"))]
            if let key = summary.lastAccessKeyId { identity.append(("accessKeyId", .string(key))) }
            try await recorder.record(
                .init(
                    operation: summary.lastOperation,
                    isReadOnly: false,
                    region: recorder.defaultRegion,
                    userIdentity: .object(identity),
                    sourceIPAddress: summary.sourceIPAddress,
                    userAgent: nil,
                    requestID: UUID().uuidString.lowercased(),
                    eventID: UUID().uuidString.lowercased(),
                    time: time,
                    requestParameters: .null,
                    responseElements: .null,
                    error: CloudTrailError(
                        .init(summary.lastErrorCode),
                        "Authentication failures from this address were not recorded one by one."
                    ),
                    resources: [],
                    additionalEventData: .object([
                        ("suppressedCount", .int(summary.suppressed)),
                        ("suppressedSince", .string(EventTime.format(summary.since))),
                    ])
                )
            )
        }
    }
}
