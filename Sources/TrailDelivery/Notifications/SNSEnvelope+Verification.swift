import Crypto
import Foundation
import TrailModel

extension SNSEnvelope {
    /// Checks a webhook delivery from OpenTrail and returns its envelope; for receivers and tests.
    ///
    /// The delivery is genuine when ``signatureHeader`` is the HMAC of the exact body, the envelope's `Signature`
    /// is the HMAC of its ``stringToSign``, and ``timestampHeader`` (and the `x-amz-sns-message-id` and
    /// `x-amz-sns-topic-arn` headers, when sent) agree with the envelope. MACs are compared in constant time.
    ///
    /// - Parameters:
    ///   - body: the request body, exactly as received.
    ///   - headers: the request headers; names are matched without regard to case.
    ///   - secret: the subscription's secret.
    ///   - maximumAge: when given, the envelope's `Timestamp` must be within this much of `now` (either way), to
    ///     turn away replays.
    ///   - now: the current time, for `maximumAge`.
    /// - Returns: the verified envelope.
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidSignature`` when a signature is
    ///   missing or wrong, a header disagrees or the message is too old, or
    ///   ``NotificationError/Code/invalidMessage`` when the body is not a notification envelope.
    package static func verify(
        body: some Collection<UInt8>,
        headers: [String: String],
        secret: NotificationSecret,
        maximumAge: Duration? = nil,
        now: Date = Date()
    ) throws(NotificationError) -> SNSEnvelope {
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let bytes = Array(body)
        guard let bodySignature = header(signatureHeader) else {
            throw NotificationError(.invalidSignature, "the request has no \(signatureHeader) header")
        }
        guard bodySignature.hasPrefix("sha256="), let mac = HexText.decode(bodySignature.dropFirst("sha256=".count)),
            HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: bytes, using: secret.key)
        else {
            throw NotificationError(.invalidSignature, "the \(signatureHeader) header does not match the body")
        }
        let envelope = try SNSEnvelope(parsing: bytes)
        guard envelope.type == notificationType else {
            throw NotificationError(.invalidMessage, "the message type is \(envelope.type), not \(notificationType)")
        }
        guard envelope.isSignatureValid(secret: secret) else {
            throw NotificationError(.invalidSignature, "the envelope's Signature does not match its contents")
        }
        guard header(timestampHeader) == envelope.timestamp else {
            throw NotificationError(.invalidSignature, "the \(timestampHeader) header does not match the Timestamp")
        }
        if let id = header("x-amz-sns-message-id"), id != envelope.messageID {
            throw NotificationError(.invalidSignature, "the x-amz-sns-message-id header does not match the MessageId")
        }
        if let arn = header("x-amz-sns-topic-arn"), arn != envelope.topicARN {
            throw NotificationError(.invalidSignature, "the x-amz-sns-topic-arn header does not match the TopicArn")
        }
        if let maximumAge {
            guard let published = EventTime.parseMilliseconds(envelope.timestamp) else {
                throw NotificationError(.invalidMessage, "the Timestamp is not an ISO 8601 time")
            }
            let age = Duration.milliseconds(abs(EventTime.milliseconds(now) - published))
            guard age <= maximumAge else {
                throw NotificationError(.invalidSignature, "the message was published \(age) from now")
            }
        }
        return envelope
    }
}
