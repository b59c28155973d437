import Foundation
import TrailModel
import TrailRules
import TrailStore

extension MonitoringAPI {
    /// An alarm definition from PutMetricAlarm's members (also the config file's alarm entries).
    static func alarmDefinition(_ input: MonitoringInput) throws -> AlarmDefinition {
        guard let period = try input.integer("period") else {
            throw CloudWatchError(.missingParameter, "period is required.")
        }
        guard let evaluationPeriods = try input.integer("evaluationPeriods") else {
            throw CloudWatchError(.missingParameter, "evaluationPeriods is required.")
        }
        guard let threshold = try input.number("threshold") else {
            throw CloudWatchError(.missingParameter, "threshold is required.")
        }
        guard let statistic = try input.string("statistic") else {
            throw CloudWatchError(.missingParameter, "statistic is required.")
        }
        guard let comparison = try input.string("comparisonOperator") else {
            throw CloudWatchError(.missingParameter, "comparisonOperator is required.")
        }
        let treatMissingData: TreatMissingData
        if let text = try input.string("treatMissingData") {
            guard let value = TreatMissingData(rawValue: text) else {
                throw CloudWatchError(
                    .validationError,
                    "treatMissingData must be one of \(TreatMissingData.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            treatMissingData = value
        } else {
            treatMissingData = .missing
        }
        return AlarmDefinition(
            name: try input.required("alarmName"),
            description: try input.string("alarmDescription"),
            metric: try MetricKey(namespace: try input.required("namespace"), name: try input.required("metricName")),
            statistic: try Statistic(parsing: statistic),
            period: period,
            evaluationPeriods: evaluationPeriods,
            datapointsToAlarm: try input.integer("datapointsToAlarm"),
            threshold: threshold,
            comparisonOperator: try ComparisonOperator(parsing: comparison),
            treatMissingData: treatMissingData,
            actionsEnabled: try input.bool("actionsEnabled") ?? true,
            alarmActions: try input.strings("alarmActions") ?? [],
            okActions: try input.strings("okActions") ?? [],
            insufficientDataActions: try input.strings("insufficientDataActions") ?? []
        )
    }

    func putMetricAlarm(_ request: MonitoringInput) async throws -> JSONValue {
        try await catalog.put(try Self.alarmDefinition(request), now: nowMilliseconds)
        return .object([])
    }

    func deleteAlarms(_ request: MonitoringInput) async throws -> JSONValue {
        guard let names = try request.strings("alarmNames"), !names.isEmpty else {
            throw MonitorError.invalid("alarmNames is required.")
        }
        try await catalog.deleteAlarms(named: names)
        return .object([])
    }

    func describeAlarms(_ request: MonitoringInput) async throws -> JSONValue {
        let names = try request.strings("alarmNames").map(Set.init)
        let prefix = try request.string("alarmNamePrefix") ?? ""
        let state = try request.string("stateValue").map { text throws(CloudWatchError) in
            try AlarmStateValue(parsing: text)
        }
        let alarms = try await catalog.snapshot().alarms.filter {
            (names == nil || names!.contains($0.name)) && $0.name.hasPrefix(prefix)
                && (state == nil || $0.state.value == state)
        }
        return .object([("metricAlarms", .array(alarms.map(describe)))])
    }

    func describe(_ alarm: StoredAlarm) -> JSONValue {
        let definition = alarm.definition
        var members: [(key: String, value: JSONValue)] = [
            ("alarmName", .string(definition.name)),
            ("alarmArn", .string(alarm.arn(region: region, accountID: accountID))),
        ]
        if let description = definition.description { members.append(("alarmDescription", .string(description))) }
        members += [
            ("namespace", .string(definition.metric.namespace.value)),
            ("metricName", .string(definition.metric.name.value)),
            ("statistic", .string(definition.statistic.rawValue)),
            ("period", .int(definition.period)),
            ("evaluationPeriods", .int(definition.evaluationPeriods)),
            ("datapointsToAlarm", .int(definition.datapointsToAlarm)),
            ("threshold", .number(CloudWatchFormat.number(definition.threshold))),
            ("comparisonOperator", .string(definition.comparisonOperator.rawValue)),
            ("treatMissingData", .string(definition.treatMissingData.rawValue)),
            ("actionsEnabled", .bool(definition.actionsEnabled)),
            ("alarmActions", .array(definition.alarmActions.map(JSONValue.string))),
            ("okActions", .array(definition.okActions.map(JSONValue.string))),
            ("insufficientDataActions", .array(definition.insufficientDataActions.map(JSONValue.string))),
            ("stateValue", .string(alarm.state.value.rawValue)),
            ("stateReason", .string(alarm.state.reason)),
            ("stateUpdatedTimestamp", .int(alarm.state.updatedAt)),
            ("stateTransitionedTimestamp", .int(alarm.state.transitionedAt)),
            ("alarmConfigurationUpdatedTimestamp", .int(alarm.configurationUpdatedAt)),
        ]
        if let data = alarm.state.reasonData { members.append(("stateReasonData", .string(data))) }
        if alarm.isConfigured { members.append(("configured", .bool(true))) }
        return .object(members)
    }

    func describeAlarmHistory(_ request: MonitoringInput) async throws -> JSONValue {
        let alarm = try request.string("alarmName")
        let start = try request.time("startDate") ?? 0
        let end = try request.time("endDate") ?? .max
        let limit = try request.integer("maxRecords") ?? 100
        guard (1...100).contains(limit) else { throw MonitorError.invalid("maxRecords must be 1 to 100.") }
        let items = try await control.read { tx in
            try AlarmHistoryStore.items(alarm: alarm, start: start, end: end, limit: limit, in: tx)
        }
        return .object([
            (
                "alarmHistoryItems",
                .array(
                    items.map {
                        .object([
                            ("alarmName", .string($0.alarmName)),
                            ("alarmType", .string($0.alarmType)),
                            ("timestamp", .int($0.timestamp)),
                            ("historyItemType", .string($0.type.rawValue)),
                            ("historySummary", .string($0.summary)),
                            ("historyData", .string($0.data)),
                        ])
                    }
                )
            )
        ])
    }

    func getMetricStatistics(_ request: MonitoringInput) async throws -> JSONValue {
        let metric = try MetricKey(
            namespace: try request.required("namespace"),
            name: try request.required("metricName")
        )
        guard let start = try request.time("startTime"), let end = try request.time("endTime") else {
            throw CloudWatchError(.missingParameter, "startTime and endTime are required.")
        }
        guard let period = try request.integer("period") else {
            throw CloudWatchError(.missingParameter, "period is required.")
        }
        let statistics = try (request.strings("statistics") ?? ["Sum"]).map { text throws(CloudWatchError) in
            try Statistic(parsing: text)
        }
        let nowMs = nowMilliseconds
        let series = try await control.read { tx in
            try MetricDataStore.series(metric, from: start - MetricSeries.minute, before: end + 1, now: nowMs, in: tx)
        }
        let datapoints = try series.datapoints(from: start, to: end, period: period)
        return .object([
            ("label", .string(metric.name.value)),
            (
                "datapoints",
                .array(
                    datapoints.map { point in
                        .object(
                            [("timestamp", .int(point.timestamp))]
                                + statistics.map { statistic in
                                    (
                                        statistic.rawValue.prefix(1).lowercased() + statistic.rawValue.dropFirst(),
                                        JSONValue.number(CloudWatchFormat.number(point.value(of: statistic)))
                                    )
                                }
                        )
                    }
                )
            ),
        ])
    }

    func listMetrics(_ request: MonitoringInput) async throws -> JSONValue {
        let namespace = try request.string("namespace")
        let metrics = try await control.read { tx in try MetricDataStore.metrics(in: tx) }
        let filters = try await catalog.snapshot().metricFilters.compactMap {
            try? MetricKey(namespace: $0.metricNamespace, name: $0.metricName)
        }
        let all = Set(metrics + filters).filter { namespace == nil || $0.namespace.value == namespace }.sorted()
        return .object([
            (
                "metrics",
                .array(
                    all.map {
                        .object([("namespace", .string($0.namespace.value)), ("metricName", .string($0.name.value))])
                    }
                )
            )
        ])
    }

    /// The CIS AWS Foundations monitoring set on a log group: 14 metric filters and 14 alarms (Sum ≥ 1 over
    /// 5 minutes, missing data not breaching), each alarm notifying `topic`.
    func installCIS(_ request: MonitoringInput) async throws -> JSONValue {
        let group = try request.required("logGroupName")
        let namespace = try request.string("namespace") ?? CISMonitoringSet.defaultNamespace
        let topic = try request.string("topic")
        guard try await catalog.logGroup(named: group) != nil else {
            throw MonitorError(.resourceNotFound, "The specified log group does not exist.")
        }
        let nowMs = nowMilliseconds
        var filterNames: [JSONValue] = []
        var alarmNames: [JSONValue] = []
        for filter in CISMonitoringSet.metricFilters(logGroup: group, namespace: namespace, now: nowMs) {
            try await catalog.put(filter)
            filterNames.append(.string(filter.filterName))
            let definition = AlarmDefinition(
                name: filter.filterName,
                description: CISMonitoringSet.controls.first { "CIS-" + $0.name == filter.filterName }?.title,
                metric: try MetricKey(namespace: namespace, name: filter.metricName),
                statistic: .sum,
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: .greaterThanOrEqualToThreshold,
                treatMissingData: .notBreaching,
                alarmActions: topic.map { [$0] } ?? []
            )
            try await catalog.put(definition, now: nowMs)
            alarmNames.append(.string(definition.name))
        }
        return .object([("metricFilters", .array(filterNames)), ("alarms", .array(alarmNames))])
    }
}
