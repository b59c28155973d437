/// The state of an alarm and its reason: the state members of DescribeAlarms' `MetricAlarm`.
///
/// Codable, for keeping alarms across restarts. Changes go through ``apply(_:of:at:)`` (evaluations) and
/// ``set(_:reason:reasonData:of:at:)`` (SetAlarmState), which report the ``AlarmTransition`` to record.
package struct AlarmState: Hashable, Sendable, Codable {
    /// The reason of a new alarm's first state.
    package static let initialReason = "Unchecked: Initial alarm creation"

    /// The state.
    package internal(set) var value: AlarmStateValue
    /// Why the alarm is in this state (`StateReason`).
    package internal(set) var reason: String
    /// The details of the reason as JSON text (`StateReasonData`), if any.
    package internal(set) var reasonData: String?
    /// When the state or its reason last changed (`StateUpdatedTimestamp`), milliseconds since 1970.
    package internal(set) var updatedAt: Int64
    /// When the state value last changed (`StateTransitionedTimestamp`), milliseconds since 1970.
    package internal(set) var transitionedAt: Int64

    /// The state of an alarm created at `timestamp`: `INSUFFICIENT_DATA`, "Unchecked: Initial alarm
    /// creation". No actions run for it; it is not a transition.
    package init(createdAt timestamp: Int64) {
        self.value = .insufficientData
        self.reason = Self.initialReason
        self.reasonData = nil
        self.updatedAt = timestamp
        self.transitionedAt = timestamp
    }

    /// A state as stored.
    package init(
        value: AlarmStateValue,
        reason: String,
        reasonData: String?,
        updatedAt: Int64,
        transitionedAt: Int64
    ) {
        self.value = value
        self.reason = reason
        self.reasonData = reasonData
        self.updatedAt = updatedAt
        self.transitionedAt = transitionedAt
    }
}
