import Testing
import TrailRules

/// Every way a pattern is rejected, with EventBridge's reason (event-ruler's `JsonRuleCompiler`, `CIDR`
/// and wildcard parser messages; "Invalid JSON" for text that is not JSON).
@Suite struct EventPatternValidationTests {
    struct Case: CustomStringConvertible, Sendable {
        let pattern: String
        let message: String
        init(_ pattern: String, _ message: String) {
            self.pattern = pattern
            self.message = message
        }
        var description: String { pattern }
    }

    static let structure: [Case] = [
        Case(#"{"a": ["x"]"#, "Invalid JSON"),
        Case(#"{"a": ["x"]} x"#, "Invalid JSON"),
        Case("", "Invalid JSON"),
        Case("[1]", "Filter is not an object"),
        Case("{}", "Empty objects are not allowed"),
        Case(#"{"a": {}}"#, "Empty objects are not allowed"),
        Case(#"{"a": "x"}"#, #""a" must be an object or an array"#),
        Case(#"{"a": 5}"#, #""a" must be an object or an array"#),
        Case(#"{"a": null}"#, #""a" must be an object or an array"#),
        Case(#"{"a": []}"#, "Empty arrays are not allowed"),
        Case(#"{"a": [[1]]}"#, "Match value must be String, number, true, false, or null"),
        Case(#"{"$or": "x"}"#, "It must be an Array followed with $or."),
        Case(#"{"$or": [{"a": ["x"]}]}"#, "There must have at least 2 Objects in $or relationship."),
        Case(#"{"$or": [{"a": ["x"]}, 5]}"#, "Only JSON object is allowed in array of $or relationship."),
        Case(
            #"{"$or": [{"prefix": ["x"]}, {"b": ["y"]}]}"#,
            "prefix is Ruler reserved fieldName which cannot be used inside $or."
        ),
        Case(
            #"{"$or": [{"a": {"numeric": [1]}}, {"b": ["y"]}]}"#,
            "numeric is Ruler reserved fieldName which cannot be used inside $or."
        ),
        Case(#"{"$or": [{"a": ["x"]}, {"b": {}}]}"#, "Empty objects are not allowed"),
    ]

    static let expressions: [Case] = [
        Case(#"{"a": [{}]}"#, "Match expression name not found"),
        Case(#"{"a": [{"foo": 1}]}"#, "Unrecognized match type foo"),
        Case(#"{"a": [{"regex": "x"}]}"#, "Unrecognized match type regex"),
        Case(#"{"a": [{"exactly": 5}]}"#, "exact match pattern must be a string"),
        Case(#"{"a": [{"prefix": 1}]}"#, "prefix match pattern must be a string"),
        Case(#"{"a": [{"prefix": ["x"]}]}"#, "prefix match pattern must be a string"),
        Case(#"{"a": [{"prefix": "x", "y": 1}]}"#, "Only one key allowed in match expression"),
        Case(#"{"a": [{"prefix": {}}]}"#, "Prefix expression name not found"),
        Case(#"{"a": [{"prefix": {"x": "y"}}]}"#, "Unsupported prefix pattern: x"),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": 1}}]}"#, "equals-ignore-case match pattern must be a string"),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": "x", "y": 1}}]}"#, "Only one key allowed in match expression"),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": "x"}, "y": 1}]}"#, "Only one key allowed in match expression"),
        Case(#"{"a": [{"suffix": 1}]}"#, "suffix match pattern must be a string"),
        Case(#"{"a": [{"suffix": {}}]}"#, "Suffix expression name not found"),
        Case(#"{"a": [{"suffix": {"x": "y"}}]}"#, "Unsupported suffix pattern: x"),
        Case(#"{"a": [{"equals-ignore-case": 5}]}"#, "equals-ignore-case match pattern must be a string"),
        Case(#"{"a": [{"equals-ignore-case": ["x"]}]}"#, "equals-ignore-case match pattern must be a string"),
        Case(#"{"a": [{"exists": 1}]}"#, "exists match pattern must be either true or false."),
        Case(#"{"a": [{"exists": "true"}]}"#, "exists match pattern must be either true or false."),
        Case(#"{"a": [{"exists": true, "b": 1}]}"#, "Only one key allowed in match expression"),
        Case(#"{"a": [{"wildcard": 5}]}"#, "wildcard match pattern must be a string"),
        Case(#"{"a": [{"wildcard": "a**b"}]}"#, "Consecutive wildcard characters at pos 2"),
        Case(#"{"a": [{"wildcard": "**"}]}"#, "Consecutive wildcard characters at pos 1"),
        Case(#"{"a": [{"wildcard": "a\\b"}]}"#, "Invalid escape character at pos 2"),
        Case(#"{"a": [{"wildcard": "ab\\"}]}"#, "Invalid escape character at pos 3"),
        Case(#"{"a": [{"wildcard": "é**"}]}"#, "Consecutive wildcard characters at pos 3"),
        Case(#"{"a": [{"wildcard": "x", "y": 1}]}"#, "Only one key allowed in match expression"),
    ]

    static let cidr: [Case] = [
        Case(#"{"a": [{"cidr": 5}]}"#, "prefix match pattern must be a string"),
        Case(#"{"a": [{"cidr": "10.0.0.0"}]}"#, "Malformed CIDR, one '/' required"),
        Case(#"{"a": [{"cidr": "10.0.0.0/8/8"}]}"#, "Malformed CIDR, one '/' required"),
        Case(#"{"a": [{"cidr": "10.0.0.0/x"}]}"#, "Malformed CIDR, mask bits must be an integer"),
        Case(#"{"a": [{"cidr": "10.0.0.0/-1"}]}"#, "Malformed CIDR, mask bits must not be negative"),
        Case(#"{"a": [{"cidr": "10.0.0.0/32"}]}"#, "IPv4 mask bits must be < 32"),
        Case(#"{"a": [{"cidr": "::/128"}]}"#, "IPv6 mask bits must be < 128"),
        Case(#"{"a": [{"cidr": "example.com/8"}]}"#, "Nonstandard IP address: example.com"),
        Case(#"{"a": [{"cidr": "10.0.0.256/8"}]}"#, "Invalid IP address: 10.0.0.256"),
        Case(#"{"a": [{"cidr": "1:2:3/64"}]}"#, "Invalid IP address: 1:2:3"),
        Case(#"{"a": [{"cidr": "10.0.0.0/8", "x": 1}]}"#, "Only one key allowed in match expression"),
    ]

    static let numeric: [Case] = [
        Case(#"{"a": [{"numeric": 5}]}"#, "Value of numeric must be an array."),
        Case(#"{"a": [{"numeric": []}]}"#, "Invalid member in numeric match: ]"),
        Case(#"{"a": [{"numeric": [5]}]}"#, "Invalid member in numeric match: 5"),
        Case(#"{"a": [{"numeric": ["!", 5]}]}"#, "Unrecognized numeric range operator: !"),
        Case(#"{"a": [{"numeric": ["=", "5"]}]}"#, "Value of equals must be numeric"),
        Case(#"{"a": [{"numeric": ["=", 5, 6]}]}"#, "Too many elements in numeric expression"),
        Case(#"{"a": [{"numeric": [">", "x"]}]}"#, "Value of > must be numeric"),
        Case(#"{"a": [{"numeric": [">=", null]}]}"#, "Value of >= must be numeric"),
        Case(#"{"a": [{"numeric": [">", 5, 6]}]}"#, "Bad value in numeric range: 6"),
        Case(#"{"a": [{"numeric": [">", 5, ">", 6]}]}"#, "Bad numeric range operator: >"),
        Case(#"{"a": [{"numeric": [">", 5, "<", "x"]}]}"#, "Value of < must be numeric"),
        Case(#"{"a": [{"numeric": [">", 5, "<", 6, 7]}]}"#, "Too many terms in numeric range expression"),
        Case(#"{"a": [{"numeric": [">", 5, "<", 5]}]}"#, "Bottom must be less than top"),
        Case(#"{"a": [{"numeric": [">=", 6, "<=", 5]}]}"#, "Bottom must be less than top"),
        Case(#"{"a": [{"numeric": ["<", 5, ">", 0]}]}"#, "Too many elements in numeric expression"),
        Case(#"{"a": [{"numeric": ["<=", "x"]}]}"#, "Value of <= must be numeric"),
        Case(#"{"a": [{"numeric": [">", 0], "x": 1}]}"#, "Too many elements in numeric expression"),
    ]

    static let anythingBut: [Case] = [
        Case(#"{"a": [{"anything-but": {}}]}"#, "Anything-But expression name not found"),
        Case(#"{"a": [{"anything-but": {"x": "y"}}]}"#, "Unsupported anything-but pattern: x"),
        Case(
            #"{"a": [{"anything-but": true}]}"#,
            "Value of anything-but must be an array or single string/number value."
        ),
        Case(
            #"{"a": [{"anything-but": null}]}"#,
            "Value of anything-but must be an array or single string/number value."
        ),
        Case(
            #"{"a": [{"anything-but": {"prefix": true}}]}"#,
            "Value of anything-but must be an array or single string/number value."
        ),
        Case(#"{"a": [{"anything-but": [true]}]}"#, "Inside anything but list, start|null|boolean is not supported."),
        Case(
            #"{"a": [{"anything-but": [{"z": 1}]}]}"#,
            "Inside anything but list, start|null|boolean is not supported."
        ),
        Case(
            #"{"a": [{"anything-but": ["a", 1]}]}"#,
            "Inside anything but list, either all values are number or string, mixed type is not supported"
        ),
        Case(
            #"{"a": [{"anything-but": []}]}"#,
            "Inside anything but list, either all values are number or string, mixed type is not supported"
        ),
        Case(#"{"a": [{"anything-but": {"prefix": ""}}]}"#, "Null prefix/suffix not allowed"),
        Case(#"{"a": [{"anything-but": {"suffix": ["a", ""]}}]}"#, "Null prefix/suffix not allowed"),
        Case(#"{"a": [{"anything-but": {"prefix": 5}}]}"#, "prefix/suffix match pattern must be a string"),
        Case(#"{"a": [{"anything-but": {"suffix": [5]}}]}"#, "prefix/suffix match pattern must be a string"),
        Case(
            #"{"a": [{"anything-but": {"equals-ignore-case": 5}}]}"#,
            "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
        ),
        Case(
            #"{"a": [{"anything-but": {"equals-ignore-case": [1]}}]}"#,
            "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
        ),
        Case(#"{"a": [{"anything-but": {"wildcard": 5}}]}"#, "wildcard match pattern must be a string"),
        Case(#"{"a": [{"anything-but": {"wildcard": "a**"}}]}"#, "Consecutive wildcard characters at pos 2"),
        Case(#"{"a": [{"anything-but": {"wildcard": ["ok", "x\\y"]}}]}"#, "Invalid escape character at pos 2"),
        Case(#"{"a": [{"anything-but": "x", "b": 1}]}"#, "Too many elements in numeric expression"),
        Case(#"{"a": [{"anything-but": {"prefix": "x", "b": 1}}]}"#, "Too many elements in numeric expression"),
        Case(#"{"a": [{"anything-but": {"prefix": "x"}, "b": 1}]}"#, "Too many elements in numeric expression"),
    ]

    static func message(of error: EventPatternError) -> String {
        String(error.reason.prefix { $0 != "\n" })
    }

    @Test(arguments: structure + expressions + cidr + numeric + anythingBut)
    func rejects(_ item: Case) {
        do throws(EventPatternError) {
            _ = try EventPattern(json: item.pattern)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .invalidPattern)
            #expect(Self.message(of: error) == item.message)
            #expect(error.description == "Event pattern is not valid. Reason: \(error.reason)")
        }
    }

    /// The reason as EventBridge words it, Jackson's location included (this pattern's message is the one
    /// CloudFormation showed for it in aws-cdk issue reports: column 56 is just past the value's quote).
    @Test func reasonsCarryJacksonsLocation() throws {
        let pattern = #"{"source":["test.event-pattern"],"detail":{"lenderId":"LenderA"}}"#
        let error = try #require(throws: EventPatternError.self) { try EventPattern(json: pattern) }
        #expect(
            error.description
                == "Event pattern is not valid. Reason: \"lenderId\" must be an object or an array\n at [Source: "
                + "(String)\"\(pattern)\"; line: 1, column: 56]"
        )
    }

    @Test func locationsCountLinesAndColumns() throws {
        let pattern = "{\n  \"a\": [\n    {\"prefix\": 5}\n  ]\n}"
        let error = try #require(throws: EventPatternError.self) { try EventPattern(json: pattern) }
        #expect(error.reason.hasSuffix("; line: 3, column: 17]"))
        let empty = try #require(throws: EventPatternError.self) { try EventPattern(json: "{\"a\": []}") }
        #expect(
            empty.reason == "Empty arrays are not allowed\n at [Source: (String)\"{\"a\": []}\"; line: 1, column: 9]"
        )
        let root = try #require(throws: EventPatternError.self) { try EventPattern(json: "[1]") }
        #expect(root.reason.hasSuffix("line: 1, column: 2]"))
    }

    @Test func longSourcesAreTruncatedAt500Characters() throws {
        let pattern = #"{"a": ["# + String(repeating: #""x", "#, count: 120) + #""y"], "b": "bad"}"#
        let error = try #require(throws: EventPatternError.self) { try EventPattern(json: pattern) }
        let head = String(pattern.prefix(500))
        #expect(error.reason.contains("(String)\"\(head)\"[truncated \(pattern.count - 500) chars]; line: 1"))
    }

    @Test func cidrReasonsHaveNoLocation() throws {
        let error = try #require(throws: EventPatternError.self) {
            try EventPattern(json: #"{"a": [{"cidr": "10.0.0.0/33"}]}"#)
        }
        #expect(error.reason == "IPv4 mask bits must be < 32")
    }

    @Test func patternsLongerThan4096CharactersAreAValidationError() throws {
        let filler = String(repeating: "é", count: 4096 - #"{"a": [""]}"#.count)
        _ = try EventPattern(json: #"{"a": [""# + filler + #""]}"#)
        let error = try #require(throws: EventPatternError.self) {
            try EventPattern(json: #"{"a": [""# + filler + #"x"]}"#)
        }
        #expect(error.code == .tooLong)
        #expect(
            error.description
                == "1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: "
                + "Member must have length less than or equal to 4096"
        )
    }

    @Test func orForksAreBounded() throws {
        let or = #""$or": [{"a": ["1"]}, {"b": ["2"]}]"#
        var json = "{" + or + "}"
        for depth in 1...10 { json = #"{"k\#(depth)": "# + json + ", " + or + "}" }
        let error = try #require(throws: EventPatternError.self) { try EventPattern(json: json) }
        #expect(Self.message(of: error) == "Rule is too complex - try using fewer $or relationships")
    }

    @Test func errorsCompareByCode() {
        #expect(EventPatternError.invalidPattern("a") == EventPatternError.invalidPattern("b"))
        #expect(EventPatternError.invalidPattern("a") != EventPatternError.tooLong(limit: 4096))
    }
}
