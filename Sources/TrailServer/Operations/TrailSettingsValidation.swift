import TrailModel

/// The checks CreateTrail and UpdateTrail make of a trail's destinations.
enum TrailSettingsValidation {
    /// Checks each given setting; an empty string (which clears a setting in UpdateTrail) passes.
    /// UpdateTrail checks the CloudWatch Logs pair on the updated trail instead (`checkLogGroupAndRole: false`).
    static func validate(
        bucket: String?,
        prefix: String?,
        snsTopic: String?,
        logGroupArn: String?,
        roleArn: String?,
        kmsKeyId: String?,
        checkLogGroupAndRole: Bool = true
    ) throws {
        if let bucket { try DestinationValidation.validateS3BucketName(bucket) }
        if let prefix, !prefix.isEmpty { try DestinationValidation.validateS3KeyPrefix(prefix) }
        if let snsTopic, !snsTopic.isEmpty { try DestinationValidation.validateSnsTopicName(snsTopic) }
        if checkLogGroupAndRole {
            try DestinationValidation.validateCloudWatchLogs(logGroupARN: logGroupArn, roleARN: roleArn)
        }
        if let kmsKeyId, !kmsKeyId.isEmpty {
            guard kmsKeyId.count <= 2048, !kmsKeyId.contains(where: { $0.isWhitespace }) else {
                throw CloudTrailError(
                    .invalidKmsKeyId,
                    "KmsKeyId \(kmsKeyId.prefix(100)) is not a valid KMS key id, alias or ARN."
                )
            }
        }
    }
}
