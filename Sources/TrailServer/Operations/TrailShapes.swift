import Foundation
import TrailModel

// Wire shapes of the trail operations. Member names are the botocore model's, so that the JSON keys
// are exactly those AWS clients send and expect.

struct CreateTrailRequest: Decodable, Sendable {
    var Name: String?
    var S3BucketName: String?
    var S3KeyPrefix: String?
    var SnsTopicName: String?
    var IncludeGlobalServiceEvents: Bool?
    var IsMultiRegionTrail: Bool?
    var EnableLogFileValidation: Bool?
    var CloudWatchLogsLogGroupArn: String?
    var CloudWatchLogsRoleArn: String?
    var KmsKeyId: String?
    var IsOrganizationTrail: Bool?
    var TagsList: [ResourceTag]?
}

typealias UpdateTrailRequest = CreateTrailRequest

/// The `Trail` shape of GetTrail and DescribeTrails, and, without the members that describe state
/// (`HomeRegion`, `HasCustomEventSelectors`, `HasInsightSelectors`), `CreateTrailResponse` and
/// `UpdateTrailResponse`.
struct TrailShape: Encodable, Sendable {
    var Name: String
    var S3BucketName: String
    var S3KeyPrefix: String?
    var SnsTopicName: String?
    var SnsTopicARN: String?
    var IncludeGlobalServiceEvents: Bool
    var IsMultiRegionTrail: Bool
    var HomeRegion: String?
    var TrailARN: String
    var LogFileValidationEnabled: Bool
    var CloudWatchLogsLogGroupArn: String?
    var CloudWatchLogsRoleArn: String?
    var KmsKeyId: String?
    var HasCustomEventSelectors: Bool?
    var HasInsightSelectors: Bool?
    var IsOrganizationTrail: Bool

    /// The shape of a trail; `settingsOnly` leaves out what CreateTrail and UpdateTrail do not answer.
    init(_ trail: TrailDocument, settingsOnly: Bool = false) {
        Name = trail.name
        S3BucketName = trail.s3BucketName
        S3KeyPrefix = trail.s3KeyPrefix
        SnsTopicName = trail.snsTopicName
        SnsTopicARN = trail.snsTopicARN
        IncludeGlobalServiceEvents = trail.includeGlobalServiceEvents
        IsMultiRegionTrail = trail.isMultiRegionTrail
        HomeRegion = settingsOnly ? nil : trail.homeRegion
        TrailARN = trail.arn
        LogFileValidationEnabled = trail.logFileValidationEnabled
        CloudWatchLogsLogGroupArn = trail.cloudWatchLogsLogGroupArn
        CloudWatchLogsRoleArn = trail.cloudWatchLogsRoleArn
        KmsKeyId = trail.kmsKeyId
        HasCustomEventSelectors = settingsOnly ? nil : trail.hasCustomEventSelectors
        HasInsightSelectors = settingsOnly ? nil : !trail.insightSelectors.isEmpty
        IsOrganizationTrail = trail.isOrganizationTrail
    }
}

struct TrailNameRequest: Decodable, Sendable {
    var Name: String?
}

struct GetTrailResponse: Encodable, Sendable {
    var Trail: TrailShape
}

struct EmptyResponse: Encodable, Sendable {}

struct DescribeTrailsRequest: Decodable, Sendable {
    var trailNameList: [String]?
    var includeShadowTrails: Bool?
}

struct DescribeTrailsResponse: Encodable, Sendable {
    var trailList: [TrailShape]
}

struct ListTrailsRequest: Decodable, Sendable {
    var NextToken: String?
}

struct TrailInfo: Encodable, Sendable {
    var TrailARN: String
    var Name: String
    var HomeRegion: String
}

struct ListTrailsResponse: Encodable, Sendable {
    var Trails: [TrailInfo]
    var NextToken: String?
}

struct GetTrailStatusResponse: Encodable, Sendable {
    var IsLogging: Bool
    var LatestDeliveryError: String?
    var LatestNotificationError: String?
    var LatestDeliveryTime: Date?
    var LatestNotificationTime: Date?
    var StartLoggingTime: Date?
    var StopLoggingTime: Date?
    var LatestCloudWatchLogsDeliveryError: String?
    var LatestCloudWatchLogsDeliveryTime: Date?
    var LatestDigestDeliveryTime: Date?
    var LatestDigestDeliveryError: String?
    var LatestDeliveryAttemptTime: String?
    var LatestNotificationAttemptTime: String?
    var LatestNotificationAttemptSucceeded: String?
    var LatestDeliveryAttemptSucceeded: String?
    var TimeLoggingStarted: String?
    var TimeLoggingStopped: String?
}
