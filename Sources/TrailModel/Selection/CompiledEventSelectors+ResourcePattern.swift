extension CompiledEventSelectors {
    /// One value of a basic selector's ``DataResource``, compiled: which resource ARNs it covers.
    ///
    /// - `arn:<partition>:<service>` (`arn:aws:s3`, `arn:aws:lambda`, `arn:aws:dynamodb`) covers every resource
    ///   of the service: ARNs starting with `arn:<partition>:<service>:`.
    /// - For `AWS::Lambda::Function`, a function ARN is exact, as the CloudTrail API Reference says for
    ///   `DataResource` (`…:function:helloworld` does not cover `…:function:helloworld2`); an unqualified
    ///   function ARN also covers the function's versions and aliases (`…:function:helloworld:prod`).
    /// - For `AWS::DynamoDB::Table`, a table ARN is exact too (`table/Music` does not cover
    ///   `table/MusicCollection`), and also covers the table's own sub-resources (`table/Music/index/…`).
    /// - Otherwise, notably for `AWS::S3::Object`, the value is an ARN prefix: `arn:aws:s3:::` covers all
    ///   buckets, `arn:aws:s3:::amzn-s3-demo-bucket/` every object in the bucket, and
    ///   `arn:aws:s3:::amzn-s3-demo-bucket/photos/` the objects whose keys start with `photos/`.
    struct ResourcePattern: Sendable {
        private enum Kind: Sendable {
            /// ARNs starting with the value.
            case prefix
            /// The ARN equal to the value, or the value followed by the separator and more.
            case resource(separator: UInt8)
        }

        private let value: Value
        private let kind: Kind

        /// Compiles one of the `Values` of a data resource of type `type`.
        init(_ value: String, type: String) {
            let parts = value.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 3, parts[0] == "arn", !parts[2].isEmpty {
                self.value = Value(value + ":")
                kind = .prefix
                return
            }
            self.value = Value(value)
            switch type {
            case DataResource.lambdaFunction: kind = .resource(separator: UInt8(ascii: ":"))
            case DataResource.dynamoDBTable: kind = .resource(separator: UInt8(ascii: "/"))
            default: kind = .prefix
            }
        }

        /// Whether the pattern covers the resource with ARN `arn`.
        func covers(_ arn: UnsafeBufferPointer<UInt8>) -> Bool {
            switch kind {
            case .prefix:
                return value.isPrefix(of: arn)
            case .resource(let separator):
                let length = value.bytes.count
                return value.isPrefix(of: arn) && (arn.count == length || arn[length] == separator)
            }
        }
    }
}
