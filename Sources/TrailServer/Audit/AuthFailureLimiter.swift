import Foundation

/// Decides which authentication failures get a record, so a flood from one address cannot fill the disk.
///
/// Per source address, at most `limit` failures are recorded per window; the rest are counted, and the
/// count is carried by the next record for that address (or by a summary record when the window ends).
actor AuthFailureLimiter {
    struct Summary: Sendable {
        var sourceIPAddress: String
        var suppressed: Int
        var since: Date
        var lastOperation: String
        var lastErrorCode: String
        var lastAccessKeyId: String?
    }

    private struct Window {
        var start: Date
        var recorded: Int
        var suppressed: Int
        var suppressedSince: Date?
        var lastOperation = ""
        var lastErrorCode = ""
        var lastAccessKeyId: String?
    }

    /// At most this many addresses are tracked; beyond it the oldest windows are summarised early.
    static let maxTrackedAddresses = 10_000

    private let limit: Int
    private let window: TimeInterval
    private var windows: [String: Window] = [:]

    init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Whether to record this failure, and how many failures from the address went unrecorded before it.
    func admit(
        sourceIPAddress: String,
        operation: String,
        errorCode: String,
        accessKeyId: String?,
        now: Date
    ) -> (record: Bool, suppressedBefore: Int) {
        var state = windows[sourceIPAddress] ?? Window(start: now, recorded: 0, suppressed: 0)
        var carried = 0
        if now.timeIntervalSince(state.start) >= window {
            carried = state.suppressed
            state = Window(start: now, recorded: 0, suppressed: 0)
        }
        defer { windows[sourceIPAddress] = state }
        if state.recorded < limit {
            state.recorded += 1
            return (true, carried)
        }
        if state.suppressed == 0 { state.suppressedSince = now }
        state.suppressed += 1
        state.lastOperation = operation
        state.lastErrorCode = errorCode
        state.lastAccessKeyId = accessKeyId
        if windows.count > Self.maxTrackedAddresses {
            windows = windows.filter { now.timeIntervalSince($0.value.start) < window }
        }
        return (false, carried)
    }

    /// Summaries of the windows that ended with failures unrecorded; those windows are forgotten.
    func drainEnded(now: Date) -> [Summary] {
        var summaries: [Summary] = []
        for (address, state) in windows where now.timeIntervalSince(state.start) >= window {
            if state.suppressed > 0 {
                summaries.append(
                    Summary(
                        sourceIPAddress: address,
                        suppressed: state.suppressed,
                        since: state.suppressedSince ?? state.start,
                        lastOperation: state.lastOperation,
                        lastErrorCode: state.lastErrorCode,
                        lastAccessKeyId: state.lastAccessKeyId
                    )
                )
            }
            windows[address] = nil
        }
        return summaries
    }
}
