import Foundation
import Testing
import TrailRules
import TrailTestSupport

/// aws/event-ruler's own cases (the library EventBridge matches with), from `testdata/event-patterns`.
@Suite(.enabled(if: SharedTestData.isAvailable))
struct EventRulerSuiteTests {
    struct RulerCase: CustomStringConvertible {
        let number: Int
        let test: String
        let event: String
        let rule: String
        let expected: Bool
        var description: String { "#\(number) \(test)" }
    }

    static func rulerCases() throws -> [RulerCase] {
        guard SharedTestData.isAvailable else { return [] }
        let root = try EventPatternFixtures.json("event-ruler/rulertest_matchesRule_cases.json") as? [String: Any]
        let cases = root?["cases"] as? [[String: Any]] ?? []
        return cases.enumerated().map { number, item in
            RulerCase(
                number: number,
                test: item["test"] as? String ?? "",
                event: item["event"] as? String ?? "",
                rule: item["rule"] as? String ?? "",
                expected: item["expected"] as? Bool ?? false
            )
        }
    }

    /// `RulerTest.java`'s 69 (event, rule, expected) triples of `Ruler.matchesRule`.
    @Test(arguments: try rulerCases())
    func matchesRuleCases(_ item: RulerCase) throws {
        let pattern = try EventPattern(json: item.rule)
        let event = try EventPatternFixtures.flatten(item.event)
        #expect(try EventPatternFixtures.matches(pattern, event) == item.expected)
    }

    @Test func theSuiteHasAllItsCases() throws {
        #expect(try Self.rulerCases().count == 69)
    }

    /// `GenericMachineTest.nestedArraysTest`: three rules in one machine against four array events
    /// (array-consistent `rulesForJSONEvent`), plus `arrayRule4`, whose results follow from its text.
    @Test func arrayRulesInOneMachine() throws {
        let root = try #require(
            try EventPatternFixtures.json("event-ruler/array_and_bigevent_expectations.json") as? [String: Any]
        )
        let ruleFiles = try #require(root["machine_rules"] as? [String: String])
        let expected = try #require(root["expected_rulesForJSONEvent"] as? [String: [String]])
        var names = ruleFiles.keys.sorted()
        var patterns: [EventPattern] = try names.map {
            try EventPattern(json: EventPatternFixtures.text("event-ruler/" + ruleFiles[$0]!))
        }
        names.append("rule4")
        patterns.append(try EventPattern(json: EventPatternFixtures.text("event-ruler/data/arrayRule4.json")))
        let matcher = EventPatternMatcher(patterns.enumerated().map { ($0.offset, $0.element) })
        let rule4 = [
            "data/arrayEvent1.json": false, "data/arrayEvent2.json": false, "data/arrayEvent3.json": true,
            "data/arrayEvent4.json": true,
        ]
        for (eventFile, names0) in expected.sorted(by: { $0.key < $1.key }) {
            let event = try EventPatternFixtures.flatten(EventPatternFixtures.text("event-ruler/" + eventFile))
            var want = names0
            if rule4[eventFile] == true { want.append("rule4") }
            let got = matcher.matchingIDs(event).map { names[$0] }
            #expect(got.sorted() == want.sorted(), "\(eventFile)")
            for (index, pattern) in patterns.enumerated() {
                #expect(pattern.matches(event) == want.contains(names[index]), "\(eventFile) \(names[index])")
            }
        }
    }

    /// `BigEventTest`: a 256 KB Route 53 event; the rule's prefixes must hold inside one `changes` element.
    @Test func bigEvent() throws {
        let pattern = try EventPattern(json: EventPatternFixtures.text("event-ruler/data/bigEventRule.json"))
        let event = try EventPatternFixtures.flatten(EventPatternFixtures.text("event-ruler/data/bigEvent.json"))
        #expect(try EventPatternFixtures.matches(pattern, event))
    }

    /// `correctness-cases.json` has no expected results; these follow from each case's name and the
    /// README's array consistency rule (fields inside one array of objects come from one element; a
    /// scalar array constrains nothing; an empty array is no value).
    static let correctnessExpectations: [String: Bool] = [
        "flat: 2-field exists, both present": true,
        "flat: 2-field exists, one missing": false,
        "flat: exact match": true,
        "flat: exact mismatch": false,
        "flat: prefix": true,
        "flat: numeric range": true,
        "flat: anything-but": true,
        "objarray: same element": true,
        "objarray: split": false,
        "objarray: 3 elem, last valid": true,
        "objarray: 3-field, all in one": true,
        "objarray: 3-field, split 3 ways": false,
        "objarray: exact same elem": true,
        "objarray: exact split": false,
        "objarray: prefix same": true,
        "objarray: prefix split": false,
        "primarray: exists": true,
        "primarray: exact match": true,
        "primarray: no match": false,
        "nested: inner same": true,
        "nested: inner split": false,
        "nested: outer split": false,
        "nested: outer same": true,
        "nested2: same leaf": true,
        "nested2: split leaf": false,
        "mixed: array+scalar match": true,
        "mixed: array+scalar fail": false,
        "exists-false: absent": true,
        "exists-false: present": false,
        "empty object": false,
        "empty array": false,
        "single-field rule": true,
        "many elem one valid": true,
        "numeric+exists array": true,
        "anything-but array": true,
        "primarray: large + scalar, exists": true,
        "primarray: large + scalar, prefix": true,
        "primarray: large + scalar, no match": false,
        "primarray: nested under object": true,
        "primarray: two prim arrays + scalar": true,
        "primarray: exact match among many": true,
        "primarray: numeric in array": true,
        "primarray: anything-but in array": true,
        "primarray: single value array": true,
        "primarray: empty prim array": false,
        "mixed: obj-array + prim-array": true,
        "mixed: obj-array split + prim-array": false,
        "deep prim: nested 3 levels": true,
        "suffix match in array": true,
        "N emails, only last element has name — dedup loses the only valid match": true,
        "suffix match split": false,
    ]

    @Test func correctnessCases() throws {
        let cases = try #require(
            try EventPatternFixtures.json("event-ruler/correctness-cases.json") as? [[String: Any]]
        )
        #expect(cases.count == Self.correctnessExpectations.count)
        let patterns = try cases.map { try EventPattern(json: EventPatternFixtures.serialize($0["rule"]!)) }
        let matcher = EventPatternMatcher(patterns.enumerated().map { ($0.offset, $0.element) })
        for (index, item) in cases.enumerated() {
            let name = item["name"] as? String ?? ""
            let expected: Bool? = Self.correctnessExpectations[name]
            guard let expected else {
                Issue.record("no expectation for \(name)")
                continue
            }
            let event = try EventPatternFixtures.flatten(EventPatternFixtures.serialize(item["event"]!))
            #expect(patterns[index].matches(event) == expected, "\(name)")
            #expect(matcher.matchingIDs(event).contains(index) == expected, "\(name)")
        }
    }

    /// `orRelationshipRules.json`: `$or` at the top, nested, with an `and` inside and an `or` inside that.
    @Test func orRelationshipRules() throws {
        let rules = try #require(try EventPatternFixtures.json("event-ruler/data/orRelationshipRules.json") as? [Any])
        let patterns = try rules.map { try EventPattern(json: EventPatternFixtures.serialize($0)) }
        #expect(patterns.map(\.branches.count) == [2, 4, 3, 4, 2])
        let cases: [(event: String, matching: [Int])] = [
            (#"{"metricName": "CPUUtilization"}"#, [0]),
            (#"{"namespace": "AWS/ES"}"#, [0]),
            (#"{"metricName": "Other", "namespace": "Other"}"#, []),
            (#"{"namespace": "AWS/EC2", "detail": {"detail-type": "CloudWatch Alarm State Change"}}"#, [0, 1]),
            (#"{"source": "aws.cloudwatch", "metricName": "ReadLatency"}"#, [0, 2, 3]),
            (#"{"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/ES"}"#, [0, 2]),
            (
                #"{"source": "aws.cloudwatch", "metricType": "MetricType", "namespace": "AWS/ES", "spaceId": 1000}"#,
                [0, 2, 3]
            ),
            (#"{"source": "aws.cloudwatch", "scope": "Service"}"#, [2, 3]),
            (
                #"{"source": "aws.cloudwatch", "detail": {"state": {"value": "ALARM"}}, "withoutConfiguration": {"metric": {"name": "AWS/Default"}}}"#,
                [4]
            ),
            (
                #"{"source": "aws.cloudwatch", "detail": {"state": {"value": "ALARM"}}, "withConfiguration": {"metrics": [{"metricStat": {"metric": {"namespace": "AWS/EC2"}}}]}}"#,
                [4]
            ),
        ]
        let matcher = EventPatternMatcher(patterns.enumerated().map { ($0.offset, $0.element) })
        for (json, expected) in cases {
            let event = try EventPatternFixtures.flatten(json)
            #expect(matcher.matchingIDs(event) == expected, "\(json)")
            #expect(patterns.indices.filter { patterns[$0].matches(event) } == expected, "\(json)")
        }
    }

    /// `normalRulesWithOrWording.json`: where `$or` is not an `$or` relationship event-ruler falls back to
    /// reading it as a field name (`GenericMachineTest.testOrFieldCanKeepWorkingInLegacyRuleCompiler`).
    @Test func orAsAFieldName() throws {
        let rules = try #require(
            try EventPatternFixtures.json("event-ruler/data/normalRulesWithOrWording.json") as? [Any]
        )
        let patterns = try rules.map { try EventPattern(json: EventPatternFixtures.serialize($0)) }
        #expect(
            patterns.map { $0.branches.map { $0.map(\.path) } } == [
                [["$or"]],
                [["$or.metricType", "$or.namespace", "source"]],
                [["detail.$or", "time"]],
                [["detail.$or"]],
            ]
        )
        let cases: [(event: String, matching: [Int])] = [
            (#"{"$or": "10.0.0.7"}"#, [0]),
            (#"{"source": "aws.cloudwatch", "$or": {"metricType": "MetricType", "namespace": "AWS/ES"}}"#, [1]),
            (#"{"time": "2017-10-02T00:00:00Z", "detail": {"$or": 4}}"#, [2, 3]),
            (#"{"time": "2017-10-02T00:00:00Z", "detail": {"$or": "10.9.8.7"}}"#, [2]),
            (#"{"detail": {"$or": 11}}"#, [3]),
        ]
        let matcher = EventPatternMatcher(patterns.enumerated().map { ($0.offset, $0.element) })
        for (json, expected) in cases {
            let event = try EventPatternFixtures.flatten(json)
            #expect(matcher.matchingIDs(event) == expected, "\(json)")
        }
    }

    /// `wrongOrRelationshipRules.json`: both rules are rejected (`testWrongOrRelationshipRules`).
    @Test func wrongOrRelationships() throws {
        let rules = try #require(
            try EventPatternFixtures.json("event-ruler/data/wrongOrRelationshipRules.json") as? [Any]
        )
        let reasons = try rules.map { rule -> String in
            let json = try EventPatternFixtures.serialize(rule)
            do throws(EventPatternError) {
                _ = try EventPattern(json: json)
                return "accepted"
            } catch {
                return String(error.reason.prefix { $0 != "\n" })
            }
        }
        #expect(
            reasons == [
                "There must have at least 2 Objects in $or relationship.",
                "Only JSON object is allowed in array of $or relationship.",
            ]
        )
    }
}
