extension AdvancedEventSelector {
    /// The event categories a trail's advanced selector may select.
    public static let trailEventCategories: [String] = [
        EventSelectorConfiguration.management, EventSelectorConfiguration.data,
        EventSelectorConfiguration.networkActivity,
    ]

    /// The record fields a trail's advanced selectors may filter on, by event category
    /// (CloudTrail API Reference, `AdvancedEventSelector` and `AdvancedFieldSelector`).
    public static let supportedFields: [String: [String]] = [
        EventSelectorConfiguration.management: ["eventCategory", "eventSource", "readOnly"],
        EventSelectorConfiguration.data: [
            "eventCategory", "resources.type", "resources.ARN", "readOnly", "eventName", "eventSource", "eventType",
            "sessionCredentialFromConsole", "userIdentity.arn",
        ],
        EventSelectorConfiguration.networkActivity: [
            "eventCategory", "eventSource", "eventName", "errorCode", "vpcEndpointId", "userIdentity.arn",
        ],
    ]

    /// The longest allowed field name (botocore `SelectorField`).
    public static let maximumFieldLength = 1000
    /// The longest allowed condition value (botocore `OperatorValue`).
    public static let maximumConditionValueLength = 2048

    /// Checks one advanced selector the way PutEventSelectors does. The limit of 500 condition values per trail is
    /// checked by ``EventSelectorConfiguration/init(validatingEventSelectors:advancedEventSelectors:)``.
    ///
    /// - `Name` is at most 1000 characters; there is at least one field selector.
    /// - Each `Field` matches the model's pattern `[\w|\d|\.|_]+` (1–1000 characters), is a supported field and
    ///   appears once; each field selector has at least one operator, each operator at least one value, and each
    ///   value is 1–2048 characters.
    /// - `eventCategory` is required, uses only `Equals`, with one value: `Management`, `Data` or
    ///   `NetworkActivity`. The other fields must be supported for that category (``supportedFields``).
    /// - `readOnly`: only `Equals`, one value, `true` or `false`.
    /// - `resources.type`: required for `Data`; only `Equals`, one value shaped `AWS::<Service>::<Type>`.
    /// - `eventSource`: for `Management`, only `NotEquals` with `kms.amazonaws.com` and/or
    ///   `rdsdata.amazonaws.com`; required for `NetworkActivity`.
    /// - `errorCode` (`NetworkActivity`): only `Equals`, value `VpceAccessDenied`.
    /// - `sessionCredentialFromConsole`: only `Equals` or `NotEquals`, one value, `true` or `false`.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidEventSelectorsException`.
    public func validate() throws(CloudTrailError) {
        if let name, AWSNaming.length(name) > Self.maximumNameLength {
            throw Self.invalid(
                "Advanced event selector names must be at most \(Self.maximumNameLength) characters long."
            )
        }
        guard !fieldSelectors.isEmpty else {
            throw Self.invalid("An advanced event selector must contain at least one field selector.")
        }
        let allFields = Set(Self.supportedFields.values.joined())
        var seen: Set<String> = []
        for selector in fieldSelectors {
            try selector.validateShape()
            guard allFields.contains(selector.field) else {
                throw Self.invalid(
                    "Value \(selector.field) for FieldSelectors.Field is invalid. Supported fields are: "
                        + allFields.sorted().joined(separator: ", ")
                )
            }
            guard seen.insert(selector.field).inserted else {
                throw Self.invalid("Field \(selector.field) appears more than once in an advanced event selector.")
            }
        }

        guard let categorySelector = fieldSelectors.first(where: { $0.field == "eventCategory" }) else {
            throw Self.invalid("Each advanced event selector must contain a field selector on eventCategory.")
        }
        try categorySelector.require(operators: [.equals], singleValue: true, values: Self.trailEventCategories)
        let category = categorySelector.equals?.first ?? ""
        let categoryFields = Self.supportedFields[category] ?? []

        for selector in fieldSelectors {
            guard categoryFields.contains(selector.field) else {
                throw Self.invalid("Field \(selector.field) is not supported for \(category) events.")
            }
            switch (selector.field, category) {
            case ("readOnly", _):
                try selector.require(operators: [.equals], singleValue: true, values: ["true", "false"])
            case ("resources.type", _):
                try selector.require(operators: [.equals], singleValue: true)
                if let type = selector.equals?.first, !Self.isResourceType(type) {
                    throw Self.invalid("Value \(type) for resources.type is invalid.")
                }
            case ("eventSource", EventSelectorConfiguration.management):
                try selector.require(operators: [.notEquals], values: EventSelector.excludableManagementEventSources)
            case ("errorCode", _):
                try selector.require(operators: [.equals], values: ["VpceAccessDenied"])
            case ("sessionCredentialFromConsole", _):
                try selector.require(operators: [.equals, .notEquals], singleValue: true, values: ["true", "false"])
            default:
                break
            }
        }

        let required = [
            EventSelectorConfiguration.data: "resources.type",
            EventSelectorConfiguration.networkActivity: "eventSource",
        ]
        if let field = required[category], !seen.contains(field) {
            throw Self.invalid(
                "Advanced event selectors for \(category) events must contain a field selector on \(field)."
            )
        }
    }

    /// `AWS::<Service>::<Type>` with alphanumeric service and type names.
    private static func isResourceType(_ value: String) -> Bool {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 5 && parts[0] == "AWS" && parts[1].isEmpty && parts[3].isEmpty
            && [parts[2], parts[4]].allSatisfy { !$0.isEmpty && AWSNaming.all($0, AWSNaming.isASCIIAlphanumeric) }
    }

    static func invalid(_ message: String) -> CloudTrailError {
        CloudTrailError(.invalidEventSelectors, message)
    }
}

extension AdvancedFieldSelector {
    /// Checks what the botocore model constrains: the field's pattern and length, at least one operator, no empty
    /// operator list, and the length of each value.
    func validateShape() throws(CloudTrailError) {
        let length = AWSNaming.length(field)
        // The model's pattern `[\w|\d|\.|_]+`: ASCII word characters, `.` and (literally) `|`.
        let isFieldCharacter: (Unicode.Scalar) -> Bool = {
            AWSNaming.isASCIIAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "|"
        }
        guard (1...AdvancedEventSelector.maximumFieldLength).contains(length), AWSNaming.all(field, isFieldCharacter)
        else {
            throw AdvancedEventSelector.invalid("Value \(field) for FieldSelectors.Field is invalid.")
        }
        let operators = presentOperators
        guard !operators.isEmpty else {
            throw AdvancedEventSelector.invalid(
                "The field selector for \(field) must use at least one operator: "
                    + AdvancedFieldSelector.Operator.allCases.map(\.rawValue).joined(separator: ", ")
            )
        }
        for op in operators {
            let values = self[op] ?? []
            guard !values.isEmpty else {
                throw AdvancedEventSelector.invalid("The \(op) operator for \(field) must have at least one value.")
            }
            for value in values
            where !(1...AdvancedEventSelector.maximumConditionValueLength).contains(AWSNaming.length(value)) {
                throw AdvancedEventSelector.invalid(
                    "Value \(value) for \(field) is invalid. Condition values must be between 1 and "
                        + "\(AdvancedEventSelector.maximumConditionValueLength) characters long."
                )
            }
        }
    }

    /// Checks which operators the field may use, whether it takes a single value, and which values it may take.
    func require(
        operators allowed: [Operator],
        singleValue: Bool = false,
        values allowedValues: [String]? = nil
    ) throws(CloudTrailError) {
        for op in presentOperators where !allowed.contains(op) {
            throw AdvancedEventSelector.invalid(
                "Field \(field) supports only the "
                    + allowed.map(\.rawValue).joined(separator: " and ")
                    + (allowed.count == 1 ? " operator." : " operators.")
            )
        }
        if singleValue, conditionValueCount != 1 {
            throw AdvancedEventSelector.invalid("Field \(field) takes exactly one value.")
        }
        guard let allowedValues else { return }
        for op in presentOperators {
            for value in self[op] ?? [] where !allowedValues.contains(value) {
                throw AdvancedEventSelector.invalid(
                    "Value \(value) for \(field) is invalid. Valid values are: "
                        + allowedValues.joined(separator: ", ")
                )
            }
        }
    }
}
