import Foundation
import TrailModel

/// Builds the bodies of the monitoring API's requests (`docs/MONITORING.md`) from command-line values,
/// rejecting what is malformed before anything is sent.
///
/// What only the server can judge (a filter pattern's syntax, a retention value, a topic's existence) is left
/// to the server.
package enum MonitoringRequest {
    /// A malformed value, with the option it came from.
    package struct InvalidValue: Error, CustomStringConvertible, Sendable {
        package let description: String

        init(_ description: String) { self.description = description }
    }

    /// The FilterLogEvents request, without `limit` and `nextToken`
    /// (``LookupClient/pageLogEvents(_:limit:each:fetch:)`` adds them).
    package static func filterLogEvents(
        logGroupName: String,
        filterPattern: String?,
        startTime: Int64?,
        endTime: Int64?
    ) -> JSONValue {
        JSONValue.object([
            ("logGroupName", .string(logGroupName)),
            ("filterPattern", filterPattern.map(JSONValue.string) ?? .null),
            ("startTime", startTime.map { .int($0) } ?? .null),
            ("endTime", endTime.map { .int($0) } ?? .null),
        ]).droppingNullMembers()
    }

    /// The PutMetricFilter request: one metric transformation.
    ///
    /// - Throws: ``InvalidValue`` when `metricValue` is not a number, `$.field` or `$name`, or `defaultValue`
    ///   is not a number.
    package static func putMetricFilter(
        logGroupName: String,
        filterName: String,
        filterPattern: String,
        metricName: String,
        metricNamespace: String,
        metricValue: String = "1",
        defaultValue: String? = nil
    ) throws(InvalidValue) -> JSONValue {
        guard isNumber(metricValue) || (metricValue.hasPrefix("$") && metricValue.count > 1) else {
            throw InvalidValue("--metric-value must be a number, $.field or $name, got '\(metricValue)'")
        }
        var transformation: [(key: String, value: JSONValue)] = [
            ("metricName", .string(metricName)),
            ("metricNamespace", .string(metricNamespace)),
            ("metricValue", .string(metricValue)),
        ]
        if let defaultValue { transformation.append(("defaultValue", try number(defaultValue, "--default-value"))) }
        return .object([
            ("logGroupName", .string(logGroupName)),
            ("filterName", .string(filterName)),
            ("filterPattern", .string(filterPattern)),
            ("metricTransformations", .array([.object(transformation)])),
        ])
    }

    /// The PutMetricAlarm request.
    ///
    /// - Throws: ``InvalidValue`` when `threshold` is not a number or a count is below 1.
    package static func putMetricAlarm(
        alarmName: String,
        namespace: String,
        metricName: String,
        statistic: String,
        period: Int,
        evaluationPeriods: Int,
        datapointsToAlarm: Int? = nil,
        threshold: String,
        comparisonOperator: String,
        treatMissingData: String? = nil,
        alarmActions: [String] = [],
        okActions: [String] = [],
        insufficientDataActions: [String] = [],
        alarmDescription: String? = nil
    ) throws(InvalidValue) -> JSONValue {
        guard period >= 1 else { throw InvalidValue("--period must be at least 1 (seconds)") }
        guard evaluationPeriods >= 1 else { throw InvalidValue("--evaluation-periods must be at least 1") }
        if let datapointsToAlarm, !(1...evaluationPeriods).contains(datapointsToAlarm) {
            throw InvalidValue(
                "--datapoints-to-alarm must be between 1 and --evaluation-periods (\(evaluationPeriods))"
            )
        }
        func names(_ topics: [String]) -> JSONValue { topics.isEmpty ? .null : .array(topics.map(JSONValue.string)) }
        return JSONValue.object([
            ("alarmName", .string(alarmName)),
            ("alarmDescription", alarmDescription.map(JSONValue.string) ?? .null),
            ("namespace", .string(namespace)),
            ("metricName", .string(metricName)),
            ("statistic", .string(statistic)),
            ("period", .int(period)),
            ("evaluationPeriods", .int(evaluationPeriods)),
            ("datapointsToAlarm", datapointsToAlarm.map { .int($0) } ?? .null),
            ("threshold", try number(threshold, "--threshold")),
            ("comparisonOperator", .string(comparisonOperator)),
            ("treatMissingData", treatMissingData.map(JSONValue.string) ?? .null),
            ("alarmActions", names(alarmActions)),
            ("okActions", names(okActions)),
            ("insufficientDataActions", names(insufficientDataActions)),
        ]).droppingNullMembers()
    }

    /// The messages of `monitors test-pattern --file`: each record of a CloudTrail log file
    /// (`{"Records": [...]}`) or of a JSON array, serialized; otherwise each non-empty line.
    package static func logEventMessages(fileContents: [UInt8]) -> [String] {
        if let document = try? JSONValue(parsing: fileContents) {
            if case .array(let records)? = document["Records"] { return records.map(\.serializedString) }
            if case .array(let records) = document { return records.map(\.serializedString) }
        }
        return String(decoding: fileContents, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .map { String($0) }
            .filter { !$0.allSatisfy(\.isWhitespace) }
    }

    /// An event pattern as the API takes it: JSON text of an object, checked here so a typo fails early.
    ///
    /// - Throws: ``InvalidValue`` when `text` is not a JSON object.
    package static func eventPattern(_ text: String, option: String = "--pattern") throws(InvalidValue) -> String {
        try jsonObject(text, option: option)
    }

    /// An event as TestEventPattern takes it: JSON text of an object.
    ///
    /// - Throws: ``InvalidValue`` when `text` is not a JSON object.
    package static func jsonObject(_ text: String, option: String) throws(InvalidValue) -> String {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw InvalidValue("\(option) is not JSON: \(error)")
        }
        guard case .object = value else { throw InvalidValue("\(option) must be a JSON object") }
        return text
    }

    /// One target of PutTargets: a webhook (with its signing secret) or a topic, with an optional input
    /// path or input transformer and retry policy.
    ///
    /// - Throws: ``InvalidValue`` when the target has no destination or two, a webhook has no secret or is not
    ///   an http(s) URL, the input options conflict, or a path map entry is not `key=$.path`. The secret never
    ///   appears in the error.
    package static func ruleTarget(
        id: String,
        webhookURL: String? = nil,
        secret: String? = nil,
        topic: String? = nil,
        inputPath: String? = nil,
        inputTemplate: String? = nil,
        inputPathsMap: [String] = [],
        maximumRetryAttempts: Int? = nil,
        maximumEventAgeInSeconds: Int? = nil
    ) throws(InvalidValue) -> JSONValue {
        guard !id.isEmpty else { throw InvalidValue("--id must not be empty") }
        var members: [(key: String, value: JSONValue)] = [("id", .string(id))]
        switch (webhookURL, topic) {
        case (let url?, nil):
            guard let parsed = URL(string: url), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil
            else { throw InvalidValue("--webhook must be an http(s) URL") }
            guard let secret, !secret.isEmpty else {
                throw InvalidValue("a webhook target needs its signing secret: --secret-file FILE")
            }
            members.append(("webhook", .object([("url", .string(url)), ("secret", .string(secret))])))
        case (nil, let topic?):
            guard secret == nil else { throw InvalidValue("--secret-file is for --webhook targets only") }
            members.append(("topic", .string(topic)))
        case (nil, nil):
            throw InvalidValue("give the target's destination: --webhook URL --secret-file FILE, or --topic NAME")
        case (.some, .some):
            throw InvalidValue("--webhook and --topic are two targets: give one (with its own --id)")
        }
        if let inputPath {
            guard inputTemplate == nil, inputPathsMap.isEmpty else {
                throw InvalidValue("--input-path and --input-template are two ways to shape the input: give one")
            }
            members.append(("inputPath", .string(inputPath)))
        }
        if let inputTemplate {
            members.append(
                (
                    "inputTransformer",
                    .object([("inputPathsMap", try pathsMap(inputPathsMap)), ("inputTemplate", .string(inputTemplate))])
                )
            )
        } else if !inputPathsMap.isEmpty {
            throw InvalidValue("--input-path-map goes with --input-template")
        }
        if maximumRetryAttempts != nil || maximumEventAgeInSeconds != nil {
            if let maximumRetryAttempts, maximumRetryAttempts < 0 {
                throw InvalidValue("--max-retries must be 0 or more")
            }
            if let maximumEventAgeInSeconds, maximumEventAgeInSeconds < 1 {
                throw InvalidValue("--max-event-age must be at least 1 (seconds)")
            }
            let policy = JSONValue.object([
                ("maximumRetryAttempts", maximumRetryAttempts.map { .int($0) } ?? .null),
                ("maximumEventAgeInSeconds", maximumEventAgeInSeconds.map { .int($0) } ?? .null),
            ]).droppingNullMembers()
            members.append(("retryPolicy", policy))
        }
        return .object(members)
    }

    /// `key=$.path` entries as an input transformer's `inputPathsMap`.
    ///
    /// - Throws: ``InvalidValue`` for an entry without `=`, with an empty key, a path not starting with `$`,
    ///   or a key given twice.
    package static func pathsMap(_ entries: [String]) throws(InvalidValue) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        for entry in entries {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
                throw InvalidValue("--input-path-map must be KEY=$.path, got '\(entry)'")
            }
            let key = String(entry[..<eq])
            let path = String(entry[entry.index(after: eq)...])
            guard path.hasPrefix("$") else {
                throw InvalidValue("--input-path-map \(key): the path must start with $, got '\(path)'")
            }
            guard !members.contains(where: { $0.key == key }) else {
                throw InvalidValue("--input-path-map: \(key) is given twice")
            }
            members.append((key, .string(path)))
        }
        return .object(members)
    }

    /// A JSON number from its text, e.g. `3`, `0.5`, `-1e3`.
    private static func number(_ text: String, _ option: String) throws(InvalidValue) -> JSONValue {
        guard case .number(let number)? = try? JSONValue(parsing: text) else {
            throw InvalidValue("\(option) must be a number, got '\(text)'")
        }
        return .number(number)
    }

    private static func isNumber(_ text: String) -> Bool {
        if case .number? = try? JSONValue(parsing: text) { return true }
        return false
    }
}
