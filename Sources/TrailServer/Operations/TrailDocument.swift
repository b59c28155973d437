import Foundation
import TrailModel

/// A trail as persisted in the control store (kind ``kind``, id `<homeRegion>/<name>`).
struct TrailDocument: Codable, Sendable {
    static let kind = "trail"

    var name: String
    var homeRegion: String
    var accountId: String
    var s3BucketName: String
    var s3KeyPrefix: String?
    var snsTopicName: String?
    var includeGlobalServiceEvents: Bool
    var isMultiRegionTrail: Bool
    var logFileValidationEnabled: Bool
    var cloudWatchLogsLogGroupArn: String?
    var cloudWatchLogsRoleArn: String?
    var kmsKeyId: String?
    var isOrganizationTrail: Bool
    /// The trail's selectors; `nil` until PutEventSelectors, which means the default selector.
    var selectors: EventSelectorConfiguration?
    var hasCustomEventSelectors: Bool
    var insightSelectors: [InsightSelector]
    var tags: TagList
    var isLogging: Bool
    var startLoggingTime: Date?
    var stopLoggingTime: Date?
    var createdTime: Date

    var id: String { Self.id(region: homeRegion, name: name) }
    static func id(region: String, name: String) -> String { "\(region)/\(name)" }

    var arn: String { "arn:\(Self.partition(homeRegion)):cloudtrail:\(homeRegion):\(accountId):trail/\(name)" }

    var snsTopicARN: String? {
        snsTopicName.map { topic in
            topic.hasPrefix("arn:")
                ? topic : "arn:\(Self.partition(homeRegion)):sns:\(homeRegion):\(accountId):\(topic)"
        }
    }

    static func partition(_ region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// The trail as a record's `resources` entry and as LookupEvents' ResourceName.
    var auditResource: AuditResource {
        AuditResource(arn: arn, accountId: accountId, type: "AWS::CloudTrail::Trail")
    }

    func encoded() throws -> [UInt8] { try [UInt8](DocumentCoding.encoder.encode(self)) }
    static func decoded(_ bytes: [UInt8]) throws -> TrailDocument {
        try DocumentCoding.decoder.decode(TrailDocument.self, from: Data(bytes))
    }
}

/// JSON coding of control documents (dates as ISO 8601 with milliseconds kept as seconds since 1970).
enum DocumentCoding {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}

/// A resource named in a self-audit record.
struct AuditResource: Sendable, Hashable {
    var arn: String
    var accountId: String
    var type: String

    var json: JSONValue {
        .object([("accountId", .string(accountId)), ("type", .string(type)), ("ARN", .string(arn))])
    }
}
