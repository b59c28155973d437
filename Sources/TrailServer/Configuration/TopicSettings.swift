import TrailDelivery

/// A notification topic of the config file: a trail whose `SnsTopicName` names it publishes a message
/// to each subscriber for every log file it delivers.
///
/// ```yaml
/// topics:
///   - name: security
///     subscriptions:
///       - type: webhook
///         url: https://hooks.example.com/opentrail
///         secret: a-long-shared-secret      # signs each message (HMAC-SHA256)
///       - type: command
///         path: /usr/local/bin/on-delivery
///         timeoutSeconds: 10
/// ```
public struct TopicSettings: Sendable, Hashable, Codable {
    public var name: String
    package var subscriptions: [Subscription]

    package init(name: String, subscriptions: [Subscription]) {
        self.name = name
        self.subscriptions = subscriptions
    }

    func validate() throws {
        do {
            try Topic(name: name, region: "us-east-1", accountID: "000000000000", subscriptions: subscriptions)
                .validate()
        } catch {
            throw ConfigurationError("topic \(name): \(error.reason)")
        }
    }
}
