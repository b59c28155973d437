import Foundation
import TrailModel

// MARK: - monitoring (`/v1/logs`, `/v1/alarms`, `/v1/rules`, `/v1/monitors`)

extension LookupClient {
    /// Calls one action of OpenTrail's monitoring API (`docs/MONITORING.md`): a SigV4-signed (service
    /// `opentrail`) `POST` of `body` to `path`, e.g. `/v1/logs/FilterLogEvents`.
    ///
    /// - Parameters:
    ///   - path: The action's path; its last component names the action in errors.
    ///   - body: The request, a JSON object.
    ///   - region: The region to sign for.
    /// - Returns: The answer's JSON.
    /// - Throws: ``ClientError`` `"<Action> failed: <code>: <message>"` when the server answers other than
    ///   200, or when it cannot be reached.
    package func monitoringCall(
        _ path: String,
        body: JSONValue,
        region: String = ServerConfiguration.defaultRegion
    ) async throws -> JSONValue {
        let action = path.split(separator: "/").last.map(String.init) ?? path
        return try await post(
            path: path,
            headers: [(name: "Content-Type", value: "application/json")],
            service: "opentrail",
            body: body.serialized,
            region: region,
            operation: action
        )
    }

    /// Pages through FilterLogEvents, calling `each` for every log event, until `limit` events (all when
    /// `nil`) or the last page.
    ///
    /// - Parameters:
    ///   - request: The FilterLogEvents request without `limit` and `nextToken`.
    ///   - limit: At most this many events over all pages.
    ///   - region: The region to sign for.
    ///   - each: Called with each event (`{logStreamName, timestamp, ingestionTime, message, eventId}`).
    /// - Returns: How many events `each` saw.
    /// - Throws: ``ClientError`` when a call fails; what `each` throws.
    @discardableResult
    package func filterLogEvents(
        _ request: JSONValue,
        limit: Int?,
        region: String,
        each: (JSONValue) throws -> Void
    ) async throws -> Int {
        try await Self.pageLogEvents(request, limit: limit, each: each) { body in
            try await monitoringCall("/v1/logs/FilterLogEvents", body: body, region: region)
        }
    }

    /// The paging of ``filterLogEvents(_:limit:region:each:)`` over any `fetch`: asks for at most the events
    /// still wanted (10,000 a page, FilterLogEvents' maximum) and follows `nextToken` until `limit`, the last
    /// page, or a token the server repeats.
    package static func pageLogEvents(
        _ request: JSONValue,
        limit: Int?,
        each: (JSONValue) throws -> Void,
        fetch: (JSONValue) async throws -> JSONValue
    ) async throws -> Int {
        let pageSize = 10_000
        var seen = 0
        var token: String?
        repeat {
            let wanted = limit.map { Swift.min(pageSize, $0 - seen) } ?? pageSize
            guard wanted > 0 else { break }
            var body = request.setting("limit", to: .int(wanted))
            if let token { body = body.setting("nextToken", to: .string(token)) }
            let answer = try await fetch(body)
            guard case .array(let events)? = answer["events"] else {
                throw ClientError(description: "FilterLogEvents: unexpected answer, no events")
            }
            for event in events {
                try each(event)
                seen += 1
                if let limit, seen >= limit { return seen }
            }
            let next = answer["nextToken"]?.stringValue
            token = next == token ? nil : next
        } while token != nil
        return seen
    }
}
