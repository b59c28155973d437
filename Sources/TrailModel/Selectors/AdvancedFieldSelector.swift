/// One condition of an ``AdvancedEventSelector``, as in the botocore `AdvancedFieldSelector` shape:
/// a record field and one or more operators, each with a list of values.
///
/// ```json
/// {"Field": "resources.ARN", "StartsWith": ["arn:aws:s3:::amzn-s3-demo-bucket/"], "NotEndsWith": [".tmp"]}
/// ```
///
/// This type only carries and validates the condition; matching records against it is not part of it.
public struct AdvancedFieldSelector: Codable, Hashable, Sendable {
    /// The operators of a field selector, named as their JSON members.
    public enum Operator: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
        /// The field equals one of the values.
        case equals = "Equals"
        /// The field starts with one of the values.
        case startsWith = "StartsWith"
        /// The field ends with one of the values.
        case endsWith = "EndsWith"
        /// The field equals none of the values.
        case notEquals = "NotEquals"
        /// The field starts with none of the values.
        case notStartsWith = "NotStartsWith"
        /// The field ends with none of the values.
        case notEndsWith = "NotEndsWith"

        /// The JSON member name.
        public var description: String { rawValue }
    }

    /// The record field the condition is on, e.g. `eventCategory`, `resources.ARN`.
    public var field: String
    /// Values the field must equal (one of).
    public var equals: [String]?
    /// Prefixes the field must start with (one of).
    public var startsWith: [String]?
    /// Suffixes the field must end with (one of).
    public var endsWith: [String]?
    /// Values the field must not equal.
    public var notEquals: [String]?
    /// Prefixes the field must not start with.
    public var notStartsWith: [String]?
    /// Suffixes the field must not end with.
    public var notEndsWith: [String]?

    /// Creates a field selector.
    public init(
        field: String,
        equals: [String]? = nil,
        startsWith: [String]? = nil,
        endsWith: [String]? = nil,
        notEquals: [String]? = nil,
        notStartsWith: [String]? = nil,
        notEndsWith: [String]? = nil
    ) {
        self.field = field
        self.equals = equals
        self.startsWith = startsWith
        self.endsWith = endsWith
        self.notEquals = notEquals
        self.notStartsWith = notStartsWith
        self.notEndsWith = notEndsWith
    }

    enum CodingKeys: String, CodingKey {
        case field = "Field"
        case equals = "Equals"
        case startsWith = "StartsWith"
        case endsWith = "EndsWith"
        case notEquals = "NotEquals"
        case notStartsWith = "NotStartsWith"
        case notEndsWith = "NotEndsWith"
    }

    /// The values of one operator; `nil` when the operator is absent.
    public subscript(operator: Operator) -> [String]? {
        get {
            switch `operator` {
            case .equals: equals
            case .startsWith: startsWith
            case .endsWith: endsWith
            case .notEquals: notEquals
            case .notStartsWith: notStartsWith
            case .notEndsWith: notEndsWith
            }
        }
        set {
            switch `operator` {
            case .equals: equals = newValue
            case .startsWith: startsWith = newValue
            case .endsWith: endsWith = newValue
            case .notEquals: notEquals = newValue
            case .notStartsWith: notStartsWith = newValue
            case .notEndsWith: notEndsWith = newValue
            }
        }
    }

    /// The operators present, in declaration order.
    public var presentOperators: [Operator] {
        Operator.allCases.filter { self[$0] != nil }
    }

    /// The number of values across all operators.
    public var conditionValueCount: Int {
        Operator.allCases.reduce(0) { $0 + (self[$1]?.count ?? 0) }
    }
}
