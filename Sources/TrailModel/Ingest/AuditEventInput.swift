/// One entry of a `PutAuditEvents` request (`cloudtrail-data` 2021-08-11, shape `AuditEvent`).
///
/// Encodes and decodes with the model's member names: `id`, `eventData`, `eventDataChecksum`.
public struct AuditEventInput: Codable, Sendable, Hashable {
    /// The caller's ID for the event: 1–128 characters of `[-_A-Za-z0-9]`.
    public var id: String
    /// The event itself: the text of a JSON object in the CloudTrail Lake integrations event schema.
    public var eventData: String
    /// Optional base64 SHA-256 of the UTF-8 bytes of ``eventData``
    /// (`printf %s "$eventData" | openssl dgst -binary -sha256 | base64`).
    public var eventDataChecksum: String?

    /// Creates a request entry.
    public init(id: String, eventData: String, eventDataChecksum: String? = nil) {
        self.id = id
        self.eventData = eventData
        self.eventDataChecksum = eventDataChecksum
    }
}

/// An event that was ingested (shape `AuditEventResultEntry`): the caller's ``id`` and the
/// ``eventID`` OpenTrail assigned.
public struct AuditEventSuccess: Codable, Sendable, Hashable {
    /// The caller's ID, as sent.
    public var id: String
    /// The event ID of the stored record.
    public var eventID: String

    /// Creates a success entry.
    public init(id: String, eventID: String) {
        self.id = id
        self.eventID = eventID
    }
}

/// An event that was not ingested (shape `ResultErrorEntry`).
///
/// The request as a whole still succeeds; the entry lands in the response's `failed` list.
public struct AuditEventFailure: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The caller's ID, as sent.
    public var id: String
    /// Why the event was rejected; one of ``ErrorCode``.
    public var errorCode: String
    /// A message for the caller (1–1024 characters).
    public var errorMessage: String

    /// Creates a failure entry. The message is cut to the 1024 characters the model allows.
    public init(id: String, errorCode: String, errorMessage: String) {
        self.id = id
        self.errorCode = errorCode
        self.errorMessage = errorMessage.unicodeScalars.count > 1024 ? Self.truncated(errorMessage) : errorMessage
    }

    public var description: String { "\(errorCode) for \(id): \(errorMessage)" }

    /// The per-event error codes, as the `cloudtrail-data` model lists them for `ResultErrorEntry.errorCode`.
    public enum ErrorCode {
        /// A field of `eventData` is longer than the schema allows.
        public static let fieldTooLong = "FieldTooLong"
        /// A required field of `eventData` is missing (absent, `null` or empty).
        public static let fieldNotFound = "FieldNotFound"
        /// `eventDataChecksum` is not the base64 SHA-256 of `eventData`.
        public static let invalidChecksum = "InvalidChecksum"
        /// `eventData` is not a JSON object, or a field has the wrong type or format.
        public static let invalidData = "InvalidData"
        /// `eventData.recipientAccountId` is not the account that owns the channel.
        public static let invalidRecipient = "InvalidRecipient"
        /// Not used by OpenTrail (AWS uses it for partner event sources).
        public static let invalidEventSource = "InvalidEventSource"
        /// The store failed; the caller may retry.
        public static let internalFailure = "InternalFailure"
        /// Ingestion is throttled; the caller may retry.
        public static let throttling = "Throttling"
    }

    private static func truncated(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(1024))
        return String(scalars)
    }
}

/// The response of `PutAuditEvents` (shape `PutAuditEventsResponse`): `{"successful": [...], "failed": [...]}`.
public struct PutAuditEventsResult: Codable, Sendable, Hashable {
    /// The events that were ingested.
    public var successful: [AuditEventSuccess]
    /// The events that were not.
    public var failed: [AuditEventFailure]

    /// Creates a response.
    public init(successful: [AuditEventSuccess] = [], failed: [AuditEventFailure] = []) {
        self.successful = successful
        self.failed = failed
    }
}
