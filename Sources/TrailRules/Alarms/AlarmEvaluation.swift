import TrailModel

/// The outcome of evaluating an alarm once: the state it should be in and why.
///
/// ``reason`` and ``reasonData`` are CloudWatch's `StateReason` and `StateReasonData`; they describe the
/// evaluation whether or not the state changes (``AlarmState`` records them only on a change, as
/// CloudWatch keeps the reason of the last transition).
package struct AlarmEvaluation: Hashable, Sendable {
    /// The state the alarm should be in: the previous state when ``isRetained``.
    package let state: AlarmStateValue
    /// Whether `treatMissingData` `ignore` kept the previous state because data was too scarce to decide.
    package let isRetained: Bool
    /// Whether the state was decided early: with the period in progress counted as breaching (see
    /// ``AlarmEvaluator``).
    package let isEarly: Bool
    /// The state reason, e.g. `Threshold Crossed: 1 out of the last 1 datapoints [5.0 (26/11/21 10:03:00)]
    /// was greater than or equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM
    /// transition).`; empty when the state is retained.
    package let reason: String
    /// The state reason data (CloudWatch's JSON document), `nil` when the state is retained.
    package let reasonData: JSONValue?
    /// The periods that decided the state, newest first: the evaluated datapoints, including missing
    /// periods that were filled or counted as unknown.
    package let datapoints: [Datapoint]
    /// When the evaluation ran, milliseconds since 1970.
    package let evaluatedAt: Int64

    /// Creates an evaluation.
    package init(
        state: AlarmStateValue,
        isRetained: Bool,
        isEarly: Bool,
        reason: String,
        reasonData: JSONValue?,
        datapoints: [Datapoint],
        evaluatedAt: Int64
    ) {
        self.state = state
        self.isRetained = isRetained
        self.isEarly = isEarly
        self.reason = reason
        self.reasonData = reasonData
        self.datapoints = datapoints
        self.evaluatedAt = evaluatedAt
    }

    /// The reason data as compact JSON text, `nil` when the state is retained.
    package var reasonDataText: String? { reasonData?.serializedString }
}
