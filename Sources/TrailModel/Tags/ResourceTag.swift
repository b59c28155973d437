/// A key-value pair attached to a trail, as in the botocore `Tag` shape (`{"Key": ..., "Value": ...}`).
///
/// `Value` is optional on the wire: AddTags with a key and no value creates the tag with a null value.
/// (Named `ResourceTag` rather than `Tag` so it does not clash with Swift Testing's `Tag`.)
public struct ResourceTag: Codable, Hashable, Sendable {
    /// The longest allowed key, in Unicode characters.
    public static let maximumKeyLength = 128
    /// The longest allowed value, in Unicode characters.
    public static let maximumValueLength = 256
    /// The key prefix reserved for AWS, in any letter case.
    public static let reservedKeyPrefix = "aws:"

    /// The tag's key, unique on a resource.
    public var key: String
    /// The tag's value, if any.
    public var value: String?

    /// Creates a tag.
    public init(key: String, value: String? = nil) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key"
        case value = "Value"
    }

    /// Checks the tag's key and value.
    ///
    /// - Key: 1–128 characters, not starting with `aws:` (any case).
    /// - Value: 0–256 characters.
    /// - Both: only Unicode letters, digits, white space and `_ . : / = + - @`
    ///   (AWS: `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`).
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidTagParameterException`.
    public func validate() throws(CloudTrailError) {
        let keyLength = AWSNaming.length(key)
        guard (1...Self.maximumKeyLength).contains(keyLength) else {
            throw CloudTrailError(
                .invalidTagParameter,
                "Tag key must be between 1 and \(Self.maximumKeyLength) characters long; "
                    + "the key \"\(key)\" has \(keyLength)."
            )
        }
        guard Self.isAllowed(key) else {
            throw CloudTrailError(
                .invalidTagParameter,
                "Tag key \"\(key)\" contains characters that are not allowed. " + Self.allowedCharacters
            )
        }
        guard !key.lowercased().hasPrefix(Self.reservedKeyPrefix) else {
            throw CloudTrailError(
                .invalidTagParameter,
                "Tag key \"\(key)\" uses the reserved prefix \"aws:\", which is reserved for AWS use."
            )
        }
        guard let value else { return }
        let valueLength = AWSNaming.length(value)
        guard valueLength <= Self.maximumValueLength else {
            throw CloudTrailError(
                .invalidTagParameter,
                "Tag value must be at most \(Self.maximumValueLength) characters long; "
                    + "the value of tag \"\(key)\" has \(valueLength)."
            )
        }
        guard Self.isAllowed(value) else {
            throw CloudTrailError(
                .invalidTagParameter,
                "The value of tag \"\(key)\" contains characters that are not allowed. " + Self.allowedCharacters
            )
        }
    }

    private static let allowedCharacters =
        "Tag keys and values can contain only Unicode letters, digits, white space, and the characters _ . : / = + - @."

    private static func isAllowed(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .spaceSeparator, .lineSeparator, .paragraphSeparator,
                .decimalNumber, .letterNumber, .otherNumber:
                true
            default:
                "_.:/=+-@".unicodeScalars.contains(scalar)
            }
        }
    }
}
