import AsyncHTTPClient
import Foundation
import Logging

/// Publishes messages to the subscriptions of a ``Topic``: webhooks get a signed SNS envelope by HTTP POST,
/// commands get the unsigned envelope on their standard input.
///
/// Every subscription is tried concurrently, each up to ``Configuration/maximumAttempts`` times with exponential
/// backoff, and gets its own ``NotificationDeliveryResult``; one failing subscription never holds up or fails the
/// others. Errors never hold a secret, nor the path or query of a webhook URL.
///
/// ```swift
/// let publisher = NotificationPublisher(logger: logger)
/// let results = await publisher.publish(
///     DeliveryNotification(s3Bucket: bucket, s3ObjectKeys: [key.objectKey]), to: topic)
/// let latestError = results.compactMap(\.failureMessage).first
/// ```
///
/// The HTTP client follows its own redirect configuration: pass one created with
/// `redirectConfiguration: .disallow` to keep signed requests from being redirected.
package struct NotificationPublisher: Sendable {
    /// How deliveries are made.
    package let configuration: Configuration
    let httpClient: HTTPClient
    let clock: any Clock<Duration>
    let logger: Logger

    /// Creates a publisher.
    ///
    /// - Parameters:
    ///   - configuration: timeouts, retries and envelope settings.
    ///   - httpClient: the client for webhooks; the caller owns its lifecycle.
    ///   - clock: the clock of the waits between attempts.
    ///   - logger: where failed attempts are logged (at `debug`, final failures at `info`).
    package init(
        configuration: Configuration = Configuration(),
        httpClient: HTTPClient = .shared,
        clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger
    ) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.clock = clock
        self.logger = logger
    }

    /// Publishes a delivery notification to every subscription of `topic`.
    ///
    /// - Parameters:
    ///   - notification: the delivered bucket and keys.
    ///   - topic: the topic; its ARN goes into the envelope.
    ///   - subject: the optional `Subject`.
    /// - Returns: one result per subscription, in the order of ``Topic/subscriptions``.
    package func publish(
        _ notification: DeliveryNotification,
        to topic: Topic,
        subject: String? = nil
    ) async -> [NotificationDeliveryResult] {
        await publish(message: notification.message, subject: subject, to: topic)
    }

    /// Publishes a message to every subscription of `topic`.
    ///
    /// - Parameters:
    ///   - message: the `Message` text.
    ///   - subject: the optional `Subject`.
    ///   - topic: the topic; its ARN goes into the envelope.
    ///   - messageID: the `MessageId`; a new UUID unless given.
    ///   - publishedAt: the `Timestamp`; now unless given.
    /// - Returns: one result per subscription, in the order of ``Topic/subscriptions``.
    package func publish(
        message: String,
        subject: String? = nil,
        to topic: Topic,
        messageID: String = SNSEnvelope.newMessageID(),
        publishedAt: Date = Date()
    ) async -> [NotificationDeliveryResult] {
        let envelope = SNSEnvelope(
            messageID: messageID,
            topicARN: topic.arn,
            subject: subject,
            message: message,
            timestamp: SNSEnvelope.timestamp(publishedAt)
        )
        return await publish(envelope, to: topic.subscriptions)
    }

    /// Delivers one envelope to several subscriptions concurrently.
    ///
    /// - Returns: one result per subscription, in the order given.
    package func publish(
        _ envelope: SNSEnvelope,
        to subscriptions: [Subscription]
    ) async -> [NotificationDeliveryResult] {
        await withTaskGroup(of: NotificationDeliveryResult.self) { group in
            for (index, subscription) in subscriptions.enumerated() {
                group.addTask {
                    await self.deliver(envelope, to: subscription, subscriptionIndex: index)
                }
            }
            var results: [NotificationDeliveryResult] = []
            results.reserveCapacity(subscriptions.count)
            for await result in group {
                results.append(result)
            }
            return results.sorted { $0.subscriptionIndex < $1.subscriptionIndex }
        }
    }

    /// Delivers one envelope to one subscription, retrying with exponential backoff.
    ///
    /// An invalid subscription is not tried (0 attempts). A webhook's 4xx answer other than 408 and 429, and a
    /// command that cannot start, are not retried.
    ///
    /// - Parameters:
    ///   - envelope: the unsigned envelope; webhooks get it signed with their secret.
    ///   - subscription: where to deliver.
    ///   - subscriptionIndex: the subscription's position, copied into the result.
    package func deliver(
        _ envelope: SNSEnvelope,
        to subscription: Subscription,
        subscriptionIndex: Int = 0
    ) async -> NotificationDeliveryResult {
        let endpoint = subscription.endpointDescription
        func result(_ attempts: Int, _ outcome: NotificationDeliveryResult.Outcome) -> NotificationDeliveryResult {
            NotificationDeliveryResult(
                subscriptionIndex: subscriptionIndex,
                endpoint: endpoint,
                attempts: attempts,
                outcome: outcome
            )
        }
        do {
            try subscription.validate()
        } catch {
            return result(0, .failed(error))
        }
        var backoff = configuration.initialBackoff
        var attempt = 0
        while true {
            attempt += 1
            let failure: AttemptFailure
            do {
                try await attemptDelivery(envelope, to: subscription)
                return result(attempt, .delivered)
            } catch {
                failure = error
            }
            let metadata: Logger.Metadata = [
                "trail.notification.endpoint": "\(endpoint)",
                "trail.notification.attempt": "\(attempt)",
                "trail.notification.error": "\(failure.error.reason)",
            ]
            guard failure.isRetryable, attempt < configuration.maximumAttempts, !Task.isCancelled else {
                logger.info("Notification not delivered", metadata: metadata)
                return result(attempt, .failed(failure.error))
            }
            logger.debug("Notification attempt failed; retrying", metadata: metadata)
            do {
                try await clock.sleep(for: backoff)
            } catch {
                return result(attempt, .failed(NotificationError(.cancelled, "publishing was cancelled")))
            }
            backoff = min(backoff * 2, configuration.maximumBackoff)
        }
    }

    /// One attempt at one subscription.
    private func attemptDelivery(
        _ envelope: SNSEnvelope,
        to subscription: Subscription
    ) async throws(AttemptFailure) {
        switch subscription {
        case .webhook(let url, let secret):
            try await postWebhook(envelope, url: url, secret: secret)
        case .command(let path, let arguments, let timeoutSeconds, let environment):
            try await runCommand(
                envelope,
                path: path,
                arguments: arguments,
                timeout: .seconds(timeoutSeconds),
                environment: environment
            )
        }
    }

    /// The failure of one attempt, and whether another attempt may succeed.
    struct AttemptFailure: Error {
        let error: NotificationError
        let isRetryable: Bool
    }
}
