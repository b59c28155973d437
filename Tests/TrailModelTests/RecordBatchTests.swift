import Testing
import TrailModel

@Suite struct RecordBatchTests {
    func split(_ text: String) throws -> [String] {
        let bytes = Array(text.utf8)
        return try RecordBatch.recordRanges(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func recordsDocumentKeepsEachRecordsBytes() throws {
        let text = #"{ "Records" : [ {"a": 1,  "b":"x]}\"y"} ,{"c":[1,{"d":null}]},{} ], "Other": {"Records": 5} }"#
        #expect(try split(text) == [#"{"a": 1,  "b":"x]}\"y"}"#, #"{"c":[1,{"d":null}]}"#, "{}"])
    }

    @Test func emptyRecordsArray() throws {
        #expect(try split(#"{"Records":[]}"#) == [])
    }

    @Test func newlineDelimitedRecords() throws {
        let text = "{\"a\":1}\n\n  {\"b\":2}  \r\n{\"c\":3}"
        #expect(try split(text) == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
    }

    @Test func aSingleRecordWithoutRecordsMemberIsOneLine() throws {
        #expect(try split(#"{"eventName":"X","Recordsish":[1]}"#) == [#"{"eventName":"X","Recordsish":[1]}"#])
    }

    @Test func badLinesStandAloneInNDJSON() throws {
        // Each line is returned; parsing the record then rejects the bad one on its own.
        #expect(try split("{\"a\":1}\nnot json\n{\"b\":2}") == ["{\"a\":1}", "not json", "{\"b\":2}"])
    }

    @Test(arguments: [
        #"{"Records":[{"a":1}"#, #"{"Records":[{"a":1},]}"#, #"{"Records":[{"a":"unterminated]}"#,
        #"{"Records":[1] } trailing"#,
    ])
    func malformedRecordsDocumentsAreRefused(text: String) {
        #expect(throws: JSONParseError.self) { try RecordBatch.recordRanges(in: Array(text.utf8)) }
    }
}
