import Testing
import TrailModel

@Suite struct DestinationValidationTests {
    @Test(arguments: [
        "abc", "amzn-s3-demo-bucket", "my.bucket.name", "cloudtrail-logs-123456789012", "a1b",
        String(repeating: "a", count: 63), "1.2.3",
    ])
    func acceptsValidBucketNames(_ name: String) throws {
        try DestinationValidation.validateS3BucketName(name)
    }

    @Test(arguments: [
        ("ab", "between 3 and 63"),
        (String(repeating: "a", count: 64), "between 3 and 63"),
        ("My-Bucket", "only lowercase letters"),
        ("my_bucket", "only lowercase letters"),
        ("-bucket", "begin and end with a letter or number"),
        ("bucket-", "begin and end with a letter or number"),
        ("bucket.", "begin and end with a letter or number"),
        ("my..bucket", "two adjacent periods"),
        ("my.-bucket", "hyphen next to a period"),
        ("my-.bucket", "hyphen next to a period"),
        ("192.168.5.4", "formatted as an IP address"),
        ("xn--bucket", "cannot start with xn--"),
        ("sthree-bucket", "cannot start with sthree-"),
        ("bucket-s3alias", "cannot end with -s3alias"),
        ("bucket--ol-s3", "cannot end with --ol-s3"),
    ])
    func rejectsInvalidBucketNames(_ name: String, message: String) {
        expectRejection(.invalidS3BucketName, message) { () throws(CloudTrailError) in
            try DestinationValidation.validateS3BucketName(name)
        }
    }

    @Test func limitsTheKeyPrefix() throws {
        try DestinationValidation.validateS3KeyPrefix("")
        try DestinationValidation.validateS3KeyPrefix(String(repeating: "p", count: 200))
        expectRejection(.invalidS3Prefix, "at most 200 characters") { () throws(CloudTrailError) in
            try DestinationValidation.validateS3KeyPrefix(String(repeating: "p", count: 201))
        }
    }

    @Test(arguments: [
        "trail-notifications", "Topic_1", String(repeating: "t", count: 256),
        "arn:aws:sns:us-east-1:123456789012:trail-notifications",
    ])
    func acceptsValidTopics(_ topic: String) throws {
        try DestinationValidation.validateSnsTopicName(topic)
    }

    @Test(arguments: [
        "", "my topic", "topic.fifo", String(repeating: "t", count: 257),
        "arn:aws:sns:us-east-1:123456789012:", "arn:aws:sqs:us-east-1:123456789012:queue",
        "arn:aws:sns:us-east-1:1234:topic",
    ])
    func rejectsInvalidTopics(_ topic: String) {
        expectRejection(.invalidSnsTopicName) { () throws(CloudTrailError) in
            try DestinationValidation.validateSnsTopicName(topic)
        }
    }

    @Test(
        arguments: [
            (nil, nil),
            ("", ""),
            ("", nil),
            (
                "arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/DefaultLogGroup:*",
                "arn:aws:iam::123456789012:role/CloudTrail_CloudWatchLogs_Role"
            ),
            (
                "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/cloudtrail#1:*",
                "arn:aws-cn:iam::123456789012:role/service-role/ct+logs@x"
            ),
        ] as [(String?, String?)]
    )
    func acceptsValidCloudWatchLogsSettings(_ logGroupARN: String?, _ roleARN: String?) throws {
        try DestinationValidation.validateCloudWatchLogs(logGroupARN: logGroupARN, roleARN: roleARN)
    }

    private static let group = "arn:aws:logs:us-east-1:123456789012:log-group:trail-logs:*"
    private static let role = "arn:aws:iam::123456789012:role/trail-logs"

    @Test(
        arguments: [
            (
                group, nil, CloudTrailError.Code.invalidCloudWatchLogsRoleArn,
                "You must specify a role ARN as well as a log group."
            ),
            (group, "", .invalidCloudWatchLogsRoleArn, "You must specify a role ARN as well as a log group."),
            (nil, role, .invalidCloudWatchLogsLogGroupArn, "You must specify a log group as well as a role ARN."),
            (
                "arn:aws:logs:us-east-1:123456789012:log-group:trail-logs", role, .invalidCloudWatchLogsLogGroupArn,
                "Invalid CloudWatch Logs log group ARN"
            ),
            (
                "arn:aws:logs:us-east-1:123456789012:log-group::*", role, .invalidCloudWatchLogsLogGroupArn,
                "Invalid CloudWatch Logs log group ARN"
            ),
            (
                "arn:aws:logs:us-east-1:123456789012:log-group:bad name:*", role, .invalidCloudWatchLogsLogGroupArn,
                "Invalid CloudWatch Logs log group ARN"
            ),
            ("arn:aws:s3:::bucket", role, .invalidCloudWatchLogsLogGroupArn, "Invalid CloudWatch Logs log group ARN"),
            ("trail-logs", role, .invalidCloudWatchLogsLogGroupArn, "Invalid CloudWatch Logs log group ARN"),
            (
                group, "arn:aws:iam::123456789012:user/trail-logs", .invalidCloudWatchLogsRoleArn,
                "Invalid CloudWatch Logs role ARN"
            ),
            (
                group, "arn:aws:iam:us-east-1:123456789012:role/trail-logs", .invalidCloudWatchLogsRoleArn,
                "Invalid CloudWatch Logs role ARN"
            ),
            (
                group, "arn:aws:iam::123456789012:role/", .invalidCloudWatchLogsRoleArn,
                "Invalid CloudWatch Logs role ARN"
            ),
            (
                group, "arn:aws:iam::123456789012:role/a//b", .invalidCloudWatchLogsRoleArn,
                "Invalid CloudWatch Logs role ARN"
            ),
            (group, "trail-logs", .invalidCloudWatchLogsRoleArn, "Invalid CloudWatch Logs role ARN"),
        ] as [(String?, String?, CloudTrailError.Code, String)]
    )
    func rejectsInvalidCloudWatchLogsSettings(
        _ logGroupARN: String?,
        _ roleARN: String?,
        code: CloudTrailError.Code,
        message: String
    ) {
        expectRejection(code, message) { () throws(CloudTrailError) in
            try DestinationValidation.validateCloudWatchLogs(logGroupARN: logGroupARN, roleARN: roleARN)
        }
    }
}
