import Foundation
import TrailModel

/// How the monitoring commands show the monitoring API's answers to a person: aligned tables and one line
/// per event.
package enum MonitoringOutput {
    /// Rows under a header (none when it is empty), columns padded to their widest cell, without trailing
    /// blanks.
    package static func table(header: [String], rows: [[String]]) -> String {
        let all = header.isEmpty ? rows : [header] + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                if index > 0 { line += "  " }
                line +=
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            // Empty last cells leave no trailing blanks.
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// A time of an answer as ISO 8601: epoch milliseconds are converted, text is kept, absence is empty.
    package static func time(_ value: JSONValue?) -> String {
        switch value {
        case .number(let text)?:
            return milliseconds(value).map { EventTime.format(milliseconds: $0) } ?? text
        case .string(let text)?:
            return text
        default:
            return ""
        }
    }

    /// A value as a table cell: text as is, numbers and Booleans as written, lists comma-separated, other
    /// JSON serialized, absence or `null` empty.
    package static func text(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .number(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array(let values)?: return values.map { text($0) }.joined(separator: ",")
        case .object?: return value?.serializedString ?? ""
        }
    }

    /// An object's members as `name:`-value rows, times (members named `…Time`, `…Timestamp` or `…At`) in
    /// ISO 8601.
    package static func fields(_ object: JSONValue) -> [[String]] {
        guard case .object(let members) = object else { return [] }
        return members.map { member in
            let isTime = ["Time", "Timestamp", "At"].contains { member.key.hasSuffix($0) }
            return ["\(member.key):", isTime ? time(member.value) : text(member.value)]
        }
    }

    /// The elements of the array member `key` of `answer` (none when it is missing).
    package static func list(_ answer: JSONValue, _ key: String) -> [JSONValue] {
        if case .array(let values)? = answer[key] { return values }
        return []
    }

    /// One log event of FilterLogEvents: `<ISO time> <stream> <message>`.
    package static func logEventLine(_ event: JSONValue) -> String {
        "\(time(event["timestamp"])) \(text(event["logStreamName"])) \(text(event["message"]))"
    }

    /// One CloudTrail record of a backtest: time, source, name, who, and the error code of a failed call.
    package static func recordLine(_ record: JSONValue) -> String {
        var parts = [
            text(record["eventTime"]), text(record["eventSource"]), text(record["eventName"]), caller(record),
        ]
        if let error = record["errorCode"]?.stringValue { parts.append(error) }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// One EventBridge envelope of a backtest: time, source, detail type, the record's event name and who.
    package static func envelopeLine(_ envelope: JSONValue) -> String {
        let detail = envelope["detail"] ?? .null
        return [
            text(envelope["time"]), text(envelope["source"]), text(envelope["detail-type"]),
            text(detail["eventName"]), caller(detail),
        ].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The last line of a backtest: `matched M of S records scanned`, and how many are shown when fewer.
    package static func backtestSummary(_ answer: JSONValue, shown: Int, noun: String) -> String {
        let matched = text(answer["matched"])
        let scanned = text(answer["scanned"])
        var line = "matched \(matched.isEmpty ? String(shown) : matched)"
        line += " of \(scanned.isEmpty ? "?" : scanned) \(noun)s scanned"
        if let total = Int(matched), total > shown { line += " (\(shown) shown)" }
        return line
    }

    /// A rule target's destination: `webhook URL`, `topic NAME` or `command PATH` (never a secret).
    package static func targetDestination(_ target: JSONValue) -> String {
        if let webhook = target["webhook"] { return "webhook \(text(webhook["url"] ?? webhook))" }
        if let topic = target["topic"] { return "topic \(text(topic))" }
        if let command = target["command"] { return "command \(text(command["path"] ?? command))" }
        return ""
    }

    /// How a rule target's input is shaped: `path $.x`, `template …`, or empty for the whole event.
    package static func targetInput(_ target: JSONValue) -> String {
        if let path = target["inputPath"]?.stringValue { return "path \(path)" }
        if let transformer = target["inputTransformer"] { return "template \(text(transformer["inputTemplate"]))" }
        return ""
    }

    /// The datapoints of GetMetricStatistics as a table, oldest first: the time and one column per statistic.
    package static func statisticsTable(_ datapoints: [JSONValue], statistics: [String]) -> String {
        let sorted = datapoints.sorted { a, b in
            let (x, y) = (milliseconds(a["timestamp"]), milliseconds(b["timestamp"]))
            return (x ?? .min, time(a["timestamp"])) < (y ?? .min, time(b["timestamp"]))
        }
        let rows = sorted.map { point in
            [time(point["timestamp"])] + statistics.map { text(point[memberName(statistic: $0)]) }
        }
        return table(header: ["TIMESTAMP"] + statistics.map { $0.uppercased() }, rows: rows)
    }

    /// The answer with the value of every member named `secret` (any case, at any depth) masked, for printing
    /// answers that describe webhooks.
    package static func redactingSecrets(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let values):
            return .array(values.map(redactingSecrets))
        case .object(let members):
            return .object(
                members.map { member in
                    member.key.lowercased() == "secret"
                        ? (member.key, .string("********")) : (member.key, redactingSecrets(member.value))
                }
            )
        default:
            return value
        }
    }

    /// The datapoint member of a statistic: `SampleCount` → `sampleCount`.
    package static func memberName(statistic: String) -> String {
        statistic.prefix(1).lowercased() + statistic.dropFirst()
    }

    private static func milliseconds(_ value: JSONValue?) -> Int64? {
        switch value {
        case .number(let text)?:
            // Ten thousand years either side of 1970 is beyond any time an answer holds.
            guard let number = Double(text), number.isFinite, abs(number) < 3e14 else { return nil }
            return Int64(number.rounded(.down))
        case .string(let text)?: return EventTime.parseMilliseconds(text)
        default: return nil
        }
    }

    /// Who made a CloudTrail call: the identity's ARN, else its user name, else its type.
    private static func caller(_ record: JSONValue) -> String {
        let identity = record["userIdentity"] ?? .null
        return identity["arn"]?.stringValue ?? identity["userName"]?.stringValue ?? identity["type"]?.stringValue ?? ""
    }
}
