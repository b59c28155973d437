import Testing
import TrailRules

/// Metric values: a number, a JSON selector of the matched event, or a named space-delimited field.
@Suite struct MetricValueExpressionTests {
    static let json = #"{"latency": 600, "text": "12.5", "word": "fast", "flag": true, "list": [3, 4], "sci": 2e3}"#
    static let apache = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#

    struct ValueCase: Sendable, CustomTestStringConvertible {
        let value: String
        let pattern: String
        let message: String
        let expected: Double?
        var testDescription: String { "\(value) for \(pattern)" }
    }

    static let values: [ValueCase] = [
        ValueCase(value: "1", pattern: "ERROR", message: "ERROR", expected: 1),
        ValueCase(value: "-0.5", pattern: "", message: "x", expected: -0.5),
        ValueCase(value: "1e3", pattern: "", message: "x", expected: 1000),
        ValueCase(value: "$.latency", pattern: "{ $.latency = * }", message: json, expected: 600),
        ValueCase(value: "$.text", pattern: "{ $.latency = * }", message: json, expected: 12.5),
        ValueCase(value: "$.sci", pattern: "{ $.latency = * }", message: json, expected: 2000),
        ValueCase(value: "$.word", pattern: "{ $.latency = * }", message: json, expected: nil),
        ValueCase(value: "$.flag", pattern: "{ $.latency = * }", message: json, expected: nil),
        ValueCase(value: "$.missing", pattern: "{ $.latency = * }", message: json, expected: nil),
        ValueCase(value: "$.list", pattern: "{ $.latency = * }", message: json, expected: nil),
        ValueCase(value: "$.list[1]", pattern: "{ $.latency = * }", message: json, expected: 4),
        ValueCase(value: "$.list[*]", pattern: "{ $.latency = * }", message: json, expected: 3),
        ValueCase(value: "$.latency", pattern: "{ $.latency = * }", message: "not json", expected: nil),
        ValueCase(
            value: "$bytes",
            pattern: "[ip, user, username, timestamp, request, status_code, bytes]",
            message: apache,
            expected: 1534
        ),
        ValueCase(value: "$status_code", pattern: "[..., status_code, bytes]", message: apache, expected: 404),
        ValueCase(value: "$ip", pattern: "[ip, ...]", message: apache, expected: nil),
        ValueCase(
            value: "$bytes",
            pattern: "[ip, user, username, timestamp, request, status_code, bytes]",
            message: "a b",
            expected: nil
        ),
    ]

    @Test(arguments: values)
    func extraction(_ row: ValueCase) throws {
        let pattern = try FilterPattern(row.pattern)
        let value = try MetricValueExpression(row.value, for: pattern)
        #expect(value.value(in: logEvent(row.message)) == row.expected)
        #expect(value.value(in: logEvent(row.message, prefix: "detail")) == row.expected)
    }

    static let refusals: [(value: String, pattern: String, position: Int?, reason: String)] = [
        ("", "", 0, "the metric value is empty"),
        ("abc", "", 0, "a metric value is a number, a JSON selector such as $.latency, or $ and a field name"),
        ("1 2", "", 0, "a metric value is a number, a JSON selector such as $.latency, or $ and a field name"),
        ("$", "[a]", 1, "expected a field name after '$'"),
        ("$a b", "[a]", 2, "' ' is not allowed in a field name"),
        ("$nope", "[a, b]", 1, "the filter pattern has no field named 'nope'"),
        ("$a", "{ $.a = 1 }", 0, "$a names a field of a space-delimited filter pattern, and this pattern is not one"),
        ("$a", "a", 0, "$a names a field of a space-delimited filter pattern, and this pattern is not one"),
        ("$.latency", "ERROR", 0, "the selector $.latency can only be used with a JSON filter pattern"),
        ("$.latency", "[latency]", 0, "the selector $.latency can only be used with a JSON filter pattern"),
        ("$.a[", "{ $.a = 1 }", 4, "expected an array index or '*' after '['"),
        ("$.a x", "{ $.a = 1 }", 3, "unexpected ' ' after the selector $.a"),
        ("$[0]", "{ $.a = 1 }", 1, "an array index must follow a property name ('$.name[0]')"),
        (String(repeating: "1", count: 101), "", 100, "a metric value is at most 100 characters long"),
    ]

    @Test(arguments: refusals.indices)
    func refusal(_ index: Int) throws {
        let row = Self.refusals[index]
        let pattern = try FilterPattern(row.pattern)
        do {
            _ = try MetricValueExpression(row.value, for: pattern)
            Issue.record("\(row.value) was accepted for \(row.pattern)")
        } catch {
            #expect(error.code == .invalidMetricValue)
            #expect(error.position == row.position)
            #expect(error.reason == row.reason)
        }
    }

    @Test func messageIsCloudWatchShaped() throws {
        do {
            _ = try MetricValueExpression("$nope", for: FilterPattern("[a, b]"))
            Issue.record("accepted")
        } catch {
            #expect(
                error.description == "Invalid metric value at position 1: the filter pattern has no field named 'nope'"
            )
        }
    }

    @Test func equalityIsByTextAndPattern() throws {
        let json = try FilterPattern("{ $.a = * }")
        #expect(try MetricValueExpression("$.a", for: json) == MetricValueExpression("$.a", for: json))
        #expect(try MetricValueExpression("1", for: json) != MetricValueExpression("2", for: json))
    }
}
