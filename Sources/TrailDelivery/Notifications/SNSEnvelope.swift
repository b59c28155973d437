import Foundation
import TrailModel

/// The JSON document an SNS topic POSTs to an HTTP or HTTPS subscriber for a `Notification`:
///
/// ```json
/// {"Type":"Notification","MessageId":"…","TopicArn":"arn:aws:sns:…","Subject":"…","Message":"…",
///  "Timestamp":"2024-05-01T12:34:56.789Z","SignatureVersion":"…","Signature":"…","SigningCertURL":"…",
///  "UnsubscribeURL":"…"}
/// ```
///
/// Members keep SNS's names and order; `Subject` is left out when there is none, as SNS does. OpenTrail has no
/// AWS signing certificate, so a signed envelope carries ``hmacSignatureVersion`` and an HMAC-SHA256 under the
/// subscription's secret instead (see `SNSEnvelope+Signing.swift`). An unsigned envelope (what commands get on
/// their standard input) leaves the four signature members out.
package struct SNSEnvelope: Sendable, Hashable {
    /// The `Type` of a notification.
    package static let notificationType = "Notification"
    /// The `SignatureVersion` of OpenTrail's HMAC signatures.
    package static let hmacSignatureVersion = "opentrail-hmac-sha256-1"

    /// `Type`: `Notification`.
    package var type: String
    /// `MessageId`: a UUID, the same for every subscription and every retry of one publish.
    package var messageID: String
    /// `TopicArn`: the topic published to.
    package var topicARN: String
    /// `Subject`, if the publisher gave one.
    package var subject: String?
    /// `Message`: the published text (for deliveries, ``DeliveryNotification/message``).
    package var message: String
    /// `Timestamp`: when the message was published, ISO 8601 UTC with milliseconds (`2024-05-01T12:34:56.789Z`).
    package var timestamp: String
    /// `SignatureVersion`, when signed.
    package var signatureVersion: String?
    /// `Signature`, base64, when signed.
    package var signature: String?
    /// `SigningCertURL`, when signed. OpenTrail has no certificate; this is whatever URL the operator configured
    /// (documentation of the HMAC scheme, say), or empty.
    package var signingCertURL: String?
    /// `UnsubscribeURL`, when signed; the configured URL, or empty.
    package var unsubscribeURL: String?

    /// Creates an unsigned envelope.
    ///
    /// - Parameters:
    ///   - messageID: the message's UUID (see ``newMessageID()``).
    ///   - topicARN: the topic's ARN.
    ///   - subject: the optional subject.
    ///   - message: the message text.
    ///   - timestamp: the publish time (see ``timestamp(milliseconds:)``).
    ///   - type: the message type; `Notification`.
    package init(
        messageID: String,
        topicARN: String,
        subject: String? = nil,
        message: String,
        timestamp: String,
        type: String = notificationType
    ) {
        self.type = type
        self.messageID = messageID
        self.topicARN = topicARN
        self.subject = subject
        self.message = message
        self.timestamp = timestamp
    }

    /// A new message ID: a random UUID in lower case, as SNS writes them.
    package static func newMessageID() -> String { UUID().uuidString.lowercased() }

    /// Formats milliseconds since 1970 as SNS's `Timestamp`: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    package static func timestamp(milliseconds: Int64) -> String {
        let seconds = EventTime.format(milliseconds: milliseconds)
        let millis = Int(((milliseconds % 1000) + 1000) % 1000)
        let fraction = String(millis)
        return String(seconds.dropLast()) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction + "Z"
    }

    /// Formats a date as SNS's `Timestamp`.
    package static func timestamp(_ date: Date) -> String {
        timestamp(milliseconds: EventTime.milliseconds(date))
    }

    /// The JSON body, members in SNS's order, compact.
    package var body: [UInt8] {
        var members: [(key: String, value: JSONValue)] = [
            (key: "Type", value: .string(type)),
            (key: "MessageId", value: .string(messageID)),
            (key: "TopicArn", value: .string(topicARN)),
        ]
        if let subject {
            members.append((key: "Subject", value: .string(subject)))
        }
        members.append((key: "Message", value: .string(message)))
        members.append((key: "Timestamp", value: .string(timestamp)))
        if let signatureVersion {
            members.append((key: "SignatureVersion", value: .string(signatureVersion)))
        }
        if let signature {
            members.append((key: "Signature", value: .string(signature)))
        }
        if let signingCertURL {
            members.append((key: "SigningCertURL", value: .string(signingCertURL)))
        }
        if let unsubscribeURL {
            members.append((key: "UnsubscribeURL", value: .string(unsubscribeURL)))
        }
        return JSONValue.object(members).serialized
    }

    /// Reads an envelope from a JSON body.
    ///
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidMessage`` when the body is not a
    ///   JSON object with string members `Type`, `MessageId`, `TopicArn`, `Message` and `Timestamp`.
    package init(parsing body: some Collection<UInt8>) throws(NotificationError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body)
        } catch {
            throw NotificationError(.invalidMessage, "the body is not JSON: \(error.description)")
        }
        guard case .object = value else {
            throw NotificationError(.invalidMessage, "the body is not a JSON object")
        }
        func required(_ name: String) throws(NotificationError) -> String {
            guard let text = value[name]?.stringValue else {
                throw NotificationError(.invalidMessage, "the body has no string member \(name)")
            }
            return text
        }
        func optional(_ name: String) throws(NotificationError) -> String? {
            guard let member = value[name] else { return nil }
            guard let text = member.stringValue else {
                throw NotificationError(.invalidMessage, "the member \(name) is not a string")
            }
            return text
        }
        self.init(
            messageID: try required("MessageId"),
            topicARN: try required("TopicArn"),
            subject: try optional("Subject"),
            message: try required("Message"),
            timestamp: try required("Timestamp"),
            type: try required("Type")
        )
        signatureVersion = try optional("SignatureVersion")
        signature = try optional("Signature")
        signingCertURL = try optional("SigningCertURL")
        unsubscribeURL = try optional("UnsubscribeURL")
    }
}
