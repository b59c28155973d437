/// A change of an alarm's state: what to record and which actions to run.
package struct AlarmTransition: Hashable, Sendable, Codable {
    /// The alarm's name.
    package let alarmName: String
    /// The state before.
    package let oldState: AlarmStateValue
    /// The state after.
    package let newState: AlarmStateValue
    /// When it changed, milliseconds since 1970.
    package let timestamp: Int64
    /// The new state reason.
    package let reason: String
    /// The new state reason data (JSON text), if any.
    package let reasonData: String?
    /// Whether an early evaluation decided it (see ``AlarmEvaluator``).
    package let isEarly: Bool
    /// The actions to run, in order: the alarm actions for `ALARM`, the OK actions for `OK`, the
    /// insufficient-data actions for `INSUFFICIENT_DATA`; none when the alarm's actions are disabled.
    package let actions: [String]
    /// The `StateUpdate` history entry.
    package let historyItem: AlarmHistoryItem

    /// Creates a transition.
    package init(
        alarmName: String,
        oldState: AlarmStateValue,
        newState: AlarmStateValue,
        timestamp: Int64,
        reason: String,
        reasonData: String?,
        isEarly: Bool,
        actions: [String],
        historyItem: AlarmHistoryItem
    ) {
        self.alarmName = alarmName
        self.oldState = oldState
        self.newState = newState
        self.timestamp = timestamp
        self.reason = reason
        self.reasonData = reasonData
        self.isEarly = isEarly
        self.actions = actions
        self.historyItem = historyItem
    }
}
