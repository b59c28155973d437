/// The resources a basic ``EventSelector`` logs data events for, as in the botocore `DataResource` shape
/// (`{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3:::amzn-s3-demo-bucket/"]}`).
///
/// Both members are optional on the wire; validation requires them.
public struct DataResource: Codable, Hashable, Sendable {
    /// The resource type for S3 objects.
    public static let s3Object = "AWS::S3::Object"
    /// The resource type for Lambda functions.
    public static let lambdaFunction = "AWS::Lambda::Function"
    /// The resource type for DynamoDB tables.
    public static let dynamoDBTable = "AWS::DynamoDB::Table"
    /// The resource types basic event selectors accept; other types need advanced event selectors.
    public static let basicSelectorTypes: [String] = [dynamoDBTable, lambdaFunction, s3Object]

    /// The resource type, one of ``basicSelectorTypes``.
    public var type: String?
    /// ARNs or ARN prefixes of the resources, e.g. `arn:aws:s3:::amzn-s3-demo-bucket/` or `arn:aws:s3` for all.
    public var values: [String]?

    /// Creates a data resource.
    public init(type: String?, values: [String]?) {
        self.type = type
        self.values = values
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type"
        case values = "Values"
    }
}
