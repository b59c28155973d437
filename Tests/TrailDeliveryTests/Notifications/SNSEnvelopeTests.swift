import Crypto
import Foundation
import Testing
import TrailDelivery
import TrailModel

@Suite struct SNSEnvelopeTests {
    static let secret = NotificationSecret("0123456789abcdef-test-secret")
    static let message = DeliveryNotification(
        s3Bucket: "trail-bucket",
        s3ObjectKeys: [
            "AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"
                + "111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"
        ]
    ).message

    static func envelope(subject: String? = nil) -> SNSEnvelope {
        SNSEnvelope(
            messageID: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            topicARN: "arn:aws:sns:us-east-2:111122223333:trail-topic",
            subject: subject,
            message: message,
            timestamp: "2015-08-01T02:10:37.250Z"
        )
    }

    @Test func deliveryNotificationMessage() throws {
        #expect(
            Self.message
                == #"{"s3Bucket":"trail-bucket","s3ObjectKey":["AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/"#
                + #"111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz"]}"#
        )
        let several = DeliveryNotification(s3Bucket: "b", s3ObjectKeys: ["k1", "k2"])
        #expect(several.message == #"{"s3Bucket":"b","s3ObjectKey":["k1","k2"]}"#)
        #expect(try DeliveryNotification(message: several.message) == several)
        #expect(throws: NotificationError(.invalidMessage, "")) { try DeliveryNotification(message: "{}") }
        #expect(throws: NotificationError(.invalidMessage, "")) { try DeliveryNotification(message: "not json") }
    }

    @Test func deliveryNotificationCodableUsesCloudTrailNames() throws {
        let data = try JSONEncoder().encode(DeliveryNotification(s3Bucket: "b", s3ObjectKeys: ["k"]))
        let value = try JSONValue(parsing: Array(data))
        #expect(value["s3ObjectKey"] == .array([.string("k")]))
        #expect(value["s3Bucket"] == .string("b"))
    }

    @Test func timestampsHaveMillisecondsAndZ() {
        #expect(SNSEnvelope.timestamp(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(SNSEnvelope.timestamp(milliseconds: 1_438_395_037_250) == "2015-08-01T02:10:37.250Z")
        #expect(SNSEnvelope.timestamp(milliseconds: 1_438_395_037_005) == "2015-08-01T02:10:37.005Z")
        #expect(SNSEnvelope.timestamp(Date(timeIntervalSince1970: 1_438_395_037.25)) == "2015-08-01T02:10:37.250Z")
    }

    @Test func messageIDsAreLowercaseUUIDs() {
        let id = SNSEnvelope.newMessageID()
        #expect(UUID(uuidString: id) != nil)
        #expect(id == id.lowercased())
        #expect(id != SNSEnvelope.newMessageID())
    }

    @Test func stringToSignWithoutSubject() {
        #expect(
            Self.envelope().stringToSign
                == "Message\n\(Self.message)\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
                + "Timestamp\n2015-08-01T02:10:37.250Z\nTopicArn\narn:aws:sns:us-east-2:111122223333:trail-topic\n"
                + "Type\nNotification\n"
        )
    }

    @Test func stringToSignWithSubject() {
        #expect(
            Self.envelope(subject: "Log delivery").stringToSign
                == "Message\n\(Self.message)\nMessageId\n22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324\n"
                + "Subject\nLog delivery\n"
                + "Timestamp\n2015-08-01T02:10:37.250Z\nTopicArn\narn:aws:sns:us-east-2:111122223333:trail-topic\n"
                + "Type\nNotification\n"
        )
    }

    @Test func signedBodyHasSNSMembersInOrder() throws {
        let signed = Self.envelope(subject: "Log delivery").signed(
            with: Self.secret,
            signingCertURL: "https://opentrail.example/signing",
            unsubscribeURL: "https://opentrail.example/unsubscribe"
        )
        let value = try JSONValue(parsing: signed.body)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.key) == [
                "Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature",
                "SigningCertURL", "UnsubscribeURL",
            ]
        )
        #expect(value["Type"] == .string("Notification"))
        #expect(value["Message"] == .string(Self.message))
        #expect(value["SignatureVersion"] == .string("opentrail-hmac-sha256-1"))
        #expect(value["SigningCertURL"] == .string("https://opentrail.example/signing"))
        // The signature is the base64 HMAC-SHA256 of the string to sign under the secret.
        let expected = Data(
            HMAC<SHA256>.authenticationCode(
                for: Array(signed.stringToSign.utf8),
                using: SymmetricKey(data: Array("0123456789abcdef-test-secret".utf8))
            )
        ).base64EncodedString()
        #expect(signed.signature == expected)
        #expect(signed.isSignatureValid(secret: Self.secret))
        #expect(!signed.isSignatureValid(secret: NotificationSecret("another-secret-of-enough-length")))
        // Reading the body back gives the same envelope.
        #expect(try SNSEnvelope(parsing: signed.body) == signed)
    }

    @Test func bodyWithoutSubjectOrSignatureLeavesThemOut() throws {
        let value = try JSONValue(parsing: Self.envelope().body)
        guard case .object(let members) = value else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.key) == ["Type", "MessageId", "TopicArn", "Message", "Timestamp"])
    }

    @Test func webhookRequestHeaders() {
        let request = Self.envelope().webhookRequest(secret: Self.secret)
        let headers = Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(headers["x-amz-sns-message-type"] == "Notification")
        #expect(headers["x-amz-sns-message-id"] == "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324")
        #expect(headers["x-amz-sns-topic-arn"] == "arn:aws:sns:us-east-2:111122223333:trail-topic")
        #expect(headers["Content-Type"] == "text/plain; charset=UTF-8")
        #expect(headers["X-OpenTrail-Timestamp"] == "2015-08-01T02:10:37.250Z")
        let expected =
            "sha256="
            + HexText.encode(
                HMAC<SHA256>.authenticationCode(
                    for: request.body,
                    using: SymmetricKey(data: Array("0123456789abcdef-test-secret".utf8))
                )
            )
        #expect(headers["X-OpenTrail-Signature"] == expected)
        #expect(!request.headers.contains { $0.value.contains("0123456789abcdef-test-secret") })
    }

    static func headers(of request: (body: [UInt8], headers: [(name: String, value: String)])) -> [String: String] {
        Dictionary(request.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    @Test func verifyAcceptsAGenuineDelivery() throws {
        let request = Self.envelope(subject: "s").webhookRequest(secret: Self.secret)
        var headers = Self.headers(of: request)
        // Receivers may see header names in any case.
        headers["x-opentrail-signature"] = headers.removeValue(forKey: "X-OpenTrail-Signature")
        let envelope = try SNSEnvelope.verify(body: request.body, headers: headers, secret: Self.secret)
        #expect(envelope.message == Self.message)
        #expect(envelope.subject == "s")
        #expect(try DeliveryNotification(message: envelope.message).s3Bucket == "trail-bucket")
    }

    @Test func verifyRejectsATamperedBody() {
        let request = Self.envelope().webhookRequest(secret: Self.secret)
        var body = request.body
        let text = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "trail-bucket", with: "evil-bucket")
        body = Array(text.utf8)
        #expect(throws: NotificationError(.invalidSignature, "")) {
            try SNSEnvelope.verify(body: body, headers: Self.headers(of: request), secret: Self.secret)
        }
    }

    @Test func verifyRejectsATamperedEnvelopeEvenWithAMatchingBodySignature() {
        // Someone who could re-sign the body but not the envelope (or a body signed with one key and an envelope
        // with another) is caught by the envelope's own signature.
        var envelope = Self.envelope().signed(with: Self.secret)
        envelope.message = #"{"s3Bucket":"evil","s3ObjectKey":[]}"#
        let body = envelope.body
        var headers = Self.headers(of: Self.envelope().webhookRequest(secret: Self.secret))
        headers["X-OpenTrail-Signature"] = SNSEnvelope.bodySignature(for: body, secret: Self.secret)
        #expect(throws: NotificationError(.invalidSignature, "")) {
            try SNSEnvelope.verify(body: body, headers: headers, secret: Self.secret)
        }
    }

    @Test func verifyRejectsTheWrongSecretAndMissingOrMismatchedHeaders() {
        let request = Self.envelope().webhookRequest(secret: Self.secret)
        let headers = Self.headers(of: request)
        #expect(throws: NotificationError(.invalidSignature, "")) {
            try SNSEnvelope.verify(
                body: request.body,
                headers: headers,
                secret: NotificationSecret("a-different-secret-value")
            )
        }
        for (name, value) in [
            ("X-OpenTrail-Signature", nil),
            ("X-OpenTrail-Signature", "sha256=zz"),
            ("X-OpenTrail-Signature", "md5=00"),
            ("X-OpenTrail-Timestamp", "2015-08-01T02:10:38.000Z"),
            ("X-OpenTrail-Timestamp", nil),
            ("x-amz-sns-message-id", "00000000-0000-0000-0000-000000000000"),
            ("x-amz-sns-topic-arn", "arn:aws:sns:us-east-2:111122223333:other"),
        ] as [(String, String?)] {
            var changed = headers
            changed[name] = value
            #expect(throws: NotificationError(.invalidSignature, ""), "\(name): \(value ?? "absent")") {
                try SNSEnvelope.verify(body: request.body, headers: changed, secret: Self.secret)
            }
        }
    }

    @Test func verifyChecksAgeWhenAsked() throws {
        let request = Self.envelope().webhookRequest(secret: Self.secret)
        let headers = Self.headers(of: request)
        let published = Date(timeIntervalSince1970: 1_438_395_037.25)
        _ = try SNSEnvelope.verify(
            body: request.body,
            headers: headers,
            secret: Self.secret,
            maximumAge: .seconds(300),
            now: published.addingTimeInterval(299)
        )
        #expect(throws: NotificationError(.invalidSignature, "")) {
            try SNSEnvelope.verify(
                body: request.body,
                headers: headers,
                secret: Self.secret,
                maximumAge: .seconds(300),
                now: published.addingTimeInterval(301)
            )
        }
    }

    @Test func parsingRejectsWhatIsNotAnEnvelope() {
        for body in [
            "", "[]", #"{"Type":"Notification"}"#,
            #"{"Type":1,"MessageId":"a","TopicArn":"b","Message":"c","Timestamp":"d"}"#,
        ] {
            #expect(throws: NotificationError(.invalidMessage, ""), "\(body)") {
                try SNSEnvelope(parsing: Array(body.utf8))
            }
        }
    }
}
