import TrailModel

extension AlarmHistoryItem {
    /// The creation of an alarm: summary `Alarm "<name>" created`, data
    /// `{"version":"1.0","type":"Create","createdAlarm":{…}}`.
    package static func created(
        _ definition: AlarmDefinition,
        state: AlarmState,
        at timestamp: Int64
    ) -> AlarmHistoryItem {
        let data = JSONValue.object([
            ("version", .string("1.0")),
            ("type", .string("Create")),
            ("createdAlarm", configuration(definition, state: state, updatedAt: timestamp)),
        ])
        return AlarmHistoryItem(
            alarmName: definition.name,
            timestamp: timestamp,
            type: .configurationUpdate,
            summary: "Alarm \"\(definition.name)\" created",
            data: data.serializedString
        )
    }

    /// A change of an alarm's configuration (PutMetricAlarm on an existing alarm, which keeps its state):
    /// summary `Alarm "<name>" updated`, data
    /// `{"version":"1.0","type":"Update","updatedAlarm":{…},"originalUpdatedFields":{…}}` where the last
    /// member holds the previous values of the fields that changed.
    package static func updated(
        from old: AlarmDefinition,
        to new: AlarmDefinition,
        state: AlarmState,
        at timestamp: Int64
    ) -> AlarmHistoryItem {
        let before = fields(old)
        let after = fields(new)
        let changed = before.filter { member in
            after.first(where: { $0.key == member.key })?.value != member.value
        }
        let data = JSONValue.object([
            ("version", .string("1.0")),
            ("type", .string("Update")),
            ("updatedAlarm", configuration(new, state: state, updatedAt: timestamp)),
            ("originalUpdatedFields", .object(changed)),
        ])
        return AlarmHistoryItem(
            alarmName: new.name,
            timestamp: timestamp,
            type: .configurationUpdate,
            summary: "Alarm \"\(new.name)\" updated",
            data: data.serializedString
        )
    }

    /// The alarm as CloudWatch's configuration history data shows it.
    private static func configuration(_ definition: AlarmDefinition, state: AlarmState, updatedAt: Int64) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("alarmName", .string(definition.name))]
        if let description = definition.description { members.append(("alarmDescription", .string(description))) }
        members.append(("alarmConfigurationUpdatedTimestamp", .string(CloudWatchFormat.timestamp(updatedAt))))
        members += fields(definition).filter { $0.key != "alarmDescription" }
        members.append(("stateValue", .string(state.value.rawValue)))
        members.append(("stateUpdatedTimestamp", .string(CloudWatchFormat.timestamp(state.updatedAt))))
        return .object(members)
    }

    /// The configurable fields of an alarm, with CloudWatch's member names (including its `okactions`).
    private static func fields(_ definition: AlarmDefinition) -> [(key: String, value: JSONValue)] {
        var members: [(key: String, value: JSONValue)] = []
        members.append(("alarmDescription", definition.description.map { .string($0) } ?? .null))
        members.append(("namespace", .string(definition.metric.namespace.value)))
        members.append(("metricName", .string(definition.metric.name.value)))
        members.append(("statistic", .string(definition.statistic.rawValue)))
        members.append(("period", .int(definition.period)))
        members.append(("threshold", CloudWatchFormat.json(definition.threshold)))
        members.append(("comparisonOperator", .string(definition.comparisonOperator.rawValue)))
        members.append(("evaluationPeriods", .int(definition.evaluationPeriods)))
        members.append(("datapointsToAlarm", .int(definition.datapointsToAlarm)))
        members.append(("treatMissingData", .string(definition.treatMissingData.rawValue)))
        members.append(("evaluationWindow", .string(definition.evaluationWindow.rawValue)))
        members.append(("actionsEnabled", .bool(definition.actionsEnabled)))
        members.append(("alarmActions", .array(definition.alarmActions.map { .string($0) })))
        members.append(("insufficientDataActions", .array(definition.insufficientDataActions.map { .string($0) })))
        members.append(("okactions", .array(definition.okActions.map { .string($0) })))
        return members
    }
}
