import TrailModel

/// What delivery needs to know of a trail: where its files go and which events it selects.
package struct DeliveryTrail: Codable, Sendable, Hashable {
    package var arn: String
    package var name: String
    package var homeRegion: String
    package var accountID: String
    package var bucket: String
    package var prefix: String?
    package var isMultiRegion: Bool
    package var selectors: EventSelectorConfiguration
    package var kmsKeyID: String?
    package var snsTopicName: String?
    package var isLogging: Bool

    package init(
        arn: String,
        name: String,
        homeRegion: String,
        accountID: String,
        bucket: String,
        prefix: String?,
        isMultiRegion: Bool,
        selectors: EventSelectorConfiguration,
        kmsKeyID: String?,
        snsTopicName: String?,
        isLogging: Bool
    ) {
        self.arn = arn
        self.name = name
        self.homeRegion = homeRegion
        self.accountID = accountID
        self.bucket = bucket
        self.prefix = prefix
        self.isMultiRegion = isMultiRegion
        self.selectors = selectors
        self.kmsKeyID = kmsKeyID
        self.snsTopicName = snsTopicName
        self.isLogging = isLogging
    }

    /// Whether files of both go to the same place in the same way.
    package func hasSameDestination(as other: DeliveryTrail) -> Bool {
        bucket == other.bucket && prefix == other.prefix && kmsKeyID == other.kmsKeyID
            && snsTopicName == other.snsTopicName && accountID == other.accountID
    }

    /// Whether the trail takes events of `region`: a multi-region trail every region's, a single-region
    /// trail only its home region's.
    package func covers(region: String) -> Bool {
        isMultiRegion || region == homeRegion
    }
}
