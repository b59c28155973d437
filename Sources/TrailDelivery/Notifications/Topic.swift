/// A notification topic, OpenTrail's stand-in for an SNS topic: a name in an account and region, and the
/// subscriptions that get what is published to it.
package struct Topic: Sendable, Hashable, Codable {
    /// The longest topic name.
    package static let maximumNameLength = 256

    /// The topic name: 1–256 letters, digits, `-` and `_`.
    package var name: String
    /// The region of the topic.
    package var region: String
    /// The 12-digit account that owns the topic.
    package var accountID: String
    /// Where published messages go, in order.
    package var subscriptions: [Subscription]

    /// Creates a topic; call ``validate()`` before using one from outside.
    package init(name: String, region: String, accountID: String, subscriptions: [Subscription] = []) {
        self.name = name
        self.region = region
        self.accountID = accountID
        self.subscriptions = subscriptions
    }

    /// The topic ARN, `arn:aws:sns:<region>:<account>:<name>` (`aws-cn` and `aws-us-gov` in their regions).
    package var arn: String {
        let partition: String
        if region.hasPrefix("cn-") {
            partition = "aws-cn"
        } else if region.hasPrefix("us-gov-") {
            partition = "aws-us-gov"
        } else {
            partition = "aws"
        }
        return "arn:\(partition):sns:\(region):\(accountID):\(name)"
    }

    /// Checks an SNS topic name: 1 to 256 ASCII letters, digits, hyphens and underscores.
    ///
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidTopicName``.
    package static func validateName(_ name: String) throws(NotificationError) {
        let bytes = name.utf8
        let isAllowed: (UInt8) -> Bool = { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                return true
            default:
                return false
            }
        }
        guard (1...maximumNameLength).contains(bytes.count), bytes.allSatisfy(isAllowed) else {
            throw NotificationError(
                .invalidTopicName,
                "Invalid topic name: topic names must be 1 to 256 characters of letters, numbers, hyphens (-), "
                    + "and underscores (_)."
            )
        }
    }

    /// Checks the name and every subscription.
    ///
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidTopicName`` or
    ///   ``NotificationError/Code/invalidSubscription``.
    package func validate() throws(NotificationError) {
        try Self.validateName(name)
        for subscription in subscriptions {
            try subscription.validate()
        }
    }
}
