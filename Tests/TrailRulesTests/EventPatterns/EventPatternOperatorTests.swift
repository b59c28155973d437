import Testing
import TrailRules

/// Every operator of the pattern language, on small events; each case is checked by the pattern alone and
/// through a matcher.
@Suite struct EventPatternOperatorTests {
    struct Case: CustomStringConvertible, Sendable {
        let pattern: String
        let event: String
        let matches: Bool
        init(_ pattern: String, _ event: String, _ matches: Bool) {
            self.pattern = pattern
            self.event = event
            self.matches = matches
        }
        var description: String { "\(pattern) ~ \(event)" }
    }

    static let exactValues: [Case] = [
        Case(#"{"a": ["x"]}"#, #"{"a": "x"}"#, true),
        Case(#"{"a": ["x", "y"]}"#, #"{"a": "y"}"#, true),
        Case(#"{"a": ["x"]}"#, #"{"a": "X"}"#, false),
        Case(#"{"a": ["x"]}"#, #"{"b": "x"}"#, false),
        Case(#"{"a": [""]}"#, #"{"a": ""}"#, true),
        Case(#"{"a": [""]}"#, #"{"a": null}"#, false),
        Case(#"{"a": [5]}"#, #"{"a": 5}"#, true),
        Case(#"{"a": [5]}"#, #"{"a": 5.0}"#, true),
        Case(#"{"a": [500]}"#, #"{"a": 5e2}"#, true),
        Case(#"{"a": [5]}"#, #"{"a": "5"}"#, false),
        Case(#"{"a": ["5"]}"#, #"{"a": 5}"#, false),
        Case(#"{"a": [-0.5]}"#, #"{"a": -0.50}"#, true),
        Case(#"{"a": [123456789012]}"#, #"{"a": 123456789012}"#, true),
        Case(#"{"a": [true]}"#, #"{"a": true}"#, true),
        Case(#"{"a": [true]}"#, #"{"a": "true"}"#, false),
        Case(#"{"a": [false]}"#, #"{"a": false}"#, true),
        Case(#"{"a": [null]}"#, #"{"a": null}"#, true),
        Case(#"{"a": [null]}"#, #"{"b": 1}"#, false),
        Case(#"{"a": ["x"]}"#, #"{"a": ["y", "x"]}"#, true),
        Case(#"{"a": ["x"]}"#, #"{"a": {"b": "x"}}"#, false),
        Case(#"{"a": {"b": ["x"]}}"#, #"{"a": {"b": "x"}}"#, true),
        Case(#"{"a": {"b": ["x"]}}"#, #"{"a.b": "x"}"#, true),
        Case(#"{"a.b": ["x"]}"#, #"{"a": {"b": "x"}}"#, true),
        Case(#"{"a": ["é😀"]}"#, #"{"a": "\u00e9\ud83d\ude00"}"#, true),
        Case(#"{"a": ["10.0.0.1"]}"#, #"{"a": "10.0.0.1"}"#, true),
        Case(#"{"a": ["2001:db8::1"]}"#, #"{"a": "2001:DB8:0:0:0:0:0:1"}"#, true),
        Case(#"{"a": ["10.0.0.1"]}"#, #"{"a": "10.0.0.2"}"#, false),
        Case(#"{"a": ["x"], "b": ["y"]}"#, #"{"a": "x", "b": "y"}"#, true),
        Case(#"{"a": ["x"], "b": ["y"]}"#, #"{"a": "x", "b": "z"}"#, false),
        Case(#"{"a": ["x"], "a": ["y"]}"#, #"{"a": "y"}"#, true),
        Case(#"{"a": ["x"], "a": ["y"]}"#, #"{"a": "x"}"#, false),
        Case(#"{"a": [{"exactly": "10.0.0.1"}]}"#, #"{"a": "10.0.0.01"}"#, false),
    ]

    static let prefixSuffix: [Case] = [
        Case(#"{"a": [{"prefix": "ab"}]}"#, #"{"a": "abc"}"#, true),
        Case(#"{"a": [{"prefix": "ab"}]}"#, #"{"a": "ab"}"#, true),
        Case(#"{"a": [{"prefix": "ab"}]}"#, #"{"a": "a"}"#, false),
        Case(#"{"a": [{"prefix": "ab"}]}"#, #"{"a": "Abc"}"#, false),
        Case(#"{"a": [{"prefix": ""}]}"#, #"{"a": "anything"}"#, true),
        Case(#"{"a": [{"prefix": "1"}]}"#, #"{"a": 12}"#, false),
        Case(#"{"a": [{"prefix": "a"}, {"prefix": "abc"}]}"#, #"{"a": "abd"}"#, true),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": "AB"}}]}"#, #"{"a": "aBc"}"#, true),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": "ÉV"}}]}"#, #"{"a": "événement"}"#, true),
        Case(#"{"a": [{"prefix": {"equals-ignore-case": "xb"}}]}"#, #"{"a": "aBc"}"#, false),
        Case(#"{"a": [{"suffix": ".png"}]}"#, #"{"a": "x.png"}"#, true),
        Case(#"{"a": [{"suffix": ".png"}]}"#, #"{"a": "x.PNG"}"#, false),
        Case(#"{"a": [{"suffix": ".png"}]}"#, #"{"a": "png"}"#, false),
        Case(#"{"a": [{"suffix": {"equals-ignore-case": ".PnG"}}]}"#, #"{"a": "x.pNg"}"#, true),
        Case(#"{"a": [{"suffix": "2"}]}"#, #"{"a": 12}"#, false),
        Case(#"{"a": [{"equals-ignore-case": "EC2"}]}"#, #"{"a": "ec2"}"#, true),
        Case(#"{"a": [{"equals-ignore-case": "EC2"}]}"#, #"{"a": "ec22"}"#, false),
        Case(#"{"a": [{"equals-ignore-case": "ÄÖ"}]}"#, #"{"a": "äö"}"#, true),
        Case(#"{"a": [{"equals-ignore-case": "true"}]}"#, #"{"a": true}"#, false),
    ]

    static let anythingBut: [Case] = [
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"a": "y"}"#, true),
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"a": "x"}"#, false),
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"b": "y"}"#, false),
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"a": null}"#, true),
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"a": ["x", "y"]}"#, true),
        Case(#"{"a": [{"anything-but": "x"}]}"#, #"{"a": ["x", "x"]}"#, false),
        Case(#"{"a": [{"anything-but": ["x", "y"]}]}"#, #"{"a": "y"}"#, false),
        Case(#"{"a": [{"anything-but": ["x", "y"]}]}"#, #"{"a": "z"}"#, true),
        Case(#"{"a": [{"anything-but": 5}]}"#, #"{"a": 5.0}"#, false),
        Case(#"{"a": [{"anything-but": 5}]}"#, #"{"a": "5"}"#, true),
        Case(#"{"a": [{"anything-but": [100, 200]}]}"#, #"{"a": [100, 50]}"#, true),
        Case(#"{"a": [{"anything-but": [100, 200]}]}"#, #"{"a": 200}"#, false),
        Case(#"{"a": [{"anything-but": {"prefix": "init"}}]}"#, #"{"a": "initializing"}"#, false),
        Case(#"{"a": [{"anything-but": {"prefix": "init"}}]}"#, #"{"a": "running"}"#, true),
        Case(#"{"a": [{"anything-but": {"prefix": "init"}}]}"#, #"{"a": 5}"#, true),
        Case(#"{"a": [{"anything-but": {"prefix": ["a", "b"]}}]}"#, #"{"a": "bee"}"#, false),
        Case(#"{"a": [{"anything-but": {"suffix": ".png"}}]}"#, #"{"a": "x.png"}"#, false),
        Case(#"{"a": [{"anything-but": {"suffix": [".png", ".jpg"]}}]}"#, #"{"a": "x.gif"}"#, true),
        Case(#"{"a": [{"anything-but": {"equals-ignore-case": "Stopped"}}]}"#, #"{"a": "STOPPED"}"#, false),
        Case(#"{"a": [{"anything-but": {"equals-ignore-case": ["Stopped", "OverLoaded"]}}]}"#, #"{"a": "run"}"#, true),
        Case(#"{"a": [{"anything-but": {"wildcard": "*/bin/*.jar"}}]}"#, #"{"a": "/usr/bin/x.jar"}"#, false),
        Case(#"{"a": [{"anything-but": {"wildcard": ["*/bin/*.jar", "*.class"]}}]}"#, #"{"a": "A.class"}"#, false),
        Case(#"{"a": [{"anything-but": {"wildcard": "*/bin/*.jar"}}]}"#, #"{"a": "/usr/lib/x.jar"}"#, true),
        Case(#"{"a": [{"anything-but": "x"}, "x"]}"#, #"{"a": "x"}"#, true),
    ]

    static let numeric: [Case] = [
        Case(#"{"a": [{"numeric": [">", 0, "<=", 5]}]}"#, #"{"a": 5}"#, true),
        Case(#"{"a": [{"numeric": [">", 0, "<=", 5]}]}"#, #"{"a": 0}"#, false),
        Case(#"{"a": [{"numeric": [">=", 0, "<", 5]}]}"#, #"{"a": 0}"#, true),
        Case(#"{"a": [{"numeric": [">=", 0, "<", 5]}]}"#, #"{"a": 5}"#, false),
        Case(#"{"a": [{"numeric": ["<", 10]}]}"#, #"{"a": -1e30}"#, true),
        Case(#"{"a": [{"numeric": ["<=", 10]}]}"#, #"{"a": 10.0}"#, true),
        Case(#"{"a": [{"numeric": [">", 1e9]}]}"#, #"{"a": 6e10}"#, true),
        Case(#"{"a": [{"numeric": ["=", 3.018e2]}]}"#, #"{"a": 301.8}"#, true),
        Case(#"{"a": [{"numeric": ["=", 3.018e2]}]}"#, #"{"a": 301.80001}"#, false),
        Case(#"{"a": [{"numeric": [">", 0]}]}"#, #"{"a": "5"}"#, false),
        Case(#"{"a": [{"numeric": [">", 0]}]}"#, #"{"a": [-1, 3]}"#, true),
        Case(#"{"a": [{"numeric": [">", 0]}, {"numeric": ["<", -10]}]}"#, #"{"a": -20}"#, true),
    ]

    static let cidr: [Case] = [
        Case(#"{"a": [{"cidr": "10.0.0.0/24"}]}"#, #"{"a": "10.0.0.255"}"#, true),
        Case(#"{"a": [{"cidr": "10.0.0.0/24"}]}"#, #"{"a": "10.0.1.0"}"#, false),
        Case(#"{"a": [{"cidr": "10.0.0.33/24"}]}"#, #"{"a": "10.0.0.1"}"#, false),
        Case(#"{"a": [{"cidr": "10.0.0.0/8"}]}"#, #"{"a": "10.200.3.4"}"#, true),
        Case(#"{"a": [{"cidr": "0.0.0.0/0"}]}"#, #"{"a": "255.255.255.255"}"#, true),
        Case(#"{"a": [{"cidr": "10.0.0.0/8"}]}"#, #"{"a": "not an address"}"#, false),
        Case(#"{"a": [{"cidr": "10.0.0.0/8"}]}"#, #"{"a": "::ffff:a00:1"}"#, true),
        Case(#"{"a": [{"cidr": "10.0.0.0/8"}]}"#, #"{"a": "::a00:1"}"#, false),
        Case(#"{"a": [{"cidr": "2001:db8::/32"}]}"#, #"{"a": "2001:db8:ffff::1"}"#, true),
        Case(#"{"a": [{"cidr": "2001:db8::/32"}]}"#, #"{"a": "2001:db9::1"}"#, false),
        Case(#"{"a": [{"cidr": "::/0"}]}"#, #"{"a": "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}"#, true),
        Case(#"{"a": [{"cidr": "::/0"}]}"#, #"{"a": "10.0.0.1"}"#, false),
        Case(#"{"a": [{"cidr": "2001:db8::/64"}]}"#, #"{"a": "2001:db8::ffff:ffff:ffff:ffff"}"#, true),
        Case(#"{"a": [{"cidr": "2001:db8::/64"}]}"#, #"{"a": "2001:db8:0:1::"}"#, false),
    ]

    static let exists: [Case] = [
        Case(#"{"a": [{"exists": true}]}"#, #"{"a": null}"#, true),
        Case(#"{"a": [{"exists": true}]}"#, #"{"a": {"b": 1}}"#, false),
        Case(#"{"a": [{"exists": true}]}"#, #"{"a": []}"#, false),
        Case(#"{"a": [{"exists": true}]}"#, #"{"a": {}}"#, false),
        Case(#"{"a": [{"exists": false}]}"#, #"{"a": {"b": 1}}"#, true),
        Case(#"{"a": [{"exists": false}]}"#, #"{"a": []}"#, true),
        Case(#"{"a": [{"exists": false}]}"#, #"{"a": 0}"#, false),
        Case(#"{"a": [{"exists": false}]}"#, #"{"b": 0}"#, true),
        Case(#"{"a": {"b": [{"exists": true}]}}"#, #"{"a": {"b": [1]}}"#, true),
        Case(#"{"a": [{"exists": false}, "x"]}"#, #"{"a": "x"}"#, true),
        Case(#"{"a": [{"exists": false}, "x"]}"#, #"{"a": "y"}"#, false),
        Case(#"{"a": [{"exists": false}, "x"]}"#, #"{"b": "y"}"#, true),
        Case(#"{"a": [{"exists": true}, {"exists": false}]}"#, #"{"b": "y"}"#, true),
        Case(#"{"a": [{"exists": false}], "b": [{"exists": false}]}"#, #"{"c": 1}"#, true),
        Case(#"{"a": [{"exists": false}], "b": [{"exists": false}]}"#, #"{"b": 1}"#, false),
    ]

    static let wildcard: [Case] = [
        Case(#"{"a": [{"wildcard": "Simple*Service"}]}"#, #"{"a": "SimpleQueueService"}"#, true),
        Case(#"{"a": [{"wildcard": "Simple*Service"}]}"#, #"{"a": "SimpleService"}"#, true),
        Case(#"{"a": [{"wildcard": "Simple*Service"}]}"#, #"{"a": "SimpleQueueServices"}"#, false),
        Case(#"{"a": [{"wildcard": "*"}]}"#, #"{"a": ""}"#, true),
        Case(#"{"a": [{"wildcard": "*"}]}"#, #"{"a": 5}"#, false),
        Case(#"{"a": [{"wildcard": "a*a"}]}"#, #"{"a": "a"}"#, false),
        Case(#"{"a": [{"wildcard": "a*a"}]}"#, #"{"a": "aa"}"#, true),
        Case(#"{"a": [{"wildcard": "*.jpg"}]}"#, #"{"a": "https://example.com/9943.jpg"}"#, true),
        Case(#"{"a": [{"wildcard": "https://example.*/*.jpg"}]}"#, #"{"a": "https://example.com/9943.jpg"}"#, true),
        Case(#"{"a": [{"wildcard": "a*b*c"}]}"#, #"{"a": "abbbcbc"}"#, true),
        Case(#"{"a": [{"wildcard": "a*b*c"}]}"#, #"{"a": "acb"}"#, false),
        Case(#"{"a": [{"wildcard": "a\\*b"}]}"#, #"{"a": "a*b"}"#, true),
        Case(#"{"a": [{"wildcard": "a\\*b"}]}"#, #"{"a": "axb"}"#, false),
        Case(#"{"a": [{"wildcard": "a\\\\b"}]}"#, #"{"a": "a\\b"}"#, true),
        Case(#"{"a": [{"wildcard": "a\\*\\*\\\\.b"}]}"#, #"{"a": "a**\\.b"}"#, true),
        Case(#"{"a": [{"wildcard": "xy"}]}"#, #"{"a": "xy"}"#, true),
        Case(#"{"a": [{"wildcard": ""}]}"#, #"{"a": ""}"#, true),
    ]

    static let orAndNesting: [Case] = [
        Case(#"{"s": ["x"], "$or": [{"a": ["1"]}, {"b": ["2"]}]}"#, #"{"s": "x", "b": "2"}"#, true),
        Case(#"{"s": ["x"], "$or": [{"a": ["1"]}, {"b": ["2"]}]}"#, #"{"s": "y", "b": "2"}"#, false),
        Case(#"{"s": ["x"], "$or": [{"a": ["1"]}, {"b": ["2"]}]}"#, #"{"s": "x"}"#, false),
        Case(#"{"$or": [{"a": ["1"]}, {"b": ["2"], "$or": [{"c": [3]}, {"d": [4]}]}]}"#, #"{"b": "2", "d": 4}"#, true),
        Case(#"{"$or": [{"a": ["1"]}, {"b": ["2"], "$or": [{"c": [3]}, {"d": [4]}]}]}"#, #"{"b": "2"}"#, false),
        Case(#"{"d": {"$or": [{"a": ["1"]}, {"b": ["2"]}]}}"#, #"{"d": {"b": "2"}}"#, true),
        Case(#"{"a": ["x"], "$or": [{"a": ["y"]}, {"b": ["z"]}]}"#, #"{"a": "y"}"#, true),
        Case(#"{"a": ["x"], "$or": [{"a": ["y"]}, {"b": ["z"]}]}"#, #"{"a": "x", "b": "z"}"#, true),
        Case(#"{"$or": [{"a": [{"exists": false}]}, {"b": ["1"]}]}"#, #"{"a": 1, "b": "1"}"#, true),
        Case(#"{"$or": [{"a": [{"exists": false}]}, {"b": ["1"]}]}"#, #"{"a": 1}"#, false),
    ]

    static let arrays: [Case] = [
        Case(
            #"{"e": {"f": ["Anna"], "l": ["Smith"]}}"#,
            #"{"e": [{"f": "John", "l": "Smith"}, {"f": "Anna", "l": "Smith"}]}"#,
            true
        ),
        Case(
            #"{"e": {"f": ["Anna"], "l": ["Doe"]}}"#,
            #"{"e": [{"f": "John", "l": "Doe"}, {"f": "Anna", "l": "Smith"}]}"#,
            false
        ),
        Case(#"{"e": {"f": ["Anna"], "x": [{"exists": false}]}}"#, #"{"e": [{"f": "Anna"}, {"x": 1}]}"#, true),
        Case(#"{"e": {"f": ["Anna"], "x": [{"exists": false}]}}"#, #"{"e": [{"f": "Anna", "x": 1}]}"#, false),
        Case(#"{"e": {"f": ["Anna"]}, "t": ["x"]}"#, #"{"e": [{"f": "Anna"}], "t": ["y", "x"]}"#, true),
        Case(#"{"a": [1], "a.b": [2]}"#, #"{"a": [1, {"b": 2}]}"#, true),
        Case(#"{"m": {"n": ["a"], "v": [1]}}"#, #"{"m": [[{"n": "a"}], [{"v": 1}]]}"#, false),
        Case(#"{"m": {"n": ["a"], "v": [1]}}"#, #"{"m": [[{"n": "a", "v": 1}]]}"#, true),
        Case(#"{"m": {"n": ["a"], "v": [1]}}"#, #"{"m": [[{"n": "a"}, {"v": 1}]]}"#, false),
        Case(#"{"x": [3], "y": {"z": [4]}}"#, #"{"x": [[1, 3]], "y": [{"z": 4}]}"#, true),
        Case(
            #"{"r": {"type": ["AWS::S3::Object"], "ARN": [{"prefix": "arn:aws:s3:::b/"}]}}"#,
            #"{"r": [{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::b"}, {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/k"}]}"#,
            true
        ),
        Case(
            #"{"r": {"type": ["AWS::S3::Bucket"], "ARN": [{"prefix": "arn:aws:s3:::b/"}]}}"#,
            #"{"r": [{"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::b"}, {"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/k"}]}"#,
            false
        ),
    ]

    @Test(
        arguments: exactValues + prefixSuffix + anythingBut + numeric + cidr + exists + wildcard + orAndNesting + arrays
    )
    func operatorCase(_ item: Case) throws {
        let pattern = try EventPattern(json: item.pattern)
        let event = try EventPatternFixtures.flatten(item.event)
        #expect(try EventPatternFixtures.matches(pattern, event) == item.matches)
    }

    @Test func envelopeFieldsOfACloudTrailEvent() throws {
        var event = try FlatJSON(
            parsing: Array(
                #"{"eventName": "StopLogging", "userIdentity": {"type": "Root"}, "resources": [{"ARN": "arn:1"}]}"#.utf8
            ),
            prefix: "detail"
        )
        event.append(path: "source", string: "aws.cloudtrail")
        event.append(path: "detail-type", string: "AWS API Call via CloudTrail")
        event.append(path: "resources", strings: ["arn:aws:cloudtrail:us-east-1:1:trail/t"])
        let cases: [(String, Bool)] = [
            (#"{"source": ["aws.cloudtrail"], "detail": {"eventName": ["StopLogging"]}}"#, true),
            (
                #"{"detail-type": ["AWS API Call via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}"#,
                true
            ),
            (#"{"resources": [{"prefix": "arn:aws:cloudtrail:"}], "detail": {"resources": {"ARN": ["arn:1"]}}}"#, true),
            (#"{"detail": [{"exists": true}]}"#, false),
            (#"{"detail": {"eventName": [{"anything-but": ["StopLogging", "DeleteTrail"]}]}}"#, false),
            (#"{"source": ["aws.cloudtrail"], "detail": {"errorCode": [{"exists": false}]}}"#, true),
        ]
        for (json, expected) in cases {
            #expect(try EventPatternFixtures.matches(EventPattern(json: json), event) == expected, "\(json)")
        }
    }

    @Test func branchesAreFieldsSortedByPath() throws {
        let pattern = try EventPattern(
            json: #"{"z": ["1"], "a": {"c": [2], "b": [null]}, "$or": [{"m": ["x"]}, {"n": ["y"]}]}"#
        )
        #expect(pattern.branches.map { $0.map(\.path) } == [["a.b", "a.c", "m", "z"], ["a.b", "a.c", "n", "z"]])
        #expect(pattern.branches[0][0].values == [.literal(.null)])
        #expect(pattern.branches[0][1].values == [.number(2)])
    }
}
