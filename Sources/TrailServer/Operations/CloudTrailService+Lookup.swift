import Crypto
import Foundation
import TrailModel
import TrailStore

struct LookupAttributeShape: Codable, Sendable {
    var AttributeKey: String?
    var AttributeValue: String?
}

struct LookupEventsRequest: Decodable, Sendable {
    var LookupAttributes: [LookupAttributeShape]?
    var StartTime: Date?
    var EndTime: Date?
    var EventCategory: String?
    var MaxResults: Int?
    var NextToken: String?
}

struct LookupResourceShape: Encodable, Sendable {
    var ResourceType: String?
    var ResourceName: String?
}

struct LookupEventShape: Encodable, Sendable {
    var EventId: String
    var EventName: String?
    var ReadOnly: String?
    var AccessKeyId: String?
    var EventTime: Date
    var EventSource: String?
    var Username: String?
    var Resources: [LookupResourceShape]
    var CloudTrailEvent: String
}

struct LookupEventsResponse: Encodable, Sendable, DirectJSONEncodable {
    var Events: [LookupEventShape]
    var NextToken: String?

    /// The same JSON `JSONEncoder` writes (sorted keys, epoch-second timestamps), several times faster:
    /// LookupEvents answers carry up to 50 records, each escaped into a string.
    func jsonBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Events.reduce(256) { $0 + $1.CloudTrailEvent.utf8.count + 400 })
        out.append(contentsOf: #"{"Events":["#.utf8)
        for (index, event) in Events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            event.write(into: &out)
        }
        out.append(UInt8(ascii: "]"))
        if let token = NextToken {
            out.append(contentsOf: #","NextToken":"#.utf8)
            JSONValue.writeString(token, into: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension LookupEventShape {
    func write(into out: inout [UInt8]) {
        var first = true
        func member(_ name: String, _ value: String?) {
            guard let value else { return }
            out.append(contentsOf: (first ? "{\"" : ",\"").utf8)
            first = false
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: "\":".utf8)
            JSONValue.writeString(value, into: &out)
        }
        member("AccessKeyId", AccessKeyId)
        member("CloudTrailEvent", CloudTrailEvent)
        member("EventId", EventId)
        member("EventName", EventName)
        member("EventSource", EventSource)
        let ms = (EventTime.timeIntervalSince1970 * 1000).rounded()
        let seconds = ms.truncatingRemainder(dividingBy: 1000) == 0 ? String(Int64(ms / 1000)) : String(ms / 1000)
        out.append(contentsOf: ",\"EventTime\":\(seconds)".utf8)
        member("ReadOnly", ReadOnly)
        out.append(contentsOf: ",\"Resources\":[".utf8)
        for (index, resource) in Resources.enumerated() {
            out.append(contentsOf: (index > 0 ? ",{" : "{").utf8)
            var separator = ""
            if let name = resource.ResourceName {
                out.append(contentsOf: "\"ResourceName\":".utf8)
                JSONValue.writeString(name, into: &out)
                separator = ","
            }
            if let type = resource.ResourceType {
                out.append(contentsOf: "\(separator)\"ResourceType\":".utf8)
                JSONValue.writeString(type, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        member("Username", Username)
        out.append(UInt8(ascii: "}"))
    }
}

/// The state a LookupEvents `NextToken` carries: where the page ended, the log's high-water mark when
/// the first page was read, and a digest of the parameters it is valid for.
struct LookupToken: Codable, Sendable {
    var t: Int64
    var s: Int64
    var m: Int64
    var p: String
}

extension CloudTrailService {
    var lookupEventsOperation: Operation {
        .make("LookupEvents", readOnly: true, input: LookupEventsRequest.self, lookupEvents)
    }

    func lookupEvents(
        _ request: LookupEventsRequest,
        _ context: OperationContext
    ) async throws -> (LookupEventsResponse, [AuditResource]) {
        let query = try Self.lookupQuery(request)
        var paged = query
        let digest = Self.parameterDigest(request)
        if let token = request.NextToken {
            guard let state = PageToken.decode(LookupToken.self, from: token), state.p == digest else {
                throw CloudTrailError(
                    .invalidNextToken,
                    "Invalid NextToken: it does not belong to these lookup parameters."
                )
            }
            paged.after = .init(eventTime: state.t, sequence: state.s)
            paged.maxSequence = state.m
        } else {
            // Pin the page set to what is committed now, so later events do not shift the pages.
            paged.maxSequence = try await log.latestSequence()
        }
        // One more than asked, to know whether another page exists.
        paged.limit = query.limit + 1
        var events = try await log.lookup(paged)
        var nextToken: String?
        if events.count > query.limit {
            events.removeLast()
            if let last = events.last {
                nextToken = PageToken.encode(
                    LookupToken(t: last.record.fields.eventTime, s: last.sequence, m: paged.maxSequence ?? 0, p: digest)
                )
            }
        }
        let shapes = events.map { event -> LookupEventShape in
            let f = event.record.fields
            return LookupEventShape(
                EventId: f.eventID,
                EventName: f.eventName,
                ReadOnly: f.readOnly.map { $0 ? "true" : "false" },
                AccessKeyId: f.accessKeyId,
                EventTime: EventTime.date(milliseconds: f.eventTime),
                EventSource: f.eventSource,
                Username: f.username,
                Resources: f.resources.map { LookupResourceShape(ResourceType: $0.type, ResourceName: $0.name) },
                CloudTrailEvent: String(decoding: event.record.bytes, as: UTF8.self)
            )
        }
        return (LookupEventsResponse(Events: shapes, NextToken: nextToken), [])
    }

    static func lookupQuery(_ request: LookupEventsRequest) throws -> LookupQuery {
        var query = LookupQuery()
        let attributes = request.LookupAttributes ?? []
        guard attributes.count <= 1 else {
            throw CloudTrailError(.invalidLookupAttributes, "You can specify only one lookup attribute.")
        }
        if let attribute = attributes.first {
            guard let key = attribute.AttributeKey else {
                throw CloudTrailError(.invalidLookupAttributes, "AttributeKey is required.")
            }
            guard let value = attribute.AttributeValue, (1...2000).contains(value.count) else {
                throw CloudTrailError(.invalidLookupAttributes, "AttributeValue must be 1 to 2000 characters long.")
            }
            switch key {
            case "EventId": query.attribute = .eventID(value)
            case "EventName": query.attribute = .eventName(value)
            case "ReadOnly":
                guard value == "true" || value == "false" else {
                    throw CloudTrailError(.invalidLookupAttributes, "The value of ReadOnly must be true or false.")
                }
                query.attribute = .readOnly(value == "true")
            case "Username": query.attribute = .username(value)
            case "ResourceType": query.attribute = .resourceType(value)
            case "ResourceName": query.attribute = .resourceName(value)
            case "EventSource": query.attribute = .eventSource(value)
            case "AccessKeyId": query.attribute = .accessKeyId(value)
            default:
                throw CloudTrailError(
                    .invalidLookupAttributes,
                    "Invalid AttributeKey \(key.prefix(64)). Valid keys: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId."
                )
            }
        }
        if let start = request.StartTime, let end = request.EndTime, start > end {
            throw CloudTrailError(.invalidTimeRange, "Start time must be before end time.")
        }
        query.startTime = request.StartTime.map(Self.milliseconds(rounding: .up))
        query.endTime = request.EndTime.map(Self.milliseconds(rounding: .down))
        if let max = request.MaxResults {
            guard (1...50).contains(max) else {
                throw CloudTrailError(.invalidMaxResults, "MaxResults must be between 1 and 50.")
            }
            query.limit = max
        } else {
            query.limit = 50
        }
        switch request.EventCategory {
        case nil: query.insights = false
        case "insight"?: query.insights = true
        case let other?:
            throw CloudTrailError(
                .invalidEventCategory,
                "Invalid EventCategory \(other.prefix(64)); the only value is insight."
            )
        }
        return query
    }

    static func milliseconds(rounding rule: FloatingPointRoundingRule) -> (Date) -> Int64 {
        { date in
            let ms = (date.timeIntervalSince1970 * 1000).rounded(rule)
            return ms >= Double(Int64.max) ? Int64.max : (ms <= Double(Int64.min) ? Int64.min : Int64(ms))
        }
    }

    /// A digest of the parameters a NextToken is valid for (MaxResults may change between pages).
    static func parameterDigest(_ request: LookupEventsRequest) -> String {
        var text = ""
        for attribute in request.LookupAttributes ?? [] {
            text += "a=\(attribute.AttributeKey ?? "")\u{0}\(attribute.AttributeValue ?? "")\u{0}"
        }
        text += "s=\(request.StartTime.map { String($0.timeIntervalSince1970) } ?? "")\u{0}"
        text += "e=\(request.EndTime.map { String($0.timeIntervalSince1970) } ?? "")\u{0}"
        text += "c=\(request.EventCategory ?? "")"
        return HexText.encode(SHA256.hash(data: Data(text.utf8)).prefix(12))
    }
}
