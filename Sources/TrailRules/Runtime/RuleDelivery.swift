import TrailStore

/// A matched event on its way to one rule target, kept in the control store until it is delivered
/// (kind ``pendingKind``) or, after its last attempt, kept for inspection and replay (kind ``failedKind``).
package struct RuleDelivery: Codable, Sendable, Hashable {
    package static let pendingKind = "rule-delivery"
    package static let failedKind = "rule-failure"

    package var rule: String
    package var targetID: String
    /// The log sequence of the record.
    package var sequence: Int64
    /// The EventBridge envelope JSON.
    package var event: String
    package var attempts: Int
    /// Epoch milliseconds.
    package var enqueuedAt: Int64
    package var nextAttemptAt: Int64
    package var lastError: String?
    package var failedAt: Int64?

    package init(rule: String, targetID: String, sequence: Int64, event: String, enqueuedAt: Int64) {
        self.rule = rule
        self.targetID = targetID
        self.sequence = sequence
        self.event = event
        self.attempts = 0
        self.enqueuedAt = enqueuedAt
        self.nextAttemptAt = enqueuedAt
    }

    /// The id of a pending delivery: in order of when it is due, then of its record, so the deliveries that
    /// are due are one range of the index, however many wait out their backoff.
    package var pendingID: String {
        ControlID.padded(nextAttemptAt, width: 15) + "|" + ControlID.padded(sequence, width: 20) + "|" + rule + "|"
            + targetID
    }

    /// The id of a failed delivery: in order of failure.
    package var failedID: String {
        ControlID.padded(failedAt ?? 0, width: 15) + "|" + ControlID.padded(sequence, width: 20) + "|" + rule + "|"
            + targetID
    }
}
