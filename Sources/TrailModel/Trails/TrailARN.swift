/// The ARN of a trail: `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`.
///
/// ```swift
/// let arn = try TrailARN(parsing: "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail")
/// arn.name.rawValue  // "MyTrail"
/// arn.description    // the ARN again
/// ```
///
/// Encodes and decodes as the ARN string.
public struct TrailARN: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The partition: `aws`, `aws-cn` or `aws-us-gov`.
    public let partition: String
    /// The trail's home region, e.g. `us-east-1`.
    public let region: String
    /// The 12-digit ID of the account that owns the trail.
    public let accountID: String
    /// The trail's name.
    public let name: TrailName

    /// Creates the ARN of a trail.
    ///
    /// - Parameters:
    ///   - partition: The partition; by default the one `region` belongs to.
    ///   - region: The trail's home region.
    ///   - accountID: The owning account's 12-digit ID.
    ///   - name: The trail's name.
    public init(partition: String? = nil, region: String, accountID: String, name: TrailName) {
        self.partition = partition ?? AWSNaming.partition(forRegion: region)
        self.region = region
        self.accountID = accountID
        self.name = name
    }

    /// Parses a trail ARN.
    ///
    /// - Parameter text: The ARN, e.g. `arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail`.
    /// - Throws: ``CloudTrailError`` with code `CloudTrailARNInvalidException` if `text` is not the ARN of a trail
    ///   (wrong partition, service, region, account or resource type, or a resource name that is not a valid
    ///   trail name).
    public init(parsing text: String) throws(CloudTrailError) {
        guard let parts = AWSNaming.arnComponents(text) else { throw Self.invalid(text) }
        let partition = String(parts[1])
        let region = String(parts[3])
        let accountID = String(parts[4])
        let resource = parts[5]
        guard AWSNaming.partitions.contains(partition),
            parts[2] == "cloudtrail",
            AWSNaming.isRegion(region),
            AWSNaming.region(region, belongsTo: partition),
            AWSNaming.isAccountID(accountID),
            resource.hasPrefix("trail/")
        else { throw Self.invalid(text) }
        let name = String(resource.dropFirst("trail/".count))
        do {
            try TrailName.validate(name)
        } catch {
            throw Self.invalid(text)
        }
        self.init(partition: partition, region: region, accountID: accountID, name: TrailName(unchecked: name))
    }

    /// Decodes an ARN from a JSON string, validating it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the ARN as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The ARN as text.
    public var description: String {
        "arn:\(partition):cloudtrail:\(region):\(accountID):trail/\(name.rawValue)"
    }

    static func invalid(_ text: String) -> CloudTrailError {
        CloudTrailError(
            .cloudTrailARNInvalid,
            "\(text) is not a valid trail ARN. The format of a trail ARN is "
                + "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail."
        )
    }
}
