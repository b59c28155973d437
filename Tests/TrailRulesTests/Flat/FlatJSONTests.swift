import Testing
import TrailTestSupport

@testable import TrailRules

@Suite struct FlatJSONTests {
    func flatten(_ text: String, prefix: String = "") throws -> FlatJSON {
        try FlatJSON(parsing: Array(text.utf8), prefix: prefix)
    }

    func summary(_ flat: FlatJSON) -> [String] {
        flat.entries.map { entry in
            let arrays = flat.arrayPositions(entry).map { "[\($0.array)#\($0.index)@\($0.keyDepth)]" }.joined()
            return "\(flat.pathString(entry))\(arrays) \(entry.kind) \(flat.valueString(entry))"
        }
    }

    @Test func valuesInDocumentOrderWithPaths() throws {
        let flat = try flatten(#"{"a": "x", "b": {"c": 1.5e3, "d": [true, null, {"e": "y"}]}, "f": {}, "g": []}"#)
        #expect(
            summary(flat) == [
                "a string x",
                "b object ",
                "b.c number 1.5e3",
                "b.d array ",
                "b.d[0#0@2] true true",
                "b.d[0#1@2] null null",
                "b.d[0#2@2] object ",
                "b.d.e[0#2@2] string y",
                "f object ",
                "g array ",
            ]
        )
    }

    @Test func sourceRangesCoverTheValueText() throws {
        let text = #"{"a": {"b": [1, 2]}, "c": "q\"x"}"#
        let flat = try flatten(text)
        let bytes = Array(text.utf8)
        let sources = flat.entries.map { String(decoding: bytes[$0.source], as: UTF8.self) }
        #expect(sources == [#"{"b": [1, 2]}"#, "[1, 2]", "1", "2", #""q\"x""#])
    }

    @Test func escapesAreDecoded() throws {
        let flat = try flatten(#"{"k\u00e9y": "a\nb\u00e9\ud83d\ude00\/\\"}"#)
        #expect(flat.pathString(flat.entries[0]) == "kéy")
        #expect(flat.valueString(flat.entries[0]) == "a\nbé😀/\\")
    }

    @Test func prefixIsPartOfEveryPath() throws {
        var flat = try flatten(#"{"eventName": "StopLogging", "userIdentity": {"type": "Root"}}"#, prefix: "detail")
        flat.append(path: "source", string: "aws.cloudtrail")
        flat.append(path: "resources", strings: ["arn:1", "arn:2"])
        #expect(
            summary(flat) == [
                "detail.eventName string StopLogging",
                "detail.userIdentity object ",
                "detail.userIdentity.type string Root",
                "source string aws.cloudtrail",
                "resources array ",
                "resources[0#0@1] string arn:1",
                "resources[0#1@1] string arn:2",
            ]
        )
        #expect(flat.firstIndex(atRelativePath: "userIdentity.type") == 2)
        #expect(flat.firstIndex(atPath: "detail.userIdentity.type") == 2)
        #expect(flat.firstIndex(atPath: "source") == 3)
        #expect(flat.firstIndex(atRelativePath: "source") == nil)
    }

    @Test func samePathEntriesAreChained() throws {
        let flat = try flatten(#"{"r": [{"a": 1}, {"b": 2}, {"a": 3}], "a": 4}"#)
        let path = Array("r.a".utf8)
        var found: [String] = []
        flat.forEachIndex(pathHash: FlatJSON.hash(path), path: path[...]) {
            found.append(flat.valueString(flat.entries[$0]))
        }
        #expect(found == ["1", "3"])
        #expect(flat.firstIndex(atPath: "r.b").map { flat.valueString(flat.entries[$0]) } == "2")
        #expect(flat.firstIndex(atPath: "r.c") == nil)
    }

    @Test func entryHashesAreHashesOfTheirPaths() throws {
        let flat = try flatten(#"{"a": {"b": [{"c": 1}], "d": "e"}, "f": 2}"#, prefix: "detail")
        for entry in flat.entries {
            #expect(entry.pathHash == FlatJSON.hash(flat.pathBytes(entry)))
        }
    }

    @Test(arguments: [
        "", "[]", "\"x\"", "{", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{"a":01}"#, #"{"a":1} x"#,
        #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":tru}"#, #"{"a":[1 2]}"#, "{\"a\":\"\u{1}\"}",
    ])
    func malformedDocumentsAreRefused(_ text: String) {
        #expect(throws: FlatJSONError.self) { try flatten(text) }
    }

    @Test func deepNestingIsRefused() {
        let text = "{\"a\":" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}"
        #expect(throws: FlatJSONError.self) { try flatten(text) }
    }

    @Test(.enabled(if: SharedTestData.isAvailable)) func everySampleRecordFlattensToItsValues() throws {
        for (file, bytes) in try SharedTestData.cloudTrailRecords() {
            let flat = try FlatJSON(parsing: bytes, prefix: "detail")
            #expect(!flat.entries.isEmpty, "\(file)")
            for entry in flat.entries where entry.kind == .string {
                #expect(bytes[entry.source].first == UInt8(ascii: "\""), "\(file)")
            }
        }
    }
}
