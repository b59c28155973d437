import AWSSigV4
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing
import TrailDelivery
import TrailServer

@Suite struct S3AccessTests {
    @Test(arguments: [
        (HTTPRequest.Method.put, "/store/new-key"), (.put, "/store"), (.delete, "/store/k"), (.delete, "/store"),
        (.post, "/store?delete"), (.post, "/store/k?uploads"), (.patch, "/store/k"),
    ])
    func writesAreRefusedAsReadOnly(method: HTTPRequest.Method, target: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("store", ["k": "v"])
            let parts = target.split(separator: "?", maxSplits: 1)
            var call = server.call(method, String(parts[0]), query: parts.count > 1 ? [(String(parts[1]), nil)] : [])
            call.body = Array("new bytes".utf8)
            let answer = try await client.s3(call)
            #expect(answer.status == .forbidden)
            #expect(answer.errorCode == "AccessDenied")
            #expect(answer.value("Message")?.contains("read-only") == true)

            // Nothing changed.
            #expect(try await client.s3(server.call(.get, "/store/k")).text == "v")
            #expect(try await client.s3(server.call(.get, "/store/new-key")).errorCode == "NoSuchKey")
        }
    }

    @Test(arguments: ["wrong-secret", "unknown-key", "expired", "future", "wrong-region", "tampered-query"])
    func refusedSignaturesAnswerS3Errors(kind: String) async throws {
        try await S3TestServer.run { client, server in
            try await server.put("guarded", ["k": "secret bytes"])
            var call = server.call(.get, "/guarded/k")
            var expected: (HTTPResponse.Status, String)
            switch kind {
            case "wrong-secret":
                call.key = AccessKey(accessKeyId: rootKey.accessKeyId, secretAccessKey: "not-the-secret-0123456789")
                expected = (.forbidden, "SignatureDoesNotMatch")
            case "unknown-key":
                call.key = AccessKey(accessKeyId: "AKIANOBODY0000000001", secretAccessKey: "whatever-secret-0123456789")
                expected = (.forbidden, "InvalidAccessKeyId")
            case "expired":
                call.date = server.clock.now.addingTimeInterval(-20 * 60)
                expected = (.forbidden, "RequestTimeTooSkewed")
            case "future":
                call.date = server.clock.now.addingTimeInterval(20 * 60)
                expected = (.forbidden, "RequestTimeTooSkewed")
            case "wrong-region":
                call.region = "xx-nowhere-1"
                expected = (.badRequest, "AuthorizationHeaderMalformed")
            default:
                expected = (.forbidden, "SignatureDoesNotMatch")
            }
            var (uri, headers) = call.signed
            if kind == "tampered-query" { uri += "?response-content-type=text/html" }
            let answer = try await client.execute(uri: uri, method: .get, headers: headers) { response in
                S3Answer(
                    status: response.status,
                    headers: response.headers,
                    body: Array(response.body.readableBytesView)
                )
            }
            #expect(answer.status == expected.0)
            #expect(answer.errorCode == expected.1)
            #expect(!answer.text.contains("secret bytes"))
            #expect(!answer.text.contains(rootKey.secretAccessKey))
            if kind == "unknown-key" { #expect(answer.value("AWSAccessKeyId") == "AKIANOBODY0000000001") }

            // HEAD answers the status alone.
            var head = call
            head.method = .head
            if kind != "tampered-query" {
                let refused = try await client.s3(head)
                #expect(refused.status == expected.0)
                #expect(refused.body.isEmpty)
            }
        }
    }

    @Test func presignedURLsAndUnsignedPayloadsAreAccepted() async throws {
        try await S3TestServer.run { client, server in
            try await server.put("shared", ["report.json": "{}"])
            var presigned = server.call(.get, "/shared/report.json")
            presigned.isPresigned = true
            let answer = try await client.s3(presigned)
            #expect(answer.status == .ok)
            #expect(answer.text == "{}")

            var expired = presigned
            expired.date = server.clock.now.addingTimeInterval(-3600)
            let refused = try await client.s3(expired)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "AccessDenied")

            var unsigned = server.call(.get, "/shared/report.json")
            unsigned.payloadHash = SigV4.unsignedPayload
            #expect(try await client.s3(unsigned).status == .ok)
        }
    }

    @Test func encryptedObjectsAreServedOnlyToPrincipalsThatMayDecrypt() async throws {
        try await S3TestServer.run { client, server in
            // Given an object encrypted for a trail with a KMS key, and a plain one.
            try await server.put(
                "sealed",
                ["AWSLogs/sealed.json.gz": "sealed records"],
                contentType: "application/json",
                encryption: .kms(keyId: "alias/opentrail")
            )
            try await server.put("sealed", ["plain.json": "plain records"])

            // Then alice (no decryptsObjects) is refused it on GET and HEAD...
            let refused = try await client.s3(server.call(.get, "/sealed/AWSLogs/sealed.json.gz", key: aliceKey))
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "AccessDenied")
            #expect(!refused.text.contains("sealed records"))
            let refusedHead = try await client.s3(server.call(.head, "/sealed/AWSLogs/sealed.json.gz", key: aliceKey))
            #expect(refusedHead.status == .forbidden)

            // ...but still sees it listed, and reads the plain object.
            let listing = try await client.s3(server.call(.get, "/sealed", query: [("list-type", "2")], key: aliceKey))
            #expect(listing.values("Key") == ["AWSLogs/sealed.json.gz", "plain.json"])
            #expect(listing.values("Size").first == String("sealed records".utf8.count))
            #expect(try await client.s3(server.call(.get, "/sealed/plain.json", key: aliceKey)).text == "plain records")

            // And root and bob (decryptsObjects: true) read it decrypted, with S3's SSE-KMS headers.
            for key in [rootKey, bobKey] {
                let answer = try await client.s3(server.call(.get, "/sealed/AWSLogs/sealed.json.gz", key: key))
                #expect(answer.status == .ok)
                #expect(answer.text == "sealed records")
                #expect(answer.header("x-amz-server-side-encryption") == "aws:kms")
                #expect(answer.header("x-amz-server-side-encryption-aws-kms-key-id") == "alias/opentrail")
                let head = try await client.s3(server.call(.head, "/sealed/AWSLogs/sealed.json.gz", key: key))
                #expect(head.status == .ok)
                #expect(head.header("Content-Length") == String("sealed records".utf8.count))
            }
        }
    }

    @Test func deliveredTrailFilesAreReadableThroughS3() async throws {
        try await S3TestServer.run { client, server in
            // Given a trail on the embedded store and a delivered event.
            let now = server.clock.now
            #expect(
                try await client.call(
                    SignedCall("CreateTrail", #"{"Name":"audit","S3BucketName":"delivered-logs"}"#, date: now)
                ).status == .ok
            )
            #expect(try await client.call(SignedCall("StartLogging", #"{"Name":"audit"}"#, date: now)).status == .ok)
            #expect(try await client.call(SignedCall("DescribeTrails", date: now)).status == .ok)
            let flushed = try await client.execute(
                uri: "/v1/delivery/flush",
                method: .post,
                headers: signedFlushHeaders(date: now)
            ) { $0.status }
            #expect(flushed == .ok)

            // Then the log file is listed and served, gzipped, as CloudTrail's.
            let listing = try await client.s3(
                server.call(.get, "/delivered-logs", query: [("list-type", "2"), ("encoding-type", "url")])
            )
            let keys = listing.values("Key")
            #expect(!keys.isEmpty)
            let key = try #require(keys.first { $0.hasSuffix(".json.gz") })
            #expect(key.hasPrefix("AWSLogs/\(server.configuration.accountId)/CloudTrail/us-east-1/"))
            let object = try await client.s3(server.call(.get, "/delivered-logs/" + key))
            #expect(object.status == .ok)
            #expect(object.body.starts(with: [0x1F, 0x8B]))
            #expect(object.header("Content-Type") == "application/json")
        }
    }
}

/// Headers of a `POST /v1/delivery/flush` signed for service `opentrail` by root.
func signedFlushHeaders(date: Date) -> HTTPFields {
    let signer = SigV4Signer(
        credentials: SigV4Credentials(accessKeyId: rootKey.accessKeyId, secretAccessKey: rootKey.secretAccessKey),
        region: "us-east-1",
        service: "opentrail"
    )
    let signed = signer.sign(
        SigV4Request(method: "POST", path: "/v1/delivery/flush", headers: [(name: "Host", value: "localhost")]),
        payloadHash: SigV4.payloadHash([UInt8]()),
        date: date
    )
    var fields = HTTPFields()
    for header in signed.request.headers {
        fields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
    }
    return fields
}
