import Foundation

/// The rules of CloudTrail Lake's `PutAuditEvents` (`cloudtrail-data` 2021-08-11), without storage.
///
/// A server answers a request in three steps:
/// 1. ``validateRequest(auditEvents:bodySize:channelArn:externalId:)`` checks the request as a whole and
///    throws the exception AWS answers with (`ValidationException`, `InvalidChannelARN`,
///    `DuplicatedAuditEventId`);
/// 2. the server checks that the channel exists and the caller may use it (`ChannelNotFound`,
///    `ChannelInsufficientPermission`) and that no `id` was ingested recently on the channel;
/// 3. ``record(for:channelARN:region:accountId:ingestionTime:newEventID:)`` turns each event into a stored
///    ``EventRecord`` or an ``AuditEventFailure`` for the response's `failed` list.
public enum AuditEventIngest {
    /// The most events one request may carry.
    public static let maximumEventCount = 100
    /// The largest request body accepted: 1 MB.
    public static let maximumRequestSize = 1024 * 1024
    /// The largest `eventData` accepted: 256 KB, the size of a standard CloudTrail Lake event.
    public static let maximumEventDataSize = 256 * 1024
    /// The `eventVersion` of the records OpenTrail stores for ingested events.
    public static let eventVersion = "1.0"
    /// The `eventCategory` of ingested events.
    public static let eventCategory = "ActivityAuditLog"
    /// The `eventType` of ingested events.
    public static let eventType = "ActivityLog"

    /// The exception for two entries of one request with the same `id`.
    public static let duplicatedAuditEventId = CloudTrailError.Code("DuplicatedAuditEventId")

    // MARK: - The request

    /// Checks a request's parameters, event count and size.
    ///
    /// - Parameters:
    ///   - eventCount: the number of entries of `auditEvents`.
    ///   - bodySize: the request body's size in bytes.
    ///   - channelArn: the `channelArn` query parameter.
    ///   - externalId: the `externalId` query parameter.
    /// - Returns: the parsed channel ARN.
    /// - Throws: ``CloudTrailError`` `ValidationException` (AWS's "1 validation error detected: ..." message)
    ///   for a missing `channelArn`, one that does not start with `arn:`, a malformed `externalId`, no events,
    ///   more than ``maximumEventCount`` events, or a body larger than ``maximumRequestSize``; then
    ///   `InvalidChannelARN` when `channelArn` is not the ARN of a channel.
    @discardableResult
    public static func validateRequest(
        eventCount: Int,
        bodySize: Int,
        channelArn: String?,
        externalId: String?
    ) throws(CloudTrailError) -> ChannelARN {
        var problems = parameterProblems(channelArn: channelArn, externalId: externalId)
        problems += countProblems(eventCount)
        problems += sizeProblems(bodySize)
        return try channel(channelArn, problems: problems)
    }

    /// Checks a whole request: what ``validateRequest(eventCount:bodySize:channelArn:externalId:)`` checks,
    /// plus each entry's `id` and that no two entries share one.
    ///
    /// - Parameters:
    ///   - auditEvents: the request's `auditEvents`, or `nil` when the body had none.
    ///   - bodySize: the request body's size in bytes.
    ///   - channelArn: the `channelArn` query parameter.
    ///   - externalId: the `externalId` query parameter.
    /// - Returns: the parsed channel ARN.
    /// - Throws: ``CloudTrailError`` `ValidationException` (also for an `id` that is not 1–128 characters of
    ///   `[-_A-Za-z0-9]`), then `InvalidChannelARN`, then `DuplicatedAuditEventId`.
    @discardableResult
    public static func validateRequest(
        auditEvents: [AuditEventInput]?,
        bodySize: Int,
        channelArn: String?,
        externalId: String?
    ) throws(CloudTrailError) -> ChannelARN {
        var problems = parameterProblems(channelArn: channelArn, externalId: externalId)
        if let auditEvents {
            problems += countProblems(auditEvents.count)
            for (index, event) in auditEvents.enumerated() {
                problems += idProblems(event.id, at: "auditEvents.\(index + 1).member.id")
            }
        } else {
            problems.append("Value null at 'auditEvents' failed to satisfy constraint: Member must not be null")
        }
        problems += sizeProblems(bodySize)
        let arn = try channel(channelArn, problems: problems)
        var seen = Set<String>()
        for event in auditEvents ?? [] where !seen.insert(event.id).inserted {
            throw CloudTrailError(
                duplicatedAuditEventId,
                "Two or more entries in the request have the same event ID: \(event.id)"
            )
        }
        return arn
    }

    /// Whether `id` is a valid entry ID: 1–128 characters of `[-_A-Za-z0-9]`.
    public static func isValidEventID(_ id: String) -> Bool {
        (1...128).contains(AWSNaming.length(id)) && AWSNaming.all(id, ChannelARN.isIDScalar)
    }

    /// The `eventDataChecksum` of an event: base64 of the SHA-256 of its UTF-8 bytes.
    public static func checksum(of eventData: String) -> String {
        Data(SoftwareSHA256.digest(eventData.utf8)).base64EncodedString()
    }

    // MARK: - One event

    /// Checks one event and builds the record OpenTrail stores for it.
    ///
    /// The record is `{"eventVersion", "eventCategory": "ActivityAuditLog", "eventType": "ActivityLog",
    /// "eventID", "eventTime", "awsRegion", "recipientAccountId", "metadata": {"ingestionTime", "channelARN"},
    /// "eventData"}`, with `eventData` embedded byte for byte as received.
    ///
    /// - Parameters:
    ///   - event: the request entry.
    ///   - channelARN: the channel's ARN, stored as `metadata.channelARN`.
    ///   - region: the region the request was made in, stored as `awsRegion`.
    ///   - accountId: the account that owns the channel; `eventData.recipientAccountId` must equal it.
    ///   - ingestionTime: milliseconds since 1970, stored as `metadata.ingestionTime`.
    ///   - newEventID: makes the record's `eventID`; called only for an accepted event.
    /// - Returns: the record, or the failure entry for the response (`InvalidData`, `FieldTooLong`,
    ///   `FieldNotFound`, `InvalidChecksum` or `InvalidRecipient`).
    public static func record(
        for event: AuditEventInput,
        channelARN: String,
        region: String,
        accountId: String,
        ingestionTime: Int64,
        newEventID: () -> String
    ) -> Result<EventRecord, AuditEventFailure> {
        func failure(_ code: String, _ message: String) -> Result<EventRecord, AuditEventFailure> {
            .failure(AuditEventFailure(id: event.id, errorCode: code, errorMessage: message))
        }
        typealias Code = AuditEventFailure.ErrorCode
        guard isValidEventID(event.id) else {
            return failure(Code.invalidData, "id must be 1-128 characters of [-_A-Za-z0-9]")
        }
        let bytes = Array(event.eventData.utf8)
        guard bytes.count <= maximumEventDataSize else {
            return failure(
                Code.fieldTooLong,
                "eventData is \(bytes.count) bytes; the maximum is \(maximumEventDataSize) bytes"
            )
        }
        if let checksum = event.eventDataChecksum {
            let expected = Data(SoftwareSHA256.digest(bytes)).base64EncodedString()
            guard checksum == expected else {
                return failure(
                    Code.invalidChecksum,
                    "eventDataChecksum does not match the base64 SHA-256 of eventData"
                )
            }
        }
        let data: JSONValue
        do {
            data = try JSONValue(parsing: bytes)
        } catch {
            return failure(Code.invalidData, "eventData is not valid JSON: \(error.description)")
        }
        let eventTime: Int64
        do {
            eventTime = try EventDataSchema.check(data, ownerAccountId: accountId)
        } catch {
            return failure(error.code, error.message)
        }

        let eventID = newEventID()
        let header: [(key: String, value: JSONValue)] = [
            ("eventVersion", .string(eventVersion)),
            ("eventCategory", .string(eventCategory)),
            ("eventType", .string(eventType)),
            ("eventID", .string(eventID)),
            ("eventTime", .string(EventTime.format(milliseconds: eventTime))),
            ("awsRegion", .string(region)),
            ("recipientAccountId", .string(accountId)),
            (
                "metadata",
                .object([
                    ("ingestionTime", .string(EventTime.format(milliseconds: ingestionTime))),
                    ("channelARN", .string(channelARN)),
                ])
            ),
        ]
        var out = JSONValue.object(header).serialized
        out.removeLast()  // the closing brace
        out.append(contentsOf: #","eventData":"#.utf8)
        out.append(contentsOf: bytes)
        out.append(UInt8(ascii: "}"))
        let fields = IndexedFields(
            record: .object(header + [("eventData", data)]),
            fallbackTime: eventTime,
            fallbackEventID: eventID
        )
        return .success(EventRecord(bytes: out, fields: fields))
    }

    // MARK: - Validation messages

    private static func channel(_ channelArn: String?, problems: [String]) throws(CloudTrailError) -> ChannelARN {
        guard problems.isEmpty, let channelArn else {
            let count = max(problems.count, 1)
            let noun = count == 1 ? "error" : "errors"
            throw CloudTrailError(
                .validation,
                "\(count) validation \(noun) detected: " + problems.joined(separator: "; ")
            )
        }
        return try ChannelARN(parsing: channelArn)
    }

    private static func parameterProblems(channelArn: String?, externalId: String?) -> [String] {
        var problems: [String] = []
        if let channelArn {
            if !channelArn.hasPrefix("arn:") || channelArn.contains(where: \.isNewline) {
                problems.append(
                    "Value '\(channelArn)' at 'channelArn' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^arn:.*$"
                )
            }
        } else {
            problems.append("Value null at 'channelArn' failed to satisfy constraint: Member must not be null")
        }
        if let externalId {
            let prefix = "Value '\(externalId)' at 'externalId' failed to satisfy constraint: "
            let length = AWSNaming.length(externalId)
            if length < 2 {
                problems.append(prefix + "Member must have length greater than or equal to 2")
            }
            if length > 1224 {
                problems.append(prefix + "Member must have length less than or equal to 1224")
            }
            if !AWSNaming.all(externalId, isExternalIdScalar) {
                problems.append(prefix + #"Member must satisfy regular expression pattern: ^[\w+=,.@:\/-]*$"#)
            }
        }
        return problems
    }

    private static func countProblems(_ count: Int) -> [String] {
        if count < 1 {
            return [
                "Value '[]' at 'auditEvents' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1"
            ]
        }
        if count > maximumEventCount {
            return [
                "Value at 'auditEvents' failed to satisfy constraint: "
                    + "Member must have length less than or equal to \(maximumEventCount)"
            ]
        }
        return []
    }

    private static func idProblems(_ id: String, at path: String) -> [String] {
        let prefix = "Value '\(id)' at '\(path)' failed to satisfy constraint: "
        var problems: [String] = []
        if id.isEmpty { problems.append(prefix + "Member must have length greater than or equal to 1") }
        if AWSNaming.length(id) > 128 { problems.append(prefix + "Member must have length less than or equal to 128") }
        if id.isEmpty || !AWSNaming.all(id, ChannelARN.isIDScalar) {
            problems.append(prefix + "Member must satisfy regular expression pattern: ^[-_A-Za-z0-9]+$")
        }
        return problems
    }

    private static func sizeProblems(_ bodySize: Int) -> [String] {
        guard bodySize > maximumRequestSize else { return [] }
        return [
            "Value at 'auditEvents' failed to satisfy constraint: Request body must be at most "
                + "\(maximumRequestSize) bytes (1 MB), but is \(bodySize) bytes"
        ]
    }

    /// Java's `[\w+=,.@:\/-]`: ASCII letters, digits, `_` and `+=,.@:/-`.
    private static func isExternalIdScalar(_ scalar: Unicode.Scalar) -> Bool {
        AWSNaming.isASCIIAlphanumeric(scalar) || "_+=,.@:/-".unicodeScalars.contains(scalar)
    }
}
