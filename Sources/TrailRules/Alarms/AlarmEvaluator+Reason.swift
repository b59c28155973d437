import TrailModel

extension AlarmEvaluator {
    /// The longest state reason CloudWatch stores (the model's `StateReason`, `max` 1023).
    package static let maximumReasonLength = 1023
    /// The longest state reason data CloudWatch stores (the model's `StateReasonData`, `max` 4000).
    package static let maximumReasonDataLength = 4000

    /// The evaluation a decision amounts to, with CloudWatch's reason and reason data.
    func evaluation(
        of decision: Decision,
        isEarly: Bool,
        at now: Int64,
        previousState: AlarmStateValue
    ) -> AlarmEvaluation {
        guard let state = decision.state else {
            return AlarmEvaluation(
                state: previousState,
                isRetained: true,
                isEarly: false,
                reason: "",
                reasonData: nil,
                datapoints: decision.window,
                evaluatedAt: now
            )
        }
        return AlarmEvaluation(
            state: state,
            isRetained: false,
            isEarly: isEarly,
            reason: reason(for: decision, state: state),
            reasonData: reasonData(for: decision, at: now),
            datapoints: decision.window,
            evaluatedAt: now
        )
    }

    /// CloudWatch's state reason, in the wording of its alarms:
    ///
    /// - `Threshold Crossed: 2 out of the last 3 datapoints [6.0 (26/11/21 10:05:00), 7.0 (26/11/21
    ///   10:03:00)] were greater than the threshold (5.0) (minimum 2 datapoints for OK -> ALARM
    ///   transition).` — the datapoints that agree with the new state, newest first; for `OK` they are the
    ///   ones within the threshold ("were not greater than …") and the minimum is N − M + 1 (`ALARM -> OK`).
    ///   CloudWatch names the transitions `OK -> ALARM` and `ALARM -> OK` whatever the previous state was.
    /// - with filled periods, `… was greater than or equal to the threshold (1.0) and 19 missing datapoints
    ///   were treated as [NonBreaching] (minimum 1 datapoint for OK -> ALARM transition).`;
    /// - when only filled periods support the state, `Threshold Crossed: no datapoints were received for
    ///   3 periods and 3 missing datapoints were treated as [Breaching].` (or `1 datapoint was received …`);
    /// - `Insufficient Data: 3 datapoints were unknown.`
    ///
    /// The list is cut, oldest datapoints first, to keep the reason within 1023 characters.
    func reason(for decision: Decision, state: AlarmStateValue) -> String {
        if state == .insufficientData {
            let unknown = decision.unknown
            return "Insufficient Data: \(unknown) datapoint\(unknown == 1 ? " was" : "s were") unknown."
        }
        let required = definition.evaluationPeriods
        let isAlarm = state == .alarm
        let supporting = decision.window.filter { $0.hasData && $0.isBreaching == isAlarm }
        var filledPhrase: String?
        if decision.filled > 0, let label = definition.treatMissingData.filledLabel {
            let filled = decision.filled
            filledPhrase = "\(filled) missing datapoint\(filled == 1 ? " was" : "s were") treated as [\(label)]"
        }
        if supporting.isEmpty, let filledPhrase {
            let received = decision.window.filter(\.hasData).count
            let receivedPhrase =
                received == 0 ? "no datapoints were" : "\(received) datapoint\(received == 1 ? " was" : "s were")"
            return "Threshold Crossed: \(receivedPhrase) received for \(required) period\(required == 1 ? "" : "s") "
                + "and \(filledPhrase)."
        }

        let count = supporting.count
        let minimum = isAlarm ? definition.datapointsToAlarm : required - definition.datapointsToAlarm + 1
        let head = "Threshold Crossed: \(count) out of the last \(required) datapoints ["
        let tail =
            "] \(count == 1 ? "was" : "were") \(isAlarm ? "" : "not ")\(definition.comparisonOperator.phrase) "
            + "the threshold (\(CloudWatchFormat.number(definition.threshold)))"
            + (filledPhrase.map { " and \($0)" } ?? "")
            + " (minimum \(minimum) datapoint\(minimum == 1 ? "" : "s") for "
            + (isAlarm ? "OK -> ALARM" : "ALARM -> OK") + " transition)."
        var items: [String] = []
        var length = ModelConstraint.length(head) + ModelConstraint.length(tail)
        for datapoint in supporting {
            let item =
                CloudWatchFormat.number(datapoint.value ?? 0) + " ("
                + CloudWatchFormat.reasonTime(datapoint.timestamp) + ")"
            let added = ModelConstraint.length(item) + (items.isEmpty ? 0 : 2)
            if !items.isEmpty, length + added > Self.maximumReasonLength { break }
            items.append(item)
            length += added
        }
        return head + items.joined(separator: ", ") + tail
    }

    /// CloudWatch's state reason data: `version`, `queryDate`, `startDate` (the oldest evaluated datapoint
    /// with data, left out when there is none), `statistic`, `period`, `recentDatapoints` (the evaluated
    /// values, oldest first), `threshold` and `evaluatedDatapoints` (newest first: `timestamp`,
    /// `sampleCount` and `value`, or only `timestamp` for a missing period). A datapoint of a period in
    /// progress also carries `"inProgress": true` (OpenTrail's addition; readers of CloudWatch's format
    /// ignore unknown members).
    ///
    /// The oldest evaluated datapoints, then the oldest recent values, are left out as needed to keep the
    /// document within 4000 characters.
    func reasonData(for decision: Decision, at now: Int64) -> JSONValue {
        let real = decision.window.filter(\.hasData)
        var members: [(key: String, value: JSONValue)] = [
            ("version", .string("1.0")),
            ("queryDate", .string(CloudWatchFormat.timestamp(now))),
        ]
        if let oldest = real.last {
            members.append(("startDate", .string(CloudWatchFormat.timestamp(oldest.timestamp))))
        }
        members.append(("statistic", .string(definition.statistic.rawValue)))
        members.append(("period", .int(definition.period)))
        var recent = real.reversed().map { CloudWatchFormat.json($0.value ?? 0) }
        let threshold = CloudWatchFormat.json(definition.threshold)
        let evaluated = decision.window.map(evaluatedEntry)

        func document(recent: [JSONValue], evaluated: [JSONValue]) -> JSONValue {
            .object(
                members + [
                    ("recentDatapoints", .array(recent)),
                    ("threshold", threshold),
                    ("evaluatedDatapoints", .array(evaluated)),
                ]
            )
        }
        // The base document, trimmed of recent values if even that is too long.
        var baseLength = document(recent: recent, evaluated: []).serialized.count
        while baseLength > Self.maximumReasonDataLength, !recent.isEmpty {
            baseLength -= recent.removeFirst().serialized.count + (recent.isEmpty ? 0 : 1)
        }
        var kept: [JSONValue] = []
        var length = baseLength
        for entry in evaluated {
            let added = entry.serialized.count + (kept.isEmpty ? 0 : 1)
            if length + added > Self.maximumReasonDataLength { break }
            kept.append(entry)
            length += added
        }
        return document(recent: recent, evaluated: kept)
    }

    /// One `evaluatedDatapoints` entry.
    private func evaluatedEntry(_ datapoint: AlarmEvaluation.Datapoint) -> JSONValue {
        var entry: [(key: String, value: JSONValue)] = [
            ("timestamp", .string(CloudWatchFormat.timestamp(datapoint.timestamp)))
        ]
        if let statistics = datapoint.statistics, let value = datapoint.value {
            entry.append(("sampleCount", CloudWatchFormat.json(statistics.sampleCount)))
            entry.append(("value", CloudWatchFormat.json(value)))
        }
        if datapoint.isInProgress { entry.append(("inProgress", .bool(true))) }
        return .object(entry)
    }
}
