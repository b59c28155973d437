import Foundation
import TrailRules
import TrailTestSupport

/// Loading and checking event patterns in tests.
enum EventPatternFixtures {
    /// Flattens an event's JSON text.
    static func flatten(_ json: String) throws -> FlatJSON {
        try FlatJSON(parsing: Array(json.utf8))
    }

    /// The text of a file below the shared `testdata/event-patterns`.
    static func text(_ relativePath: String) throws -> String {
        guard let url = SharedTestData.url("event-patterns/" + relativePath) else {
            throw FixtureMissing(path: relativePath)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A JSON file below the shared `testdata/event-patterns`, decoded with `JSONSerialization`.
    static func json(_ relativePath: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text(relativePath).utf8), options: [.fragmentsAllowed])
    }

    /// Compact JSON text of a decoded value.
    static func serialize(_ value: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Whether `pattern` matches `event`, checked both ways: by the pattern alone and by a matcher holding
    /// it with a few unrelated patterns; the two must agree.
    static func matches(_ pattern: EventPattern, _ event: FlatJSON) throws -> Bool {
        let direct = pattern.matches(event)
        let others = try [
            #"{"zz-unrelated": ["x"]}"#, #"{"source": [{"prefix": "aws."}], "zz": [{"exists": false}]}"#,
        ].map { try EventPattern(json: $0) }
        let matcher = EventPatternMatcher([(7, others[0]), (42, pattern), (9, others[1])])
        let viaMatcher = matcher.matchingIDs(event).contains(42)
        guard direct == viaMatcher else { throw Disagreement(pattern: pattern.json) }
        return direct
    }

    struct FixtureMissing: Error {
        let path: String
    }

    struct Disagreement: Error {
        let pattern: String
    }
}
