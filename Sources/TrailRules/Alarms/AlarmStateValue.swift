/// The state of an alarm (the model's `StateValue`).
package enum AlarmStateValue: String, Sendable, Hashable, Codable, CaseIterable {
    /// The metric is within the threshold.
    case ok = "OK"
    /// The metric is outside the threshold.
    case alarm = "ALARM"
    /// The alarm has just been created, or there is not enough data to decide.
    case insufficientData = "INSUFFICIENT_DATA"

    /// Parses the wire name, e.g. `INSUFFICIENT_DATA`.
    ///
    /// - Throws: ``CloudWatchError`` (`ValidationError`) naming the allowed values.
    package init(parsing text: String, member: String = "stateValue") throws(CloudWatchError) {
        guard let value = AlarmStateValue(rawValue: text) else {
            throw .notInEnumeration(text, member: member, allowed: Self.allCases.map(\.rawValue))
        }
        self = value
    }
}
