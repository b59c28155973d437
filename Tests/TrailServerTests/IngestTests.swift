import AWSSigV4
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TrailModel

@testable import TrailServer

/// Signs a POST to an ingest endpoint as the AWS SDKs do for `cloudtrail-data`.
func ingestHeaders(
    path: String,
    query: String = "",
    body: String,
    service: String = "cloudtrail-data",
    date: Date
) -> HTTPFields {
    let request = SigV4Request(
        method: "POST",
        path: path,
        query: query,
        headers: [(name: "Host", value: "localhost"), (name: "Content-Type", value: "application/json")]
    )
    let signer = SigV4Signer(
        credentials: SigV4Credentials(accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey),
        region: "us-east-1",
        service: service
    )
    let signed = signer.sign(request, payloadHash: SigV4.payloadHash(Array(body.utf8)), date: date)
    var fields = HTTPFields()
    for header in signed.request.headers {
        fields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
    }
    return fields
}

extension TestClientProtocol {
    func post(
        _ path: String,
        query: String = "",
        body: String,
        service: String = "cloudtrail-data",
        date: Date
    ) async throws -> Answer {
        let uri = query.isEmpty ? path : "\(path)?\(query)"
        return try await execute(
            uri: uri,
            method: .post,
            headers: ingestHeaders(path: path, query: query, body: body, service: service, date: date),
            body: ByteBuffer(string: body)
        ) { response in
            Answer(
                status: response.status,
                json: (try? JSONValue(parsing: Array(response.body.readableBytesView))) ?? .null,
                headers: response.headers
            )
        }
    }
}

@Suite struct IngestTests {
    static let eventData =
        #"{"version":"1.0","userIdentity":{"type":"CustomUser","principalId":"alice"},"eventSource":"app.example","eventName":"Login","eventTime":"2026-11-20T10:00:00Z","UID":"u-1","recipientAccountId":"123456789012"}"#

    @Test func putAuditEventsStoresValidEventsAndAnswersPerEvent() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let created = try await client.call(
                SignedCall(
                    "CreateChannel",
                    #"{"Name":"app","Source":"Custom","Destinations":[{"Type":"EVENT_DATA_STORE","Location":"arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/x"}]}"#,
                    date: clock.now
                )
            )
            let channel = try #require(created.json["ChannelArn"]?.stringValue)
            let query = "channelArn=" + channel.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            var events: [JSONValue] = [
                .object([("id", .string("good")), ("eventData", .string(Self.eventData))]),
                .object([("id", .string("bad")), ("eventData", .string("{}"))]),
            ]
            let body = JSONValue.object([("auditEvents", .array(events))]).serializedString
            let answer = try await client.post("/PutAuditEvents", query: query, body: body, date: clock.now)
            #expect(answer.status == .ok)
            guard case .array(let successful)? = answer.json["successful"],
                case .array(let failed)? = answer.json["failed"]
            else {
                Issue.record("unexpected answer \(answer.json)")
                return
            }
            #expect(successful.map { $0["id"]?.stringValue } == ["good"])
            #expect(failed.map { $0["id"]?.stringValue } == ["bad"])
            #expect(failed.first?["errorCode"]?.stringValue == "FieldNotFound")
            let eventID = try #require(successful.first?["eventID"]?.stringValue)

            // The same id again is the same event, stored once.
            events.removeLast()
            let retry = try await client.post(
                "/PutAuditEvents",
                query: query,
                body: JSONValue.object([("auditEvents", .array(events))]).serializedString,
                date: clock.now
            )
            #expect(
                retry.json["successful"] == .array([.object([("eventID", .string(eventID)), ("id", .string("good"))])])
            )

            let lookup = try await client.call(
                SignedCall(
                    "LookupEvents",
                    #"{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"alice"}]}"#,
                    date: clock.now
                )
            )
            let stored = try records(lookup)
            #expect(stored.count == 1)
            #expect(stored.first?["eventID"]?.stringValue == eventID)
            #expect(stored.first?["eventCategory"]?.stringValue == "ActivityAuditLog")
            #expect(stored.first?["eventData"]?["eventName"]?.stringValue == "Login")
        }
    }

    @Test func putAuditEventsToAnUnknownChannel() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let body = JSONValue.object([
                ("auditEvents", .array([.object([("id", .string("a")), ("eventData", .string(Self.eventData))])]))
            ]).serializedString
            let answer = try await client.post(
                "/PutAuditEvents",
                query: "channelArn=arn%3Aaws%3Acloudtrail%3Aus-east-1%3A123456789012%3Achannel%2Fnope",
                body: body,
                date: clock.now
            )
            #expect(answer.errorType == "ChannelNotFound")
            // Signed for the control plane's service: refused.
            let wrongService = try await client.post(
                "/PutAuditEvents",
                body: body,
                service: "cloudtrail",
                date: clock.now
            )
            #expect(wrongService.errorType == "InvalidSignatureException")
        }
    }

    @Test func nativeBatchStoresEachRecordAsSentOrRejectsItAlone() async throws {
        let clock = TestClock()
        let app = try await buildApplication(testConfiguration(), logger: testLogger(), now: { clock.now })
        try await app.test(.router) { client in
            let first =
                #"{"eventVersion":"1.08","eventTime":"2026-11-20T10:00:00Z","eventName":"GetObject","eventID":"rec-1","customField":{"kept":true}}"#
            let body = "\(first)\nnot json\n{\"eventName\":\"NoID\"}\n\(first)"
            let answer = try await client.post("/v1/events", body: body, date: clock.now)
            #expect(answer.status == .ok)
            #expect(answer.json["stored"] == .int(2))
            #expect(answer.json["rejected"] == .int(1))
            #expect(answer.json["duplicates"] == .int(1))
            let lookup = try await client.call(
                SignedCall(
                    "LookupEvents",
                    #"{"LookupAttributes":[{"AttributeKey":"EventId","AttributeValue":"rec-1"}]}"#,
                    date: clock.now
                )
            )
            guard case .array(let events)? = lookup.json["Events"] else {
                Issue.record("no events")
                return
            }
            #expect(events.first?["CloudTrailEvent"]?.stringValue == first)

            let malformed = try await client.post("/v1/events", body: #"{"Records":[{"a":1}"#, date: clock.now)
            #expect(malformed.status == .badRequest)
            #expect(malformed.json["code"]?.stringValue == "MalformedBatch")
        }
    }

    @Test func auditEventIDsAreStablePerChannelAndID() {
        let a = IngestController.eventID(channel: "arn:aws:cloudtrail:us-east-1:123456789012:channel/c1", id: "x")
        #expect(a == IngestController.eventID(channel: "arn:aws:cloudtrail:us-east-1:123456789012:channel/c1", id: "x"))
        #expect(a != IngestController.eventID(channel: "arn:aws:cloudtrail:us-east-1:123456789012:channel/c2", id: "x"))
        #expect(a.count == 36 && Array(a)[14] == "8")
    }
}
