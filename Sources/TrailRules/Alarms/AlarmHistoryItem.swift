import TrailModel

/// One entry of an alarm's history, as DescribeAlarmHistory returns it.
package struct AlarmHistoryItem: Hashable, Sendable, Codable {
    /// The alarm's name.
    package let alarmName: String
    /// When it happened, milliseconds since 1970.
    package let timestamp: Int64
    /// What kind of entry this is.
    package let type: ItemType
    /// The summary, e.g. `Alarm updated from OK to ALARM` (at most 255 characters).
    package let summary: String
    /// The details as JSON text (at most 4095 characters).
    package let data: String

    /// The longest history data CloudWatch returns (the model's `HistoryData`, `max` 4095).
    package static let maximumDataLength = 4095

    /// Creates an entry.
    package init(alarmName: String, timestamp: Int64, type: ItemType, summary: String, data: String) {
        self.alarmName = alarmName
        self.timestamp = timestamp
        self.type = type
        self.summary = summary
        self.data = data
    }

    /// The alarm type DescribeAlarmHistory reports: always `MetricAlarm` here.
    package var alarmType: String { "MetricAlarm" }

    /// A state change: summary `Alarm updated from OK to ALARM`, data
    /// `{"version":"1.0","oldState":{"stateValue":…,"stateReason":…,"stateReasonData":{…}},"newState":{…}}`
    /// with the reason data embedded as JSON (dropped, old state's first, if the data would exceed 4095
    /// characters).
    package static func stateUpdate(
        alarmName: String,
        from old: AlarmState,
        to new: AlarmState,
        at timestamp: Int64
    ) -> AlarmHistoryItem {
        func state(_ state: AlarmState, withData: Bool) -> JSONValue {
            var members: [(key: String, value: JSONValue)] = [
                ("stateValue", .string(state.value.rawValue)),
                ("stateReason", .string(state.reason)),
            ]
            if withData, let text = state.reasonData {
                members.append(("stateReasonData", (try? JSONValue(parsing: text)) ?? .string(text)))
            }
            return .object(members)
        }
        func document(oldData: Bool, newData: Bool) -> String {
            JSONValue.object([
                ("version", .string("1.0")),
                ("oldState", state(old, withData: oldData)),
                ("newState", state(new, withData: newData)),
            ]).serializedString
        }
        var data = document(oldData: true, newData: true)
        if ModelConstraint.length(data) > maximumDataLength { data = document(oldData: false, newData: true) }
        if ModelConstraint.length(data) > maximumDataLength { data = document(oldData: false, newData: false) }
        return AlarmHistoryItem(
            alarmName: alarmName,
            timestamp: timestamp,
            type: .stateUpdate,
            summary: "Alarm updated from \(old.value.rawValue) to \(new.value.rawValue)",
            data: data
        )
    }

    /// An action run for a transition: summary `Successfully executed action <action>` or
    /// `Failed to execute action <action>`, data `{"actionState":"Succeeded","notificationResource":…}`.
    package static func action(
        alarmName: String,
        action: String,
        succeeded: Bool,
        at timestamp: Int64
    ) -> AlarmHistoryItem {
        let data = JSONValue.object([
            ("actionState", .string(succeeded ? "Succeeded" : "Failed")),
            ("notificationResource", .string(action)),
        ])
        return AlarmHistoryItem(
            alarmName: alarmName,
            timestamp: timestamp,
            type: .action,
            summary: succeeded ? "Successfully executed action \(action)" : "Failed to execute action \(action)",
            data: data.serializedString
        )
    }
}
