/// The CloudTrail Lake integrations event schema for `eventData`: which fields are required, their types and
/// their size limits, as the CloudTrail User Guide ("CloudTrail Lake integrations event schema") lists them.
enum EventDataSchema {
    /// Why an `eventData` object breaks the schema: a per-event error code and a message.
    struct Violation: Error {
        let code: String
        let message: String
    }

    enum Kind {
        /// A string of at most `maxLength` characters (no limit when `nil`).
        case string(maxLength: Int?)
        /// A JSON object of at most `maxBytes` bytes in compact form (no limit when `nil`).
        case object(maxBytes: Int?)
    }

    struct Field {
        /// The member names from `eventData` down to the field.
        let path: [String]
        let isRequired: Bool
        let kind: Kind

        var name: String { "eventData." + path.joined(separator: ".") }
    }

    /// The fields of `eventData`, in the schema's order; parents come before their members.
    static let fields: [Field] = [
        Field(path: ["version"], isRequired: true, kind: .string(maxLength: 256)),
        Field(path: ["userIdentity"], isRequired: true, kind: .object(maxBytes: nil)),
        Field(path: ["userIdentity", "type"], isRequired: true, kind: .string(maxLength: 128)),
        Field(path: ["userIdentity", "principalId"], isRequired: true, kind: .string(maxLength: 1024)),
        Field(path: ["userIdentity", "details"], isRequired: false, kind: .object(maxBytes: nil)),
        Field(path: ["userAgent"], isRequired: false, kind: .string(maxLength: 1024)),
        Field(path: ["eventSource"], isRequired: true, kind: .string(maxLength: 1024)),
        Field(path: ["eventName"], isRequired: true, kind: .string(maxLength: 1024)),
        Field(path: ["eventTime"], isRequired: true, kind: .string(maxLength: nil)),
        Field(path: ["UID"], isRequired: true, kind: .string(maxLength: 1024)),
        Field(path: ["requestParameters"], isRequired: false, kind: .object(maxBytes: 100 * 1024)),
        Field(path: ["responseElements"], isRequired: false, kind: .object(maxBytes: 100 * 1024)),
        Field(path: ["errorCode"], isRequired: false, kind: .string(maxLength: 256)),
        Field(path: ["errorMessage"], isRequired: false, kind: .string(maxLength: 256)),
        Field(path: ["sourceIPAddress"], isRequired: false, kind: .string(maxLength: nil)),
        Field(path: ["recipientAccountId"], isRequired: true, kind: .string(maxLength: nil)),
        Field(path: ["additionalEventData"], isRequired: false, kind: .object(maxBytes: 28 * 1024)),
    ]

    /// Checks `eventData` against the schema.
    ///
    /// - Parameters:
    ///   - data: the parsed `eventData`.
    ///   - ownerAccountId: the account that owns the channel.
    /// - Returns: `eventTime` in milliseconds since 1970.
    /// - Throws: the first ``Violation`` found, in the order of ``fields``.
    static func check(_ data: JSONValue, ownerAccountId: String) throws(Violation) -> Int64 {
        typealias Code = AuditEventFailure.ErrorCode
        guard case .object = data else {
            throw Violation(code: Code.invalidData, message: "eventData must be a JSON object")
        }
        for field in fields {
            try check(field, in: data)
        }
        let time = data["eventTime"]?.stringValue ?? ""
        guard let eventTime = parseEventTime(time) else {
            throw Violation(
                code: Code.invalidData,
                message: "eventData.eventTime '\(time)' is not a UTC timestamp like 2021-10-27T12:13:14Z"
            )
        }
        let recipient = data["recipientAccountId"]?.stringValue ?? ""
        guard recipient == ownerAccountId else {
            throw Violation(
                code: Code.invalidRecipient,
                message: "eventData.recipientAccountId '\(recipient)' must be the ID of the account that owns "
                    + "the channel"
            )
        }
        return eventTime
    }

    /// Milliseconds since 1970 of an `eventTime`: `yyyy-MM-ddTHH:mm:ss` in UTC, with an optional fraction
    /// and `Z` or numeric offset (read as UTC when it has neither, as the schema's format shows it).
    static func parseEventTime(_ text: String) -> Int64? {
        if let milliseconds = EventTime.parseMilliseconds(text) { return milliseconds }
        guard text.utf8.count == 19 else { return nil }
        return EventTime.parseMilliseconds(text + "Z")
    }

    private static func check(_ field: Field, in data: JSONValue) throws(Violation) {
        typealias Code = AuditEventFailure.ErrorCode
        var parent = data
        for key in field.path.dropLast() {
            // A missing or mistyped parent was reported already; its members are not checked.
            guard let next = parent[key], case .object = next else { return }
            parent = next
        }
        let value = field.path.last.flatMap { parent[$0] } ?? .null
        let isEmptyString: Bool
        if case .string = field.kind { isEmptyString = value.stringValue == "" } else { isEmptyString = false }
        if value.isNull || isEmptyString {
            guard !field.isRequired else {
                throw Violation(code: Code.fieldNotFound, message: "\(field.name) is required")
            }
            return
        }
        switch field.kind {
        case .string(let maxLength):
            guard let text = value.stringValue else {
                throw Violation(code: Code.invalidData, message: "\(field.name) must be a string")
            }
            if let maxLength, AWSNaming.length(text) > maxLength {
                throw Violation(
                    code: Code.fieldTooLong,
                    message: "\(field.name) must be at most \(maxLength) characters"
                )
            }
        case .object(let maxBytes):
            guard case .object = value else {
                throw Violation(code: Code.invalidData, message: "\(field.name) must be a JSON object")
            }
            if let maxBytes, value.serialized.count > maxBytes {
                throw Violation(
                    code: Code.fieldTooLong,
                    message: "\(field.name) must be at most \(maxBytes) bytes"
                )
            }
        }
    }
}
