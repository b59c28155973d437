import Testing
import TrailRules

/// JSON patterns, on the example documents of CloudWatch Logs' "Filter pattern syntax" page.
@Suite struct FilterPatternJSONTests {
    static let example = #"""
        {"eventType": "UpdateTrail", "sourceIPAddress": "111.111.111.111", "arrayKey": ["value", "another value"],
         "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}], "SomeObject": null, "ThisFlag": true,
         "OtherFlag": false, "empty": {}, "none": []}
        """#

    static let compound = #"""
        {"user": {"id": 1, "email": "John.Stiles@example.com"},
         "users": [{"id": 2, "email": "John.Doe@example.com"}, {"id": 3, "email": "Jane.Doe@example.com"}],
         "actions": ["GET", "PUT", "DELETE"], "coordinates": [[0, 1, 2], [4, 5, 6], [7, 8, 9]]}
        """#

    static let numbers = #"""
        {"latency": 600, "numbers": [0.001, 5], "processes": [{}, {}, {}, {}, {"averageRuntime": 55.5}],
         "errorCode": 400, "code": "500", "scientific": 1.5e3, "text": "abc", "negative": -12,
         "recipientAccountId": "123456789012", "padded": "0042", "exponentText": "1e3"}
        """#

    static let exampleCases: [MatchCase] = [
        MatchCase(#"{ $.eventType = "UpdateTrail" }"#, example, true),
        MatchCase("{ $.eventType = UpdateTrail }", example, true),
        MatchCase("{$.eventType=UpdateTrail}", example, true),
        MatchCase(#"{ $.eventType = "updatetrail" }"#, example, false),
        MatchCase(#"{ $.eventType != "UpdateTrail" }"#, example, false),
        MatchCase("{ $.sourceIPAddress != 123.123.* }", example, true),
        MatchCase("{ $.sourceIPAddress = 111.111.* }", example, true),
        MatchCase(#"{ $.arrayKey[0] = "value" }"#, example, true),
        MatchCase(#"{ $.arrayKey[1] = "value" }"#, example, false),
        MatchCase(#"{ $.arrayKey[2] = "value" }"#, example, false),
        MatchCase(#"{ $.arrayKey[*] = "another value" }"#, example, true),
        MatchCase(#"{ $.arrayKey = "value" }"#, example, false),
        MatchCase(#"{ $.arrayKey != "value" }"#, example, false),
        MatchCase("{ $.objectList[1].id = 2 }", example, true),
        MatchCase("{ $.objectList[0].id = 2 }", example, false),
        MatchCase("{ $.objectList[*].name = b }", example, true),
        MatchCase("{ $.objectList[*].name = c }", example, false),
        MatchCase("{ $.objectList.id = 1 }", example, false),
        MatchCase("{ $.objectList[0].missing NOT EXISTS }", example, true),
        MatchCase("{ $.eventType[0] = UpdateTrail }", example, false),
        MatchCase("{ $.SomeObject IS NULL }", example, true),
        MatchCase("{ $.eventType IS NULL }", example, false),
        MatchCase("{ $.SomeOtherObject IS NULL }", example, false),
        MatchCase("{ $.SomeObject = * }", example, false),
        MatchCase(#"{ $.SomeObject != "x" }"#, example, false),
        MatchCase("{ $.SomeOtherObject NOT EXISTS }", example, true),
        MatchCase("{ $.SomeObject NOT EXISTS }", example, false),
        MatchCase("{ $.objectList NOT EXISTS }", example, false),
        MatchCase("{ $.empty NOT EXISTS }", example, false),
        MatchCase("{ $.none NOT EXISTS }", example, false),
        MatchCase("{ $.objectList[5] NOT EXISTS }", example, true),
        MatchCase("{ $.ThisFlag IS TRUE }", example, true),
        MatchCase("{ $.ThisFlag IS FALSE }", example, false),
        MatchCase("{ $.OtherFlag IS FALSE }", example, true),
        MatchCase("{ $.eventType IS TRUE }", example, false),
        MatchCase("{ $.ThisFlag = true }", example, true),
        MatchCase("{ $.objectList = 1 }", example, false),
        MatchCase("{ $.objectList != 1 }", example, false),
        MatchCase("{ $.empty = * }", example, false),
        // Wildcards at the ends only.
        MatchCase("{ $.eventType = Update* }", example, true),
        MatchCase("{ $.eventType = *Trail }", example, true),
        MatchCase("{ $.eventType = *date* }", example, true),
        MatchCase(#"{ $.eventType = "*Trail" }"#, example, true),
        MatchCase("{ $.eventType = Up*il }", example, false),
        MatchCase(#"{ $.eventType = "Up*il" }"#, #"{"eventType": "Up*il"}"#, true),
        MatchCase("{ $.eventType = * }", example, true),
        MatchCase(#"{ $.eventType = "*" }"#, example, true),
        MatchCase("{ $.missing = * }", example, false),
        MatchCase("{ $.missing != x }", example, false),
        MatchCase("{ $.eventType != *Trail }", example, false),
        // Not JSON: a JSON pattern never matches.
        MatchCase("{ $.eventType NOT EXISTS }", "plain text", false),
        MatchCase("{ $.eventType NOT EXISTS }", "[1, 2]", false),
    ]

    static let compoundCases: [MatchCase] = [
        MatchCase(#"{ ($.user.id = 1) && ($.users[0].email = "John.Doe@example.com") }"#, compound, true),
        MatchCase(#"{ ($.user.id = 2 && $.users[0].email = "nonmatch") || $.actions[2] = "GET" }"#, compound, false),
        MatchCase(
            #"{ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch && $.actions[2] = nomatch }"#,
            compound,
            true
        ),
        MatchCase(
            #"{ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = nonmatch) && $.actions[2] = nomatch }"#,
            compound,
            false
        ),
        MatchCase("{ $.coordinates[0][1] = 1 }", compound, true),
        MatchCase("{ $.coordinates[2][0] = 7 }", compound, true),
        MatchCase("{ $.coordinates[1][*] = 6 }", compound, true),
        MatchCase("{ $.coordinates[0] = 1 }", compound, false),
        MatchCase("{ $.coordinates[0][1][0] = 1 }", compound, false),
        MatchCase("{ $.users[*].id > 2 }", compound, true),
        MatchCase("{ $.users[*].id > 3 }", compound, false),
        MatchCase("{ $.users = 1 }", #"{"users": [1, 2, 3]}"#, false),
        MatchCase("{ $.users != 1 }", #"{"users": [1, 2, 3]}"#, false),
        MatchCase("{ $.users[*] = 3 }", #"{"users": [1, 2, 3]}"#, true),
        // `&&` binds tighter than `||`; parentheses override.
        MatchCase("{ $.user.id = 1 || $.user.id = 9 && $.actions[0] = PUT }", compound, true),
        MatchCase("{ ($.user.id = 1 || $.user.id = 9) && $.actions[0] = PUT }", compound, false),
        MatchCase("{ (($.user.id = 9) || (($.actions[1] = PUT))) }", compound, true),
        MatchCase("{ $.actions[0] = GET || $.actions[0] = PUT || $.actions[0] = POST }", compound, true),
        MatchCase("{ $.actions[1] = GET || $.actions[1] = HEAD || $.user.id = 2 }", compound, false),
        MatchCase(#"{ $.foo = bar || $.foo = baz }"#, #"{"foo": "baz"}"#, true),
        MatchCase(#"{ $.foo = bar || $.foo = baz }"#, #"{"foo": "qux"}"#, false),
        // Duplicate keys: any node may satisfy the condition.
        MatchCase(#"{ $.k = b }"#, #"{"k": "a", "k": "b"}"#, true),
    ]

    static let numberCases: [MatchCase] = [
        MatchCase("{ $.latency >= 500 }", numbers, true),
        MatchCase("{ $.latency > +1000 }", numbers, false),
        MatchCase("{ $.latency < 600 }", numbers, false),
        MatchCase("{ $.latency <= 600 }", numbers, true),
        MatchCase("{ $.latency = 600.0 }", numbers, true),
        MatchCase("{ $.latency = 6e2 }", numbers, true),
        MatchCase("{ $.numbers[0] < 10e-3 }", numbers, true),
        MatchCase("{ $.numbers[1] < 10e3 }", numbers, true),
        MatchCase("{ $.processes[4].averageRuntime <= 55.5 }", numbers, true),
        MatchCase("{ $.processes[4].averageRuntime > 55.5 }", numbers, false),
        MatchCase("{ $.errorCode = 400 }", numbers, true),
        MatchCase("{ $.errorCode != 500 }", numbers, true),
        MatchCase("{ $.errorCode != 400 }", numbers, false),
        MatchCase(#"{ $.errorCode = "400" }"#, numbers, true),
        MatchCase("{ $.errorCode = 4* }", numbers, true),
        MatchCase("{ $.scientific = 1500 }", numbers, true),
        MatchCase("{ $.scientific > 1000 }", numbers, true),
        MatchCase("{ $.negative < -10 }", numbers, true),
        MatchCase("{ $.negative > -10 }", numbers, false),
        // Strings that are decimal numbers compare as numbers; other strings only by text.
        MatchCase("{ $.code = 500 }", numbers, true),
        MatchCase("{ $.code > 499 }", numbers, true),
        MatchCase("{ $.padded = 42 }", numbers, true),
        MatchCase("{ $.recipientAccountId = 123456789012 }", numbers, true),
        MatchCase("{ $.exponentText = 1000 }", numbers, false),
        MatchCase("{ $.exponentText = 1e3 }", numbers, true),
        MatchCase("{ $.text > 1 }", numbers, false),
        MatchCase("{ $.text = 1 }", numbers, false),
        MatchCase("{ $.text != 1 }", numbers, true),
        MatchCase("{ $.missing < 1 }", numbers, false),
        MatchCase("{ $.processes < 1 }", numbers, false),
    ]

    static let regexCases: [MatchCase] = [
        MatchCase("{ $.eventName = %^Put.*Policy$% }", #"{"eventName": "PutBucketPolicy"}"#, true),
        MatchCase("{ $.eventName = %^Put.*Policy$% }", #"{"eventName": "PutBucketPolicyStatus"}"#, false),
        MatchCase("{ $.eventName != %Policy% }", #"{"eventName": "CreateTrail"}"#, true),
        MatchCase("{ $.eventName != %Policy% }", #"{"eventName": "PutRolePolicy"}"#, false),
        MatchCase("{ $.eventName != %Policy% }", #"{"other": 1}"#, false),
        MatchCase(#"{ $.ip = %^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$% }"#, #"{"ip": "10.0.12.255"}"#, true),
        MatchCase(#"{ $.ip = %^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$% }"#, #"{"ip": "10.0.1234.255"}"#, false),
        MatchCase("{ $.status = %^4% || $.status = %^5% }", #"{"status": 503}"#, true),
    ]

    @Test(arguments: exampleCases + compoundCases + numberCases)
    func matching(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message)) == row.matches)
    }

    @Test(arguments: regexCases)
    func regularExpressions(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message)) == row.matches)
    }

    /// The same answers on the view the monitor engine builds: the record flattened under `detail`.
    @Test(arguments: exampleCases + compoundCases + numberCases)
    func matchingUnderTheDetailPrefix(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message, prefix: "detail")) == row.matches)
        #expect(pattern.matches(logEvent(row.message, prefix: "a.b")) == row.matches)
    }

    @Test func envelopeFieldsOutsideThePrefixAreNotSelected() throws {
        var flat = try FlatJSON(parsing: Array(#"{"eventName": "StopLogging"}"#.utf8), prefix: "detail")
        flat.append(path: "source", string: "aws.cloudtrail")
        let view = LogEventView(message: [], json: flat)
        #expect(try FilterPattern("{ $.eventName = StopLogging }").matches(view))
        #expect(try !FilterPattern("{ $.source = aws.cloudtrail }").matches(view))
        #expect(try FilterPattern("{ $.source NOT EXISTS }").matches(view))
    }

    @Test func unicodeAndEscapesCompareUnescaped() throws {
        let event = logEvent(#"{"name": "J\u00fcrgen \"JJ\"", "path": "a\/b"}"#)
        #expect(try FilterPattern(#"{ $.name = "Jürgen \"JJ\"" }"#).matches(event))
        #expect(try FilterPattern(#"{ $.path = "a/b" }"#).matches(event))
    }

    @Test func logEventViewsFlattenOnlyJSONObjects() throws {
        #expect(LogEventView(#"{"a": [1]}"#).json?.entries.count == 2)
        #expect(LogEventView("[1, 2]").json == nil)
        #expect(LogEventView("ERROR 42").json == nil)
        #expect(try FilterPattern("{ $.a[0] = 1 }").matches(LogEventView(#"{"a": [1]}"#)))
        #expect(try FilterPattern("ERROR").matches(LogEventView(message: Array("ERROR 42".utf8))))
    }
}
