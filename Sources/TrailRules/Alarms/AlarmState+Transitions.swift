extension AlarmState {
    /// Applies an evaluation of `definition` made at `timestamp`.
    ///
    /// A state that does not change, or one `ignore` retains, changes nothing here (CloudWatch keeps the
    /// reason of the last transition) and returns `nil`. A change sets the state, reason, reason data and
    /// both timestamps, and returns the transition: its `StateUpdate` history entry and the actions to run
    /// (``AlarmDefinition/actionsToRun(for:)``).
    package mutating func apply(
        _ evaluation: AlarmEvaluation,
        of definition: AlarmDefinition,
        at timestamp: Int64
    ) -> AlarmTransition? {
        guard !evaluation.isRetained, evaluation.state != value else { return nil }
        return transition(
            to: evaluation.state,
            reason: evaluation.reason,
            reasonData: evaluation.reasonDataText,
            isEarly: evaluation.isEarly,
            of: definition,
            at: timestamp
        )
    }

    /// Sets the state by hand, as SetAlarmState does.
    ///
    /// When the value differs from the current one this is a transition like any other: history entry and
    /// actions. When it does not, only the reason, reason data and update time change, and no transition
    /// is returned. The next evaluation puts the alarm back where its data says.
    package mutating func set(
        _ newValue: AlarmStateValue,
        reason: String,
        reasonData: String?,
        of definition: AlarmDefinition,
        at timestamp: Int64
    ) -> AlarmTransition? {
        guard newValue != value else {
            self.reason = reason
            self.reasonData = reasonData
            self.updatedAt = timestamp
            return nil
        }
        return transition(
            to: newValue,
            reason: reason,
            reasonData: reasonData,
            isEarly: false,
            of: definition,
            at: timestamp
        )
    }

    private mutating func transition(
        to newValue: AlarmStateValue,
        reason: String,
        reasonData: String?,
        isEarly: Bool,
        of definition: AlarmDefinition,
        at timestamp: Int64
    ) -> AlarmTransition {
        let old = self
        value = newValue
        self.reason = reason
        self.reasonData = reasonData
        updatedAt = timestamp
        transitionedAt = timestamp
        return AlarmTransition(
            alarmName: definition.name,
            oldState: old.value,
            newState: newValue,
            timestamp: timestamp,
            reason: reason,
            reasonData: reasonData,
            isEarly: isEarly,
            actions: definition.actionsToRun(for: newValue),
            historyItem: .stateUpdate(alarmName: definition.name, from: old, to: self, at: timestamp)
        )
    }
}
