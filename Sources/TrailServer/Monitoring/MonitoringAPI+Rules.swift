import Foundation
import TrailDelivery
import TrailModel
import TrailRules
import TrailStore

extension MonitoringAPI {
    func putRule(_ request: MonitoringInput) async throws -> JSONValue {
        let stateText = try request.string("state") ?? Rule.State.enabled.rawValue
        guard let state = Rule.State(rawValue: stateText) else {
            throw MonitorError.invalid(
                "state must be one of \(Rule.State.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        let rule = Rule(
            name: try request.required("name"),
            eventPattern: try request.required("eventPattern"),
            state: state,
            description: try request.string("description"),
            creationTime: nowMilliseconds
        )
        try await catalog.put(rule)
        return .object([("ruleArn", .string(rule.arn(region: region, accountID: accountID)))])
    }

    func putTargets(_ request: MonitoringInput) async throws -> JSONValue {
        let name = try request.required("rule")
        guard case .array(let items)? = request.body["targets"], !items.isEmpty else {
            throw MonitorError.invalid("targets must hold at least one target.")
        }
        var targets: [RuleTarget] = []
        for item in items {
            if item["command"] != nil {
                throw MonitorError.invalid(
                    "Command targets run programs on the server and can only be defined in the config file."
                )
            }
            let target: RuleTarget
            do {
                target = try JSONDecoder().decode(RuleTarget.self, from: Data(item.serialized))
            } catch {
                throw MonitorError.invalid("A target is not valid: \(MonitoringInput.describe(error))")
            }
            targets.append(target)
        }
        try await catalog.putTargets(rule: name, targets)
        return Self.failedEntries([])
    }

    func describe(_ rule: Rule) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(rule.name)),
            ("arn", .string(rule.arn(region: region, accountID: accountID))),
            ("eventPattern", .string(rule.eventPattern)),
            ("state", .string(rule.state.rawValue)),
            ("targetCount", .int(rule.targets.count)),
            ("creationTime", .int(rule.creationTime)),
        ]
        if let description = rule.description { members.append(("description", .string(description))) }
        if rule.isConfigured { members.append(("configured", .bool(true))) }
        return .object(members)
    }

    /// A target as the API shows it: its endpoint without secrets.
    func describe(_ target: RuleTarget) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("id", .string(target.id))]
        switch target.endpoint {
        case .webhook(.webhook(let url, _)):
            members.append(("webhook", .object([("url", .string(url.absoluteString))])))
        case .command(.command(let path, let arguments, let timeout, _)):
            members.append(
                (
                    "command",
                    .object([
                        ("path", .string(path)), ("arguments", .array(arguments.map(JSONValue.string))),
                        ("timeoutSeconds", .int(timeout)),
                    ])
                )
            )
        case .topic(let name): members.append(("topic", .string(name)))
        case .webhook, .command: break
        }
        if let path = target.inputPath { members.append(("inputPath", .string(path))) }
        if let transformer = target.inputTransformer {
            members.append(
                (
                    "inputTransformer",
                    .object([
                        (
                            "inputPathsMap",
                            .object(
                                transformer.inputPathsMap.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }
                            )
                        ),
                        ("inputTemplate", .string(transformer.inputTemplate)),
                    ])
                )
            )
        }
        members.append(
            (
                "retryPolicy",
                .object([
                    ("maximumRetryAttempts", .int(target.retryPolicy.maximumRetryAttempts)),
                    ("maximumEventAgeInSeconds", .int(target.retryPolicy.maximumEventAgeInSeconds)),
                ])
            )
        )
        return .object(members)
    }

    func describe(failure delivery: RuleDelivery, id: String) -> JSONValue {
        .object([
            ("id", .string(id)),
            ("rule", .string(delivery.rule)),
            ("targetId", .string(delivery.targetID)),
            ("attempts", .int(delivery.attempts)),
            ("lastError", delivery.lastError.map(JSONValue.string) ?? .null),
            ("failedAt", .int(delivery.failedAt ?? 0)),
            ("event", (try? JSONValue(parsing: Array(delivery.event.utf8))) ?? .string(delivery.event)),
        ])
    }

    static func eventPattern(_ text: String) throws(MonitorError) -> EventPattern {
        do {
            return try EventPattern(json: text)
        } catch {
            throw .eventPattern(error)
        }
    }

    /// TestEventPattern: whether a pattern matches an event (EventBridge requires the envelope's fields).
    func testEventPattern(_ request: MonitoringInput) throws -> JSONValue {
        let pattern = try Self.eventPattern(try request.required("eventPattern"))
        let text = try request.required("event")
        let event: JSONValue
        do {
            event = try JSONValue(parsing: text)
        } catch {
            throw MonitorError.invalid("event is not valid JSON: \(error.description)")
        }
        for field in ["id", "account", "source", "time", "region", "detail-type"] where event[field] == nil {
            throw MonitorError.invalid("Parameter Event is not valid: the event has no \(field).")
        }
        let flat: FlatJSON
        do {
            flat = try FlatJSON(parsing: Array(text.utf8))
        } catch {
            throw MonitorError.invalid("event must be a JSON object.")
        }
        return .object([("result", .bool(pattern.matches(flat)))])
    }

    /// Which stored events a pattern would have matched, wrapped as rules see them.
    func backtestEventPattern(_ request: MonitoringInput) async throws -> JSONValue {
        let pattern = try Self.eventPattern(try request.required("eventPattern"))
        let includeReadOnly = try request.bool("includeReadOnlyEvents") ?? false
        let account = accountID
        return try await backtest(request) { event in
            guard
                let envelope = try? EventBridgeEnvelope(
                    record: event.record.bytes,
                    fields: event.record.fields,
                    defaultAccount: account
                ),
                includeReadOnly || !envelope.isReadOnlyManagementEvent,
                pattern.matches(envelope.flat)
            else { return nil }
            return envelope.json
        }
    }
}
