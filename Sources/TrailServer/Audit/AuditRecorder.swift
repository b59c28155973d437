import Foundation
import Logging
import TrailModel
import TrailStore

/// Writes OpenTrail's record of its own API calls, as CloudTrail records calls to itself.
///
/// A call's record is committed before the caller gets its answer, so a call that was answered is on
/// the record.
struct AuditRecorder: Sendable {
    static let eventSource = "cloudtrail.amazonaws.com"
    static let eventVersion = "1.11"
    /// CloudTrail caps `userAgent`; so do we, so a hostile header cannot bloat every record.
    static let maxUserAgentLength = 1024

    let log: any EventLog
    let accountId: String
    /// The region of records that name none (failures before a region was known).
    let defaultRegion: String
    /// Counts the records written (`opentrail_events_ingested_total{source="self_audit"}`).
    var metrics: ServerMetrics? = nil

    /// What a call was and how it went.
    struct Call: Sendable {
        var operation: String
        var isReadOnly: Bool
        var region: String
        var userIdentity: JSONValue
        var sourceIPAddress: String
        var userAgent: String?
        var requestID: String
        var eventID: String
        var time: Date
        var requestParameters: JSONValue
        var responseElements: JSONValue
        var error: CloudTrailError?
        var resources: [AuditResource]
        var additionalEventData: JSONValue?
        /// The service the call was to (`cloudtrail.amazonaws.com` unless an OpenTrail extension API says
        /// otherwise, e.g. `events.amazonaws.com` for rules).
        var eventSource: String = AuditRecorder.eventSource
        /// The error code and message of a failed call of an API whose errors are not CloudTrail's.
        var failure: (code: String, message: String)? = nil
    }

    func record(_ call: Call) async throws {
        let ms = EventTime.milliseconds(call.time)
        var members: [(key: String, value: JSONValue)] = [
            ("eventVersion", .string(Self.eventVersion)),
            ("userIdentity", call.userIdentity),
            ("eventTime", .string(EventTime.format(milliseconds: ms))),
            ("eventSource", .string(call.eventSource)),
            ("eventName", .string(call.operation)),
            ("awsRegion", .string(call.region)),
            ("sourceIPAddress", .string(call.sourceIPAddress)),
            ("userAgent", call.userAgent.map { .string(String($0.prefix(Self.maxUserAgentLength))) } ?? .null),
        ]
        if let error = call.error {
            members.append(("errorCode", .string(error.code.name)))
            members.append(("errorMessage", .string(error.reason)))
        } else if let failure = call.failure {
            members.append(("errorCode", .string(failure.code)))
            members.append(("errorMessage", .string(failure.message)))
        }
        members += [
            ("requestParameters", call.requestParameters),
            ("responseElements", call.responseElements),
        ]
        if let extra = call.additionalEventData { members.append(("additionalEventData", extra)) }
        members += [
            ("requestID", .string(call.requestID)),
            ("eventID", .string(call.eventID)),
            ("readOnly", .bool(call.isReadOnly)),
        ]
        if !call.resources.isEmpty { members.append(("resources", .array(call.resources.map(\.json)))) }
        members += [
            ("eventType", .string("AwsApiCall")),
            ("managementEvent", .bool(true)),
            ("recipientAccountId", .string(accountId)),
            ("eventCategory", .string("Management")),
        ]
        let value = JSONValue.object(members)
        let fields = IndexedFields(record: value, fallbackTime: ms, fallbackEventID: call.eventID)
        _ = try await log.append([EventRecord(bytes: value.serialized, fields: fields)])
        metrics?.recordIngested(count: 1, source: .selfAudit)
    }

    /// CloudTrail writes request parameters with the first letter of each member name in lower case
    /// (`S3BucketName` becomes `s3BucketName`).
    static func cloudTrailCase(_ value: JSONValue) -> JSONValue {
        value.mapKeys { key in
            guard let first = key.first, first.isUppercase else { return key }
            return first.lowercased() + key.dropFirst()
        }
    }
}
