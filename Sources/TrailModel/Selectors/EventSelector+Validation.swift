extension EventSelector {
    /// The event sources `ExcludeManagementEventSources` may name.
    public static let excludableManagementEventSources: [String] = ["kms.amazonaws.com", "rdsdata.amazonaws.com"]

    /// Checks one basic selector the way PutEventSelectors does. Limits across selectors (five selectors,
    /// 250 data resource values) are checked by
    /// ``EventSelectorConfiguration/init(validatingEventSelectors:advancedEventSelectors:)``.
    ///
    /// - `ReadWriteType` is `ReadOnly`, `WriteOnly` or `All`.
    /// - Each data resource has a `Type` among ``DataResource/basicSelectorTypes`` and at least one value, and
    ///   each value has the shape its type requires:
    ///   - `AWS::S3::Object`: `arn:aws:s3` or `arn:aws:s3:::` (all buckets), or `arn:aws:s3:::<bucket>/<prefix>`
    ///     (the `/` after the bucket is required; the prefix may be empty);
    ///   - `AWS::Lambda::Function`: `arn:aws:lambda` (all functions) or a function ARN
    ///     `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`;
    ///   - `AWS::DynamoDB::Table`: `arn:aws:dynamodb` (all tables) or a table ARN
    ///     `arn:aws:dynamodb:<region>:<account>:table/<name>`;
    ///
    ///   with `aws-cn` or `aws-us-gov` in place of `aws` as well. Wildcards such as `arn:aws:s3:::*` are invalid.
    /// - `ExcludeManagementEventSources` names only ``excludableManagementEventSources``.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidEventSelectorsException`.
    public func validate() throws(CloudTrailError) {
        if let readWriteType, !ReadWriteType.knownValues.contains(readWriteType) {
            throw CloudTrailError(
                .invalidEventSelectors,
                "Value \(readWriteType.rawValue) for ReadWriteType is invalid. Valid values are: "
                    + ReadWriteType.knownValues.map(\.rawValue).joined(separator: ", ")
            )
        }
        for resource in dataResources ?? [] {
            try resource.validate()
        }
        let excluded = excludeManagementEventSources ?? []
        for source in excluded where !Self.excludableManagementEventSources.contains(source) {
            throw CloudTrailError(
                .invalidEventSelectors,
                "Value \(source) for ExcludeManagementEventSources is invalid. Valid values are: "
                    + Self.excludableManagementEventSources.joined(separator: ", ")
            )
        }
    }
}

extension DataResource {
    /// Checks the type and values of one data resource; see ``EventSelector/validate()``.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidEventSelectorsException`.
    func validate() throws(CloudTrailError) {
        guard let type, Self.basicSelectorTypes.contains(type) else {
            throw CloudTrailError(
                .invalidEventSelectors,
                "Value \(type ?? "null") for DataResources.Type is invalid. Valid values are: "
                    + Self.basicSelectorTypes.joined(separator: ", ")
            )
        }
        guard let values, !values.isEmpty else {
            throw CloudTrailError(
                .invalidEventSelectors,
                "DataResources.Values for \(type) must contain at least one value."
            )
        }
        for value in values where !Self.isValid(value, forType: type) {
            throw CloudTrailError(.invalidEventSelectors, "Value \(value) for DataResources.Values is invalid.")
        }
    }

    static func isValid(_ value: String, forType type: String) -> Bool {
        switch type {
        case s3Object: isValidS3Value(value)
        case lambdaFunction: isValidLambdaValue(value)
        case dynamoDBTable: isValidDynamoDBValue(value)
        default: false
        }
    }

    /// `arn:<partition>:<service>`, the value that selects every resource of a type.
    private static func isAllResources(_ value: String, service: String) -> Bool {
        AWSNaming.partitions.contains { value == "arn:\($0):\(service)" }
    }

    private static func isValidS3Value(_ value: String) -> Bool {
        if isAllResources(value, service: "s3") { return true }
        guard let parts = AWSNaming.arnComponents(value),
            AWSNaming.partitions.contains(String(parts[1])),
            parts[2] == "s3", parts[3].isEmpty, parts[4].isEmpty
        else { return false }
        let resource = parts[5]
        if resource.isEmpty { return true }  // arn:aws:s3::: selects all buckets as well.
        guard let slash = resource.firstIndex(of: "/") else { return false }
        return isBucketNameInARN(resource[..<slash])
    }

    /// Bucket names in data resource ARNs follow the legacy (us-east-1) rules, which also admit upper-case
    /// letters and underscores: 3–255 characters of letters, digits, `.`, `_` and `-`.
    private static func isBucketNameInARN(_ bucket: Substring) -> Bool {
        (3...255).contains(bucket.unicodeScalars.count)
            && AWSNaming.all(bucket) { AWSNaming.isASCIIAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }

    private static func isValidLambdaValue(_ value: String) -> Bool {
        if isAllResources(value, service: "lambda") { return true }
        guard let parts = AWSNaming.regionalARNComponents(value, service: "lambda") else { return false }
        let resource = parts[5].split(separator: ":", omittingEmptySubsequences: false)
        guard resource.count == 2 || resource.count == 3, resource[0] == "function" else { return false }
        let name = resource[1]
        guard (1...64).contains(name.unicodeScalars.count),
            AWSNaming.all(name, { AWSNaming.isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" })
        else { return false }
        guard resource.count == 3 else { return true }
        let qualifier = resource[2]
        return (1...128).contains(qualifier.unicodeScalars.count)
            && AWSNaming.all(qualifier) { AWSNaming.isASCIIAlphanumeric($0) || $0 == "-" || $0 == "_" || $0 == "$" }
    }

    private static func isValidDynamoDBValue(_ value: String) -> Bool {
        if isAllResources(value, service: "dynamodb") { return true }
        guard let parts = AWSNaming.regionalARNComponents(value, service: "dynamodb"), parts[5].hasPrefix("table/")
        else { return false }
        let name = parts[5].dropFirst("table/".count)
        return (3...255).contains(name.unicodeScalars.count)
            && AWSNaming.all(name) { AWSNaming.isASCIIAlphanumeric($0) || $0 == "." || $0 == "_" || $0 == "-" }
    }
}
