import Foundation
import Testing
import TrailTestSupport

@testable import TrailRules

/// ``EventPatternMatcher`` compiled from many patterns gives, for every pattern, what the pattern alone
/// (``EventPattern/matches(_:)``) gives.
@Suite struct EventPatternMatcherTests {
    /// Patterns over CloudTrail records wrapped in the EventBridge envelope, one per operator at least.
    static let cloudTrailPatterns: [String] = [
        #"{"source": ["aws.signin"]}"#,
        #"{"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventSource": ["iam.amazonaws.com"]}}"#,
        #"{"detail": {"eventName": ["ConsoleLogin"], "responseElements": {"ConsoleLogin": ["Failure"]}}}"#,
        #"{"detail": {"eventName": [{"prefix": "Create"}]}}"#,
        #"{"detail": {"eventName": [{"prefix": {"equals-ignore-case": "enable"}}]}}"#,
        #"{"detail": {"eventName": [{"suffix": "Instances"}]}}"#,
        #"{"detail": {"eventName": [{"suffix": {"equals-ignore-case": "INSTANCES"}}]}}"#,
        #"{"detail": {"eventName": [{"equals-ignore-case": "consolelogin"}]}}"#,
        #"{"detail": {"eventName": [{"wildcard": "*Key*"}]}}"#,
        #"{"detail": {"eventName": [{"anything-but": ["GetObject", "ListObjects"]}]}}"#,
        #"{"detail": {"eventName": [{"anything-but": {"prefix": "Get"}}]}}"#,
        #"{"detail": {"eventName": [{"anything-but": {"suffix": "s"}}]}}"#,
        #"{"detail": {"eventName": [{"anything-but": {"equals-ignore-case": ["consolelogin"]}}]}}"#,
        #"{"detail": {"eventName": [{"anything-but": {"wildcard": "*Object*"}}]}}"#,
        #"{"detail": {"userIdentity": {"type": ["Root"]}}}"#,
        #"{"detail": {"userIdentity": {"type": ["IAMUser"], "userName": [{"exists": true}]}}}"#,
        #"{"detail": {"errorCode": [{"exists": true}]}}"#,
        #"{"detail": {"errorCode": [{"exists": false}], "readOnly": [false]}}"#,
        #"{"detail": {"readOnly": [false], "eventCategory": [{"exists": false}]}}"#,
        #"{"detail": {"sourceIPAddress": [{"cidr": "192.0.2.0/24"}]}}"#,
        #"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/8"}, "127.0.0.1"]}}"#,
        #"{"detail": {"sourceIPAddress": [{"anything-but": {"prefix": "AWS Internal"}}]}}"#,
        #"{"detail": {"eventVersion": [{"prefix": "1.0"}]}}"#,
        #"{"detail": {"resources": {"ARN": [{"suffix": "sample2"}], "accountId": ["acccountId2"]}}}"#,
        #"{"detail": {"resources": {"ARN": [{"suffix": "sample2"}], "accountId": ["acccountId3"]}}}"#,
        #"{"detail": {"additionalEventData": {"MFAUsed": ["No"]}, "eventName": ["ConsoleLogin"]}}"#,
        #"{"$or": [{"detail": {"eventName": ["StopInstances"]}}, {"detail": {"eventName": ["UpdateTrail"]}}]}"#,
        #"{"source": [{"prefix": "aws."}], "$or": [{"detail": {"errorCode": ["AccessDenied"]}}, {"detail": {"errorMessage": [{"exists": true}]}}]}"#,
        #"{"detail": {"resources": {"type": [{"exists": true}]}, "errorCode": [{"exists": false}]}}"#,
        #"{"detail": {"userIdentity": {"sessionContext": {"attributes": {"mfaAuthenticated": ["false"]}}}}}"#,
        #"{"detail": {"awsRegion": [{"anything-but": ["us-east-1", "us-west-2"]}]}}"#,
        #"{"region": [{"exists": true}], "detail": {"apiVersion": [{"prefix": "20"}]}}"#,
        #"{"detail": {"responseElements": [null]}}"#,
        #"{"detail": {"eventTime": [{"wildcard": "2014-*T*Z"}]}}"#,
        #"{"detail": {"userAgent": [{"wildcard": "Mozilla/*"}], "eventType": ["AwsConsoleSignIn"]}}"#,
        #"{"detail": {"insightDetails": {"insightContext": {"statistics": {"baseline": {"average": [{"numeric": [">=", 0]}]}}}}}}"#,
        #"{"detail": {"resources": {"accountId": [{"anything-but": "acccountId1"}]}, "userIdentity": {"accountId": [{"exists": true}]}}}"#,
    ]

    /// Events: the CloudTrail records in the shared test data as EventBridge would deliver them.
    static func cloudTrailEvents() throws -> [FlatJSON] {
        try SharedTestData.cloudTrailRecords().map { record in
            var flat = try FlatJSON(parsing: record.bytes, prefix: "detail")
            let eventSource = flat.firstIndex(atRelativePath: "eventSource").map { flat.valueString(flat.entries[$0]) }
            flat.append(path: "version", string: "0")
            flat.append(path: "detail-type", string: "AWS API Call via CloudTrail")
            flat.append(
                path: "source",
                string: "aws." + (eventSource?.split(separator: ".").first.map(String.init) ?? "x")
            )
            flat.append(path: "account", string: "123456789012")
            flat.append(path: "region", string: "us-east-1")
            flat.append(path: "resources", strings: ["arn:aws:s3:::bucket"])
            return flat
        }
    }

    /// Checks that a matcher of `patterns` and each pattern alone agree on `events`; returns how many
    /// (pattern, event) pairs matched.
    @discardableResult
    static func expectAgreement(_ patterns: [EventPattern], _ events: [FlatJSON]) -> Int {
        let matcher = EventPatternMatcher(patterns.enumerated().map { (id: 1000 + $0.offset, pattern: $0.element) })
        var scratch = EventPatternMatcher.Scratch()
        var ids: [Int] = []
        var matches = 0
        for (eventNumber, event) in events.enumerated() {
            matcher.matchingIDs(event, into: &ids, scratch: &scratch)
            let expected = patterns.indices.filter { patterns[$0].matches(event) }.map { 1000 + $0 }
            #expect(ids == expected, "event \(eventNumber)")
            #expect(matcher.matchingIDs(event) == expected, "event \(eventNumber), fresh scratch")
            matches += expected.count
        }
        return matches
    }

    @Test(.enabled(if: SharedTestData.isAvailable))
    func agreesOnCloudTrailRecords() throws {
        let patterns = try Self.cloudTrailPatterns.map { try EventPattern(json: $0) }
        let events = try Self.cloudTrailEvents()
        #expect(events.count > 20)
        let matches = Self.expectAgreement(patterns, events)
        #expect(matches > events.count)
        // Most patterns match some record and miss another, so the comparison means something.
        let discriminating = patterns.filter { pattern in
            events.contains { pattern.matches($0) } && events.contains { !pattern.matches($0) }
        }
        #expect(discriminating.count >= 25)
    }

    /// All the suites' patterns in one matcher, against all the suites' events.
    @Test(.enabled(if: SharedTestData.isAvailable))
    func agreesOnEverySuite() throws {
        var patterns: [EventPattern] = []
        var events: [FlatJSON] = []
        let root = try #require(
            try EventPatternFixtures.json("event-ruler/rulertest_matchesRule_cases.json") as? [String: Any]
        )
        for item in root["cases"] as? [[String: Any]] ?? [] {
            patterns.append(try EventPattern(json: item["rule"] as? String ?? ""))
            events.append(try EventPatternFixtures.flatten(item["event"] as? String ?? ""))
        }
        let correctness = try #require(
            try EventPatternFixtures.json("event-ruler/correctness-cases.json") as? [[String: Any]]
        )
        for item in correctness {
            patterns.append(try EventPattern(json: EventPatternFixtures.serialize(item["rule"]!)))
            events.append(try EventPatternFixtures.flatten(EventPatternFixtures.serialize(item["event"]!)))
        }
        for file in ["arrayRule1", "arrayRule2", "arrayRule3", "arrayRule4", "bigEventRule"] {
            patterns.append(try EventPattern(json: EventPatternFixtures.text("event-ruler/data/\(file).json")))
        }
        for file in ["arrayEvent1", "arrayEvent2", "arrayEvent3", "arrayEvent4", "bigEvent"] {
            events.append(try EventPatternFixtures.flatten(EventPatternFixtures.text("event-ruler/data/\(file).json")))
        }
        for file in ["orRelationshipRules", "normalRulesWithOrWording"] {
            for rule in try #require(try EventPatternFixtures.json("event-ruler/data/\(file).json") as? [Any]) {
                patterns.append(try EventPattern(json: EventPatternFixtures.serialize(rule)))
            }
        }
        for file in ["cl-sample-0", "cl-sample-1", "cl-sample-2", "status.json"] {
            events.append(try EventPatternFixtures.flatten(EventPatternFixtures.text("quamina/testdata/\(file)")))
        }
        let operatorCases =
            EventPatternOperatorTests.exactValues + EventPatternOperatorTests.prefixSuffix
            + EventPatternOperatorTests.anythingBut + EventPatternOperatorTests.numeric + EventPatternOperatorTests.cidr
            + EventPatternOperatorTests.exists + EventPatternOperatorTests.wildcard
            + EventPatternOperatorTests.orAndNesting + EventPatternOperatorTests.arrays
        for item in operatorCases {
            patterns.append(try EventPattern(json: item.pattern))
            events.append(try EventPatternFixtures.flatten(item.event))
        }
        let matches = Self.expectAgreement(patterns, events)
        #expect(matches > 100)
    }

    @Test func idsComeInTheOrderPatternsWereGiven() throws {
        let patterns = try [
            (5, EventPattern(json: #"{"a": ["x"]}"#)),
            (3, EventPattern(json: #"{"b": [{"exists": false}]}"#)),
            (9, EventPattern(json: #"{"a": [{"prefix": "x"}]}"#)),
            (1, EventPattern(json: #"{"a": ["y"]}"#)),
            (7, EventPattern(json: #"{"$or": [{"a": ["x"]}, {"a": [{"prefix": ""}]}]}"#)),
        ]
        let matcher = EventPatternMatcher(patterns)
        #expect(matcher.matchingIDs(try EventPatternFixtures.flatten(#"{"a": "x"}"#)) == [5, 3, 9, 7])
        #expect(matcher.matchingIDs(try EventPatternFixtures.flatten(#"{"a": "y", "b": 1}"#)) == [1, 7])
        #expect(EventPatternMatcher([]).matchingIDs(try EventPatternFixtures.flatten(#"{"a": "x"}"#)) == [])
    }

    @Test func oneScratchServesManyEventsAndMatchers() throws {
        let first = EventPatternMatcher([(1, try EventPattern(json: #"{"a": ["x"], "b": [{"exists": false}]}"#))])
        let second = EventPatternMatcher([
            (2, try EventPattern(json: #"{"c": {"d": ["1"], "e": ["2"]}}"#)),
            (3, try EventPattern(json: #"{"c": {"d": [{"anything-but": "1"}]}}"#)),
        ])
        var scratch = EventPatternMatcher.Scratch()
        var ids: [Int] = []
        let events = try [
            #"{"a": "x"}"#, #"{"a": "x", "b": 0}"#, #"{"c": [{"d": "1", "e": "2"}]}"#,
            #"{"c": [{"d": "1"}, {"e": "2"}]}"#,
            #"{"c": [{"d": "1"}, {"d": "3"}]}"#,
        ].map(EventPatternFixtures.flatten)
        var results: [[Int]] = []
        for _ in 0..<3 {
            for event in events {
                first.matchingIDs(event, into: &ids, scratch: &scratch)
                var both = ids
                second.matchingIDs(event, into: &ids, scratch: &scratch)
                both += ids
                results.append(both)
            }
        }
        let once: [[Int]] = [[1], [], [2], [], [3]]
        #expect(results == once + once + once)
    }

    @Test func stampsSurviveTheGenerationWrappingAround() throws {
        let matcher = EventPatternMatcher([
            (1, try EventPattern(json: #"{"a": ["x"], "b": [{"numeric": [">", 1]}]}"#)),
            (2, try EventPattern(json: #"{"c": [{"exists": false}]}"#)),
        ])
        var scratch = EventPatternMatcher.Scratch()
        scratch.generation = .max - 2
        var ids: [Int] = []
        var results: [[Int]] = []
        for json in [
            #"{"a": "x", "b": 2}"#, #"{"a": "x", "c": 1}"#, #"{"a": "x", "b": 2}"#, #"{"b": 0}"#,
            #"{"a": "x", "b": 5}"#,
        ] {
            matcher.matchingIDs(try EventPatternFixtures.flatten(json), into: &ids, scratch: &scratch)
            results.append(ids)
        }
        #expect(results == [[1, 2], [], [1, 2], [2], [1, 2]])
        #expect(scratch.generation < 10)
    }

    @Test func identicalFieldsShareASlot() throws {
        let patterns = try (0..<50).map { number in
            (
                number,
                try EventPattern(json: #"{"source": ["aws.s3"], "detail": {"eventName": ["Name\#(number % 5)"]}}"#)
            )
        }
        let matcher = EventPatternMatcher(patterns)
        #expect(matcher.slotCount == 6)
        let event = try EventPatternFixtures.flatten(#"{"source": "aws.s3", "detail": {"eventName": "Name3"}}"#)
        #expect(matcher.matchingIDs(event) == [3, 8, 13, 18, 23, 28, 33, 38, 43, 48])
    }

    /// Many patterns sharing fields and values: identical fields share a slot, and a field that many
    /// patterns share (`detail-type`) is not what activates them.
    @Test(.enabled(if: SharedTestData.isAvailable))
    func agreesWithManyGeneratedPatterns() throws {
        let events = try Self.cloudTrailEvents()
        var names: Set<String> = []
        var sources: Set<String> = []
        for event in events {
            if let index = event.firstIndex(atRelativePath: "eventName") {
                names.insert(event.valueString(event.entries[index]))
            }
            if let index = event.firstIndex(atRelativePath: "eventSource") {
                sources.insert(event.valueString(event.entries[index]))
            }
        }
        let nameList = names.sorted()
        let sourceList = sources.sorted()
        var patterns: [EventPattern] = []
        for (index, name) in nameList.enumerated() {
            let source = sourceList[index % sourceList.count]
            let shapes = [
                #"{"detail-type": ["AWS API Call via CloudTrail"], "detail": {"eventName": ["\#(name)"]}}"#,
                #"{"detail": {"eventSource": ["\#(source)"], "eventName": ["\#(name)", "Other"]}}"#,
                #"{"detail": {"eventName": [{"prefix": "\#(name.prefix(3))"}], "errorCode": [{"exists": false}]}}"#,
                #"{"detail": {"eventName": [{"anything-but": "\#(name)"}], "eventSource": ["\#(source)"]}}"#,
                #"{"detail": {"eventName": [{"equals-ignore-case": "\#(name.uppercased())"}]}, "region": ["us-east-1"]}"#,
                #"{"$or": [{"detail": {"eventName": ["\#(name)"]}}, {"detail": {"eventSource": [{"suffix": "\#(source.suffix(8))"}]}}]}"#,
            ]
            for shape in shapes { patterns.append(try EventPattern(json: shape)) }
        }
        #expect(patterns.count > 100)
        Self.expectAgreement(patterns, events)
    }
}
