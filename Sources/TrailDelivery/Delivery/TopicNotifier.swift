import Foundation
import Logging
import ServiceLifecycle
import TrailStore

/// Publishes a trail's delivery notifications to its topic's subscribers, in the background: delivery
/// hands each stored file over and goes on; files delivered close together share one message (SNS's
/// `s3ObjectKey` is a list). The outcome goes into the trail's ``DeliveryStatus``
/// (`LatestNotificationTime` / `LatestNotificationError`).
package actor TopicNotifier: DeliveryNotifier, Service {
    struct Delivered: Sendable {
        var trail: DeliveryTrail
        var topic: String
        var bucket: String
        var key: String
    }

    let publisher: NotificationPublisher
    let control: any ControlStore
    let topics: @Sendable (String, DeliveryTrail) async -> Topic?
    let interval: Duration
    let logger: Logger
    var queue: [Delivered] = []

    /// - Parameter topics: finds the topic a trail's `SnsTopicName` (a name or an ARN) refers to.
    package init(
        publisher: NotificationPublisher,
        control: any ControlStore,
        interval: Duration = .milliseconds(200),
        logger: Logger,
        topics: @escaping @Sendable (String, DeliveryTrail) async -> Topic?
    ) {
        self.publisher = publisher
        self.control = control
        self.topics = topics
        self.interval = interval
        self.logger = logger
    }

    package func logFileDelivered(trail: DeliveryTrail, topic: String, bucket: String, key: String) async {
        queue.append(Delivered(trail: trail, topic: topic, bucket: bucket, key: key))
    }

    package nonisolated func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.interval)
                await self.publishQueued()
            }
        }
        await publishQueued()
    }

    /// Publishes everything queued, one message per trail, topic and bucket.
    package func publishQueued() async {
        let batch = queue
        queue.removeAll()
        var groups: [String: [Delivered]] = [:]
        var order: [String] = []
        for item in batch {
            let id = "\(item.trail.arn)\n\(item.topic)\n\(item.bucket)"
            if groups[id] == nil { order.append(id) }
            groups[id, default: []].append(item)
        }
        for id in order {
            guard let items = groups[id], let first = items.first else { continue }
            await publish(items, first: first)
        }
    }

    func publish(_ items: [Delivered], first: Delivered) async {
        let attempted = Date()
        let error: String?
        if let topic = await topics(first.topic, first.trail) {
            let notification = DeliveryNotification(s3Bucket: first.bucket, s3ObjectKeys: items.map(\.key))
            let results = await publisher.publish(notification, to: topic)
            error = results.compactMap(\.failureMessage).first
        } else {
            error = "NotFound: topic \(first.topic) does not exist"
        }
        if let error {
            logger.warning(
                "Delivery notification failed",
                metadata: [
                    "trail.arn": "\(first.trail.arn)", "trail.topic": "\(first.topic)", "trail.error": "\(error)",
                ]
            )
        }
        await DeliveryStatus.record(arn: first.trail.arn, in: control, logger: logger) { status in
            status.latestNotificationAttemptTime = attempted
            status.latestNotificationError = error
            if error == nil { status.latestNotificationTime = attempted }
        }
    }
}
