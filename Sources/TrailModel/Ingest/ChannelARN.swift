/// The ARN of a CloudTrail Lake channel: `arn:<partition>:cloudtrail:<region>:<account>:channel/<id>`.
///
/// ```swift
/// let arn = try ChannelARN(parsing: "arn:aws:cloudtrail:us-east-1:123456789012:channel/EXAMPLE8-0558-4f7e")
/// arn.channelID    // "EXAMPLE8-0558-4f7e"
/// arn.description  // the ARN again
/// ```
public struct ChannelARN: Hashable, Sendable, CustomStringConvertible {
    /// The partition: `aws`, `aws-cn` or `aws-us-gov`.
    public let partition: String
    /// The channel's region, e.g. `us-east-1`.
    public let region: String
    /// The 12-digit ID of the account that owns the channel.
    public let accountID: String
    /// The channel ID (the ARN suffix; a UUID for channels AWS creates).
    public let channelID: String

    /// Creates the ARN of a channel.
    ///
    /// - Parameters:
    ///   - partition: The partition; by default the one `region` belongs to.
    ///   - region: The channel's region.
    ///   - accountID: The owning account's 12-digit ID.
    ///   - channelID: The channel ID.
    public init(partition: String? = nil, region: String, accountID: String, channelID: String) {
        self.partition = partition ?? AWSNaming.partition(forRegion: region)
        self.region = region
        self.accountID = accountID
        self.channelID = channelID
    }

    /// Parses a channel ARN.
    ///
    /// - Parameter text: The ARN, e.g. `arn:aws:cloudtrail:us-east-1:123456789012:channel/01234567890`.
    /// - Throws: ``CloudTrailError`` with code `InvalidChannelARN` when `text` is not the ARN of a channel
    ///   (wrong partition, service, region, account or resource type, or a channel ID that is not 1–128
    ///   characters of `[-_A-Za-z0-9]`).
    public init(parsing text: String) throws(CloudTrailError) {
        guard let parts = AWSNaming.regionalARNComponents(text, service: "cloudtrail"),
            parts[5].hasPrefix("channel/")
        else { throw Self.invalid(text) }
        let channelID = String(parts[5].dropFirst("channel/".count))
        guard (1...128).contains(AWSNaming.length(channelID)), AWSNaming.all(channelID, Self.isIDScalar) else {
            throw Self.invalid(text)
        }
        self.init(
            partition: String(parts[1]),
            region: String(parts[3]),
            accountID: String(parts[4]),
            channelID: channelID
        )
    }

    /// The ARN as text.
    public var description: String {
        "arn:\(partition):cloudtrail:\(region):\(accountID):channel/\(channelID)"
    }

    /// The error code `PutAuditEvents` answers a malformed channel ARN with.
    public static let invalidChannelARN = CloudTrailError.Code("InvalidChannelARN")

    static func isIDScalar(_ scalar: Unicode.Scalar) -> Bool {
        AWSNaming.isASCIIAlphanumeric(scalar) || scalar == "-" || scalar == "_"
    }

    static func invalid(_ text: String) -> CloudTrailError {
        CloudTrailError(
            invalidChannelARN,
            "\(text) is not a valid channel ARN. The format of a channel ARN is "
                + "arn:aws:cloudtrail:us-east-1:123456789012:channel/01234567890."
        )
    }
}
