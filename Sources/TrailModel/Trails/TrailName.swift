/// A validated trail name.
///
/// CloudTrail trail names:
/// - contain only ASCII letters, digits, periods (`.`), underscores (`_`) and dashes (`-`);
/// - start and end with a letter or digit;
/// - are between 3 and 128 characters long;
/// - have no adjacent periods, underscores or dashes (`my-_trail` and `my--trail` are invalid);
/// - are not formatted like an IP address (`192.168.5.4`).
///
/// The checks run in the order moto runs them (too short, too long, first character, last character,
/// character set), followed by the rules moto does not check, so the messages match moto's for the
/// cases it covers.
public struct TrailName: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The shortest allowed trail name.
    public static let minimumLength = 3
    /// The longest allowed trail name.
    public static let maximumLength = 128

    /// The name as given.
    public let rawValue: String

    /// Validates and wraps a trail name.
    ///
    /// - Parameter rawValue: The name to validate.
    /// - Throws: ``CloudTrailError`` with code `InvalidTrailNameException` if the name breaks a naming rule.
    public init(_ rawValue: String) throws(CloudTrailError) {
        try Self.validate(rawValue)
        self.rawValue = rawValue
    }

    /// Creates a trail name from a value that was validated before, such as one read back from storage.
    init(unchecked rawValue: String) {
        self.rawValue = rawValue
    }

    /// Decodes a name from a JSON string, validating it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.reason)
        }
    }

    /// Encodes the name as a JSON string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The name.
    public var description: String { rawValue }

    /// Checks a trail name against CloudTrail's naming rules.
    ///
    /// - Parameter name: The name to check.
    /// - Throws: ``CloudTrailError`` with code `InvalidTrailNameException` and the message AWS (as emulated by
    ///   moto) answers with.
    public static func validate(_ name: String) throws(CloudTrailError) {
        let scalars = Array(name.unicodeScalars)
        if scalars.count < minimumLength {
            throw CloudTrailError(
                .invalidTrailName,
                "Trail name too short. Minimum allowed length: \(minimumLength) characters. "
                    + "Specified name length: \(scalars.count) characters."
            )
        }
        if scalars.count > maximumLength {
            throw CloudTrailError(
                .invalidTrailName,
                "Trail name too long. Maximum allowed length: \(maximumLength) characters. "
                    + "Specified name length: \(scalars.count) characters."
            )
        }
        if let first = scalars.first, !AWSNaming.isASCIIAlphanumeric(first) {
            throw CloudTrailError(.invalidTrailName, "Trail name must starts with a letter or number.")
        }
        if let last = scalars.last, !AWSNaming.isASCIIAlphanumeric(last) {
            throw CloudTrailError(.invalidTrailName, "Trail name must ends with a letter or number.")
        }
        if !scalars.allSatisfy({ AWSNaming.isASCIIAlphanumeric($0) || isSeparator($0) }) {
            throw CloudTrailError(
                .invalidTrailName,
                "Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, "
                    + "periods (.), hyphens (-), and underscores (_)."
            )
        }
        for (current, next) in zip(scalars, scalars.dropFirst()) where isSeparator(current) && isSeparator(next) {
            throw CloudTrailError(
                .invalidTrailName,
                "Trail name cannot contain adjacent periods (.), hyphens (-), or underscores (_)."
            )
        }
        if AWSNaming.isIPAddressShaped(name) {
            throw CloudTrailError(.invalidTrailName, "Trail name cannot be formatted as an IP address.")
        }
    }

    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "." || scalar == "_" || scalar == "-"
    }
}
