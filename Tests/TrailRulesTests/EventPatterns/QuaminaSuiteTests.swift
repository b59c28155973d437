import Foundation
import Testing
import TrailRules
import TrailTestSupport

/// timbray/quamina's pattern-validity lists and sample events, where EventBridge agrees with quamina.
@Suite(.enabled(if: SharedTestData.isAvailable))
struct QuaminaSuiteTests {
    /// Patterns of quamina's lists on which EventBridge (event-ruler's `JsonRuleCompiler`) disagrees:
    ///
    /// - `shellstyle` is quamina's own operator; EventBridge rejects it ("Unrecognized match type
    ///   shellstyle"), so quamina's valid `shellstyle` patterns are left out (its invalid ones are invalid
    ///   in EventBridge too, and are kept).
    /// - EventBridge accepts a scalar `anything-but` (`{"anything-but": "foo"}`, `{"anything-but": 1}`;
    ///   the README's and the EventBridge guide's first examples), which quamina rejects.
    /// - EventBridge lets `exists` and `anything-but` share a field's list with other values
    ///   (`[{"exists": true}, 15]`, `[2, {"anything-but": ["foo"]}]`); the field matches when any of them
    ///   does. quamina requires them alone.
    static let notEventBridgeInvalid: Set<String> = [
        #"{"xxx": [ { "exists": true }, 15 ] }"#,
        #"{"a": [ {"anything-but": 1 } ] }"#,
        #"{"a": [ {"anything-but": "foo" } ] }"#,
        #"{"a": [ 2, {"anything-but": [ "foo" ] } ] }"#,
        #"{"a": [ {"anything-but": [ "foo" ] }, 2 ] }"#,
    ]

    static func lists() throws -> (valid: [String], invalid: [String]) {
        guard SharedTestData.isAvailable else { return ([], []) }
        let root = try EventPatternFixtures.json("quamina/pattern_validity.json") as? [String: Any] ?? [:]
        var valid: [String] = []
        var invalid: [String] = []
        for key in ["TestPatternFromJSON", "TestParseAnythingButPattern"] {
            let group = root[key] as? [String: [String]] ?? [:]
            valid += group["valid", default: []]
            invalid += group["invalid", default: []]
        }
        return (valid, invalid)
    }

    static func validPatterns() throws -> [String] {
        try lists().valid.filter { !$0.contains("shellstyle") }
    }

    static func invalidPatterns() throws -> [String] {
        try lists().invalid.filter { !notEventBridgeInvalid.contains($0) }
    }

    @Test(arguments: try validPatterns())
    func acceptsValid(_ json: String) throws {
        _ = try EventPattern(json: json)
    }

    @Test(arguments: try invalidPatterns())
    func rejectsInvalid(_ json: String) {
        #expect(throws: EventPatternError.self) { try EventPattern(json: json) }
    }

    @Test(arguments: Array(notEventBridgeInvalid).sorted())
    func acceptsWhatOnlyQuaminaRejects(_ json: String) throws {
        _ = try EventPattern(json: json)
    }

    @Test func listsAreComplete() throws {
        let lists = try Self.lists()
        #expect(lists.valid.count == 15)
        #expect(lists.invalid.count == 49)
        #expect(Set(lists.invalid).isSuperset(of: Self.notEventBridgeInvalid))
    }

    /// quamina's sample events: a CityLots feature (nested coordinate arrays), a tweet (`status.json`),
    /// with patterns whose results follow from the documents.
    @Test func sampleEvents() throws {
        let lot = try EventPatternFixtures.flatten(EventPatternFixtures.text("quamina/testdata/cl-sample-0"))
        let status = try EventPatternFixtures.flatten(EventPatternFixtures.text("quamina/testdata/status.json"))
        let cases: [(pattern: String, lot: Bool, status: Bool)] = [
            (#"{"properties": {"STREET": ["GREENWICH"]}}"#, true, false),
            (#"{"properties": {"STREET": [{"prefix": "GREEN"}], "ODD_EVEN": ["O"]}}"#, true, false),
            (#"{"geometry": {"coordinates": [{"numeric": ["<", -122.4248]}]}}"#, true, false),
            (#"{"geometry": {"coordinates": [0]}}"#, true, false),
            (#"{"geometry": {"type": [{"anything-but": ["Polygon"]}]}}"#, false, false),
            (#"{"context": {"user_id": [9034], "friends_count": [{"numeric": [">", 100]}]}}"#, false, true),
            (#"{"payload": {"user": {"id_str": ["903487807"]}}}"#, false, true),
            (#"{"payload": {"in_reply_to_status_id": [null], "truncated": [false]}}"#, false, true),
            (#"{"payload": {"user": {"entities": {"url": {"urls": {"indices": [22]}}}}}}"#, false, true),
            (#"{"payload": {"metadata": {"iso_language_code": [{"equals-ignore-case": "JA"}]}}}"#, false, true),
            (#"{"payload": {"text": [{"wildcard": "RT @KATANA77*"}]}}"#, false, true),
            (#"{"payload": {"nonexistent": [{"exists": false}]}, "type": [{"exists": false}]}"#, false, true),
        ]
        for (json, onLot, onStatus) in cases {
            let pattern = try EventPattern(json: json)
            #expect(try EventPatternFixtures.matches(pattern, lot) == onLot, "\(json)")
            #expect(try EventPatternFixtures.matches(pattern, status) == onStatus, "\(json)")
        }
    }
}
