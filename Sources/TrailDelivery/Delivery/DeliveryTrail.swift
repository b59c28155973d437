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
    /// Log file validation: files are hashed as they are built, for digests.
    package var validatesLogFiles: Bool
    /// `CloudWatchLogsLogGroupArn`: the log group that receives the trail's records, if any.
    package var logGroupArn: String?

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
        isLogging: Bool,
        validatesLogFiles: Bool = false,
        logGroupArn: String? = nil
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
        self.validatesLogFiles = validatesLogFiles
        self.logGroupArn = logGroupArn
    }

    enum CodingKeys: String, CodingKey {
        case arn, name, homeRegion, accountID, bucket, prefix, isMultiRegion, selectors, kmsKeyID, snsTopicName
        case isLogging, validatesLogFiles, logGroupArn
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        arn = try container.decode(String.self, forKey: .arn)
        name = try container.decode(String.self, forKey: .name)
        homeRegion = try container.decode(String.self, forKey: .homeRegion)
        accountID = try container.decode(String.self, forKey: .accountID)
        bucket = try container.decode(String.self, forKey: .bucket)
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
        isMultiRegion = try container.decode(Bool.self, forKey: .isMultiRegion)
        selectors = try container.decode(EventSelectorConfiguration.self, forKey: .selectors)
        kmsKeyID = try container.decodeIfPresent(String.self, forKey: .kmsKeyID)
        snsTopicName = try container.decodeIfPresent(String.self, forKey: .snsTopicName)
        isLogging = try container.decode(Bool.self, forKey: .isLogging)
        // Plans written before log file validation was known to delivery.
        validatesLogFiles = try container.decodeIfPresent(Bool.self, forKey: .validatesLogFiles) ?? false
        logGroupArn = try container.decodeIfPresent(String.self, forKey: .logGroupArn)
    }

    /// Whether files of both go to the same place in the same way.
    package func hasSameDestination(as other: DeliveryTrail) -> Bool {
        bucket == other.bucket && prefix == other.prefix && kmsKeyID == other.kmsKeyID
            && snsTopicName == other.snsTopicName && accountID == other.accountID
            && validatesLogFiles == other.validatesLogFiles
    }

    /// Whether the trail takes events of `region`: a multi-region trail every region's, a single-region
    /// trail only its home region's.
    package func covers(region: String) -> Bool {
        isMultiRegion || region == homeRegion
    }
}
