import Crypto
import Foundation
import TrailModel

extension SNSEnvelope {
    /// The header with the HMAC of the request body: `sha256=<hex>`.
    package static let signatureHeader = "X-OpenTrail-Signature"
    /// The header with the envelope's `Timestamp`.
    package static let timestampHeader = "X-OpenTrail-Timestamp"

    /// SNS's canonical "string to sign" of a `Notification`: each of `Message`, `MessageId`, `Subject` (only when
    /// present), `Timestamp`, `TopicArn` and `Type`, in that order, as its name, a newline, its value and a newline.
    package var stringToSign: String {
        var text = "Message\n" + message + "\nMessageId\n" + messageID + "\n"
        if let subject {
            text += "Subject\n" + subject + "\n"
        }
        text += "Timestamp\n" + timestamp + "\nTopicArn\n" + topicARN + "\nType\n" + type + "\n"
        return text
    }

    /// This envelope signed with HMAC-SHA256 under `secret`: `SignatureVersion` ``hmacSignatureVersion`` and
    /// `Signature` the base64 HMAC of ``stringToSign``.
    ///
    /// - Parameters:
    ///   - secret: the subscription's secret.
    ///   - signingCertURL: the `SigningCertURL` to write (OpenTrail has no certificate).
    ///   - unsubscribeURL: the `UnsubscribeURL` to write.
    package func signed(
        with secret: NotificationSecret,
        signingCertURL: String = "",
        unsubscribeURL: String = ""
    )
        -> SNSEnvelope
    {
        var envelope = self
        envelope.signatureVersion = Self.hmacSignatureVersion
        envelope.signature = Data(
            HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: secret.key)
        ).base64EncodedString()
        envelope.signingCertURL = signingCertURL
        envelope.unsubscribeURL = unsubscribeURL
        return envelope
    }

    /// Whether `Signature` is OpenTrail's HMAC of ``stringToSign`` under `secret` (compared in constant time).
    package func isSignatureValid(secret: NotificationSecret) -> Bool {
        guard signatureVersion == Self.hmacSignatureVersion, let signature,
            let mac = Data(base64Encoded: signature)
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(stringToSign.utf8), using: secret.key)
    }

    /// The value of ``signatureHeader`` for a body: `sha256=` and the hex HMAC-SHA256 of the exact bytes.
    package static func bodySignature(for body: [UInt8], secret: NotificationSecret) -> String {
        "sha256=" + HexText.encode(HMAC<SHA256>.authenticationCode(for: body, using: secret.key))
    }

    /// The body and headers of the POST that delivers this envelope to a webhook, signed under `secret`.
    ///
    /// The headers are those SNS sends (`x-amz-sns-message-type`, `x-amz-sns-message-id`, `x-amz-sns-topic-arn`,
    /// `Content-Type: text/plain; charset=UTF-8`) plus ``signatureHeader`` over the body and ``timestampHeader``.
    ///
    /// - Parameters:
    ///   - secret: the subscription's secret.
    ///   - signingCertURL: the `SigningCertURL` to write.
    ///   - unsubscribeURL: the `UnsubscribeURL` to write.
    ///   - userAgent: the `User-Agent` header.
    package func webhookRequest(
        secret: NotificationSecret,
        signingCertURL: String = "",
        unsubscribeURL: String = "",
        userAgent: String = "OpenTrail Notification Agent"
    ) -> (body: [UInt8], headers: [(name: String, value: String)]) {
        let envelope = signed(with: secret, signingCertURL: signingCertURL, unsubscribeURL: unsubscribeURL)
        let body = envelope.body
        let headers: [(name: String, value: String)] = [
            (name: "x-amz-sns-message-type", value: type),
            (name: "x-amz-sns-message-id", value: messageID),
            (name: "x-amz-sns-topic-arn", value: topicARN),
            (name: "Content-Type", value: "text/plain; charset=UTF-8"),
            (name: "User-Agent", value: userAgent),
            (name: Self.signatureHeader, value: Self.bodySignature(for: body, secret: secret)),
            (name: Self.timestampHeader, value: timestamp),
        ]
        return (body, headers)
    }
}
