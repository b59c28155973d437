import TrailModel
import TrailRules

extension MonitorSettings {
    /// An alarm of the config file: PutMetricAlarm's members.
    struct AlarmEntry: Sendable, Codable {
        var alarmName: String
        var alarmDescription: String?
        var namespace: String
        var metricName: String
        var statistic: String
        var period: Int
        var evaluationPeriods: Int
        var datapointsToAlarm: Int?
        var threshold: Double
        var comparisonOperator: String
        var treatMissingData: String?
        var actionsEnabled: Bool?
        var alarmActions: [String]?
        var okActions: [String]?
        var insufficientDataActions: [String]?

        func storedAlarm(now: Int64) throws -> StoredAlarm {
            var members: [(key: String, value: JSONValue)] = [
                ("alarmName", .string(alarmName)), ("namespace", .string(namespace)),
                ("metricName", .string(metricName)), ("statistic", .string(statistic)), ("period", .int(period)),
                ("evaluationPeriods", .int(evaluationPeriods)), ("threshold", .number(String(threshold))),
                ("comparisonOperator", .string(comparisonOperator)),
            ]
            if let alarmDescription { members.append(("alarmDescription", .string(alarmDescription))) }
            if let datapointsToAlarm { members.append(("datapointsToAlarm", .int(datapointsToAlarm))) }
            if let treatMissingData { members.append(("treatMissingData", .string(treatMissingData))) }
            if let actionsEnabled { members.append(("actionsEnabled", .bool(actionsEnabled))) }
            for (name, list) in [
                ("alarmActions", alarmActions), ("okActions", okActions),
                ("insufficientDataActions", insufficientDataActions),
            ] {
                if let list { members.append((name, .array(list.map(JSONValue.string)))) }
            }
            let input = try MonitoringInput(bytes: JSONValue.object(members).serialized)
            return StoredAlarm(definition: try MonitoringAPI.alarmDefinition(input), createdAt: now)
        }
    }
}
