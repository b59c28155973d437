import TrailModel

/// What CloudTrail publishes to a trail's SNS topic after delivering log files: the bucket and the keys of the
/// new objects. Its JSON text, ``message``, is the `Message` of the SNS envelope:
///
/// ```json
/// {"s3Bucket":"my-bucket","s3ObjectKey":["AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/...json.gz"]}
/// ```
package struct DeliveryNotification: Sendable, Hashable, Codable {
    /// The bucket the files were delivered to.
    package var s3Bucket: String
    /// The keys of the delivered objects, in delivery order; one notification may list several.
    package var s3ObjectKeys: [String]

    private enum CodingKeys: String, CodingKey {
        case s3Bucket
        case s3ObjectKeys = "s3ObjectKey"
    }

    /// Creates a notification.
    package init(s3Bucket: String, s3ObjectKeys: [String]) {
        self.s3Bucket = s3Bucket
        self.s3ObjectKeys = s3ObjectKeys
    }

    /// Reads the JSON text of a notification, as found in an SNS envelope's `Message`.
    ///
    /// - Throws: ``NotificationError`` with code ``NotificationError/Code/invalidMessage``.
    package init(message: String) throws(NotificationError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: message)
        } catch {
            throw NotificationError(.invalidMessage, "the message is not JSON: \(error.description)")
        }
        guard let bucket = value["s3Bucket"]?.stringValue, case .array(let keys)? = value["s3ObjectKey"] else {
            throw NotificationError(.invalidMessage, "the message has no s3Bucket or s3ObjectKey")
        }
        var objectKeys: [String] = []
        for key in keys {
            guard let key = key.stringValue else {
                throw NotificationError(.invalidMessage, "s3ObjectKey must list strings")
            }
            objectKeys.append(key)
        }
        self.init(s3Bucket: bucket, s3ObjectKeys: objectKeys)
    }

    /// The compact JSON text: `{"s3Bucket":"...","s3ObjectKey":["...", ...]}`.
    package var message: String {
        JSONValue.object([
            (key: "s3Bucket", value: .string(s3Bucket)),
            (key: "s3ObjectKey", value: .array(s3ObjectKeys.map(JSONValue.string))),
        ]).serializedString
    }
}
