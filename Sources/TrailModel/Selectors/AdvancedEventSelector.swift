/// An advanced event selector, as in the botocore `AdvancedEventSelector` shape.
///
/// ```json
/// {"Name": "Log PutObject on one bucket",
///  "FieldSelectors": [
///    {"Field": "eventCategory", "Equals": ["Data"]},
///    {"Field": "resources.type", "Equals": ["AWS::S3::Object"]},
///    {"Field": "eventName", "Equals": ["PutObject"]},
///    {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::amzn-s3-demo-bucket/"]}]}
/// ```
///
/// An event matches a selector when it matches all of its field selectors, and a trail logs an event that matches
/// any of its selectors.
public struct AdvancedEventSelector: Codable, Hashable, Sendable {
    /// The longest allowed ``name``.
    public static let maximumNameLength = 1000

    /// An optional description, such as "Log data events for only two S3 buckets".
    public var name: String?
    /// The conditions, all of which an event must meet. At least one is required, and one must be on
    /// `eventCategory`.
    public var fieldSelectors: [AdvancedFieldSelector]

    /// Creates a selector.
    public init(name: String? = nil, fieldSelectors: [AdvancedFieldSelector]) {
        self.name = name
        self.fieldSelectors = fieldSelectors
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case fieldSelectors = "FieldSelectors"
    }

    /// The number of condition values in the selector, which counts towards the limit of 500 per trail.
    public var conditionValueCount: Int {
        fieldSelectors.reduce(0) { $0 + $1.conditionValueCount }
    }
}
