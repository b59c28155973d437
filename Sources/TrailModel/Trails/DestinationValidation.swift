/// Checks of the places a trail delivers to, as CreateTrail and UpdateTrail make them before touching any
/// resource: the S3 bucket name and key prefix, the SNS topic, and the CloudWatch Logs log group and role.
///
/// These are shape checks only; whether the bucket, topic, log group or role exists (and its policy) is for the
/// caller to find out.
public enum DestinationValidation {
    /// The longest allowed `S3KeyPrefix`.
    public static let maximumS3KeyPrefixLength = 200

    /// Checks an S3 bucket name (CloudTrail requires the rules of buckets outside us-east-1):
    /// 3–63 characters of lowercase letters, digits, `.` and `-`; starts and ends with a letter or digit;
    /// no `..`, `.-` or `-.`; not formatted like an IP address; none of S3's reserved prefixes (`xn--`, `sthree-`)
    /// or suffixes (`-s3alias`, `--ol-s3`).
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidS3BucketNameException`.
    public static func validateS3BucketName(_ name: String) throws(CloudTrailError) {
        func invalid(_ reason: String) -> CloudTrailError {
            CloudTrailError(.invalidS3BucketName, "Invalid S3 bucket name \(name): \(reason)")
        }
        let scalars = Array(name.unicodeScalars)
        guard (3...63).contains(scalars.count) else {
            throw invalid("bucket names must be between 3 and 63 characters long.")
        }
        guard scalars.allSatisfy({ AWSNaming.isLowercaseAlphanumeric($0) || $0 == "." || $0 == "-" }) else {
            throw invalid("bucket names can contain only lowercase letters, numbers, periods (.), and hyphens (-).")
        }
        guard let first = scalars.first, let last = scalars.last,
            AWSNaming.isLowercaseAlphanumeric(first), AWSNaming.isLowercaseAlphanumeric(last)
        else {
            throw invalid("bucket names must begin and end with a letter or number.")
        }
        guard !name.contains(".."), !name.contains(".-"), !name.contains("-.") else {
            throw invalid("bucket names cannot contain two adjacent periods or a hyphen next to a period.")
        }
        guard !AWSNaming.isIPAddressShaped(name) else {
            throw invalid("bucket names cannot be formatted as an IP address.")
        }
        if let prefix = ["xn--", "sthree-"].first(where: name.hasPrefix) {
            throw invalid("bucket names cannot start with \(prefix).")
        }
        if let suffix = ["-s3alias", "--ol-s3"].first(where: name.hasSuffix) {
            throw invalid("bucket names cannot end with \(suffix).")
        }
    }

    /// Checks an `S3KeyPrefix`: at most 200 characters.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidS3PrefixException`.
    public static func validateS3KeyPrefix(_ prefix: String) throws(CloudTrailError) {
        let length = AWSNaming.length(prefix)
        guard length <= maximumS3KeyPrefixLength else {
            throw CloudTrailError(
                .invalidS3Prefix,
                "The S3 key prefix must be at most \(maximumS3KeyPrefixLength) characters long; "
                    + "the prefix given has \(length)."
            )
        }
    }

    /// Checks an `SnsTopicName`, which may be a topic name (1–256 letters, digits, `-` and `_`) or a topic ARN
    /// (`arn:aws:sns:<region>:<account>:<name>`).
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidSnsTopicNameException`.
    public static func validateSnsTopicName(_ nameOrARN: String) throws(CloudTrailError) {
        var name = Substring(nameOrARN)
        if nameOrARN.hasPrefix("arn:") {
            guard let parts = AWSNaming.regionalARNComponents(nameOrARN, service: "sns") else {
                throw CloudTrailError(.invalidSnsTopicName, "\(nameOrARN) is not a valid SNS topic ARN.")
            }
            name = parts[5]
        }
        guard (1...256).contains(name.unicodeScalars.count),
            AWSNaming.all(name, { AWSNaming.isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" })
        else {
            throw CloudTrailError(
                .invalidSnsTopicName,
                "Invalid SNS topic name \(name): topic names must be 1 to 256 characters of letters, numbers, "
                    + "hyphens (-), and underscores (_)."
            )
        }
    }

    /// Checks the CloudWatch Logs settings of a trail. An empty string counts as absent (UpdateTrail uses it to
    /// turn delivery to CloudWatch Logs off). Both or neither must be given.
    ///
    /// - Log group: `arn:aws:logs:<region>:<account>:log-group:<name>:*`; the trailing `:*` (all log streams) is
    ///   required, and the name is 1–512 characters of letters, digits, `.`, `-`, `_`, `/` and `#`.
    /// - Role: `arn:aws:iam::<account>:role/[<path>/]<name>`, the name 1–64 characters of letters, digits and
    ///   `+=,.@_-`.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidCloudWatchLogsRoleArnException` for a log group without a
    ///   role or a malformed role ARN, `InvalidCloudWatchLogsLogGroupArnException` for a role without a log group
    ///   or a malformed log group ARN.
    public static func validateCloudWatchLogs(logGroupARN: String?, roleARN: String?) throws(CloudTrailError) {
        let logGroupARN = logGroupARN.flatMap { $0.isEmpty ? nil : $0 }
        let roleARN = roleARN.flatMap { $0.isEmpty ? nil : $0 }
        switch (logGroupARN, roleARN) {
        case (nil, nil):
            return
        case (.some, nil):
            throw CloudTrailError(
                .invalidCloudWatchLogsRoleArn,
                "You must specify a role ARN as well as a log group."
            )
        case (nil, .some):
            throw CloudTrailError(
                .invalidCloudWatchLogsLogGroupArn,
                "You must specify a log group as well as a role ARN."
            )
        case (let logGroupARN?, let roleARN?):
            guard isLogGroupARN(logGroupARN) else {
                throw CloudTrailError(
                    .invalidCloudWatchLogsLogGroupArn,
                    "Invalid CloudWatch Logs log group ARN \(logGroupARN): expected "
                        + "arn:aws:logs:<region>:<account>:log-group:<name>:*."
                )
            }
            guard isRoleARN(roleARN) else {
                throw CloudTrailError(
                    .invalidCloudWatchLogsRoleArn,
                    "Invalid CloudWatch Logs role ARN \(roleARN): expected arn:aws:iam::<account>:role/<name>."
                )
            }
        }
    }

    private static func isLogGroupARN(_ text: String) -> Bool {
        guard let parts = AWSNaming.regionalARNComponents(text, service: "logs") else { return false }
        let resource = parts[5]
        guard resource.hasPrefix("log-group:"), resource.hasSuffix(":*") else { return false }
        let name = resource.dropFirst("log-group:".count).dropLast(":*".count)
        return (1...512).contains(name.unicodeScalars.count)
            && AWSNaming.all(name) { AWSNaming.isASCIIAlphanumeric($0) || ".-_/#".unicodeScalars.contains($0) }
    }

    private static func isRoleARN(_ text: String) -> Bool {
        guard let parts = AWSNaming.arnComponents(text),
            AWSNaming.partitions.contains(String(parts[1])),
            parts[2] == "iam", parts[3].isEmpty,
            AWSNaming.isAccountID(parts[4]),
            parts[5].hasPrefix("role/")
        else { return false }
        let path = parts[5].dropFirst("role/".count).split(separator: "/", omittingEmptySubsequences: false)
        guard let name = path.last, path.dropLast().allSatisfy({ !$0.isEmpty }) else { return false }
        let isNameCharacter: (Unicode.Scalar) -> Bool = {
            AWSNaming.isASCIIAlphanumeric($0) || "+=,.@_-".unicodeScalars.contains($0)
        }
        return (1...64).contains(name.unicodeScalars.count)
            && AWSNaming.all(name, isNameCharacter)
            && path.dropLast().allSatisfy { AWSNaming.all($0, isNameCharacter) }
    }
}
