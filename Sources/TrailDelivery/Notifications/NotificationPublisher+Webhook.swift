import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension NotificationPublisher {
    /// The most of a webhook's answer that is read (and thrown away) before the connection is dropped.
    private static let maximumDrainedResponseBytes = 64 * 1024

    /// POSTs the envelope, signed with `secret`, to `url`; succeeds on any 2xx answer.
    func postWebhook(
        _ envelope: SNSEnvelope,
        url: URL,
        secret: NotificationSecret
    ) async throws(AttemptFailure) {
        let signed = envelope.webhookRequest(
            secret: secret,
            signingCertURL: configuration.signingCertURL,
            unsubscribeURL: configuration.unsubscribeURL,
            userAgent: configuration.userAgent
        )
        try await postWebhook(body: signed.body, headers: signed.headers, url: url, secret: secret)
    }

    /// POSTs `body` with `headers` to `url`; succeeds on any 2xx answer. `secret` is only kept out of errors.
    func postWebhook(
        body: [UInt8],
        headers: [(name: String, value: String)],
        url: URL,
        secret: NotificationSecret
    ) async throws(AttemptFailure) {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for header in headers {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))

        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: Self.timeAmount(configuration.webhookTimeout))
        } catch {
            if Task.isCancelled {
                throw AttemptFailure(
                    error: NotificationError(.cancelled, "publishing was cancelled"),
                    isRetryable: false
                )
            }
            let reason = Self.redacting(String(describing: error), url: url, secret: secret)
            throw AttemptFailure(
                error: NotificationError(.webhookFailed, "POST failed: \(reason)"),
                isRetryable: true
            )
        }
        // Read a little of the answer so that a small one leaves the connection reusable; ignore its content.
        var drained = 0
        do {
            for try await part in response.body {
                drained += part.readableBytes
                if drained > Self.maximumDrainedResponseBytes { break }
            }
        } catch {
            // The status decides; a broken body after it does not matter.
        }
        let status = response.status
        guard (200..<300).contains(status.code) else {
            let isRetryable = status.code >= 500 || status.code == 408 || status.code == 429
            throw AttemptFailure(
                error: NotificationError(
                    .webhookFailed,
                    "answered HTTP \(status.code) \(status.reasonPhrase)"
                ),
                isRetryable: isRetryable
            )
        }
    }

    /// A `Duration` as NIO's `TimeAmount`.
    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// `text` without the parts of the URL that may carry credentials (user info, path, query) and without the
    /// secret.
    static func redacting(_ text: String, url: URL, secret: NotificationSecret) -> String {
        var result = text
        var sensitive = [url.absoluteString, secret.revealed]
        if let user = url.user, !user.isEmpty { sensitive.append(user) }
        if let password = url.password, !password.isEmpty { sensitive.append(password) }
        if let query = url.query, !query.isEmpty { sensitive.append(query) }
        if url.path.count > 1 { sensitive.append(url.path) }
        for part in sensitive.sorted(by: { $0.count > $1.count }) where !part.isEmpty {
            result = result.replacingOccurrences(of: part, with: "<redacted>")
        }
        return result
    }
}
