import Foundation
import Testing
import TrailModel

@Suite struct AuditEventCodableTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func inputKeys() throws {
        #expect(
            try Self.encoded(AuditEventInput(id: "1", eventData: "{}", eventDataChecksum: "c"))
                == #"{"eventData":"{}","eventDataChecksum":"c","id":"1"}"#
        )
        #expect(try Self.encoded(AuditEventInput(id: "1", eventData: "{}")) == #"{"eventData":"{}","id":"1"}"#)
    }

    @Test func decodesARequestBody() throws {
        let body =
            #"{"auditEvents":[{"id":"1","eventData":"{\"a\":1}"},{"id":"2","eventData":"{}","eventDataChecksum":"x"}]}"#
        let decoded = try JSONDecoder().decode([String: [AuditEventInput]].self, from: Data(body.utf8))
        #expect(
            decoded["auditEvents"] == [
                AuditEventInput(id: "1", eventData: #"{"a":1}"#),
                AuditEventInput(id: "2", eventData: "{}", eventDataChecksum: "x"),
            ]
        )
    }

    @Test func eventDataIsRequired() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(AuditEventInput.self, from: Data(#"{"id":"1"}"#.utf8))
        }
    }

    @Test func resultKeys() throws {
        let result = PutAuditEventsResult(
            successful: [AuditEventSuccess(id: "1", eventID: "e-1")],
            failed: [AuditEventFailure(id: "2", errorCode: "InvalidChecksum", errorMessage: "m")]
        )
        #expect(
            try Self.encoded(result)
                == #"{"failed":[{"errorCode":"InvalidChecksum","errorMessage":"m","id":"2"}],"#
                + #""successful":[{"eventID":"e-1","id":"1"}]}"#
        )
        #expect(try Self.encoded(PutAuditEventsResult()) == #"{"failed":[],"successful":[]}"#)
        let decoded = try JSONDecoder().decode(PutAuditEventsResult.self, from: Data(try Self.encoded(result).utf8))
        #expect(decoded == result)
    }
}
