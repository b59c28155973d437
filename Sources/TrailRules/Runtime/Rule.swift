import Foundation
import TrailDelivery

/// An event rule: an EventBridge event pattern over the event log, and where matched events go.
package struct Rule: Codable, Sendable, Hashable {
    package static let kind = "rule"
    /// EventBridge's limit of targets per rule.
    package static let maximumTargets = 5

    /// Whether the rule runs, and whether read-only management events reach it.
    package enum State: String, Codable, Sendable, Hashable, CaseIterable {
        case enabled = "ENABLED"
        case disabled = "DISABLED"
        /// EventBridge's opt-in for read-only management events from CloudTrail.
        case enabledWithAllManagementEvents = "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"

        package var isEnabled: Bool { self != .disabled }
    }

    package var name: String
    package var eventPattern: String
    package var state: State
    package var description: String?
    package var targets: [RuleTarget]
    /// Epoch milliseconds.
    package var creationTime: Int64
    package var isConfigured: Bool

    package init(
        name: String,
        eventPattern: String,
        state: State = .enabled,
        description: String? = nil,
        targets: [RuleTarget] = [],
        creationTime: Int64 = 0,
        isConfigured: Bool = false
    ) {
        self.name = name
        self.eventPattern = eventPattern
        self.state = state
        self.description = description
        self.targets = targets
        self.creationTime = creationTime
        self.isConfigured = isConfigured
    }

    /// `arn:aws:events:<region>:<account>:rule/<name>`.
    package func arn(region: String, accountID: String) -> String {
        "arn:aws:events:\(region):\(accountID):rule/\(name)"
    }

    /// Checks a rule name as EventBridge does: 1–64 of `A-Za-z0-9 . - _`.
    package static func validate(name: String) throws(MonitorError) {
        guard (1...64).contains(name.utf8.count) else { throw .invalid("Rule name must be 1 to 64 characters.") }
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        guard allowed else {
            throw .invalid("Rule name '\(name)' may only contain letters, digits, and the characters . - _.")
        }
    }

    /// Checks the rule and compiles its pattern.
    package func compiledPattern() throws(MonitorError) -> EventPattern {
        try Self.validate(name: name)
        if let description, description.count > 512 {
            throw .invalid("Rule description must be at most 512 characters.")
        }
        guard targets.count <= Self.maximumTargets else {
            throw MonitorError(.limitExceeded, "A rule can have at most \(Self.maximumTargets) targets.")
        }
        for target in targets { try target.validate() }
        do {
            return try EventPattern(json: eventPattern)
        } catch {
            throw .eventPattern(error)
        }
    }
}

/// Where a rule sends the events it matches.
package struct RuleTarget: Codable, Sendable, Hashable {
    /// What receives the event.
    package enum Endpoint: Sendable, Hashable {
        /// An HTTP(S) endpoint, POSTed the event JSON, signed with the secret.
        case webhook(Subscription)
        /// A program run with the event JSON on its standard input (config file only).
        case command(Subscription)
        /// A notification topic, whose subscribers get the event as an SNS message.
        case topic(String)
    }

    /// `InputTransformer`: values picked from the event by JSON path, put into a template.
    package struct InputTransformer: Codable, Sendable, Hashable {
        package var inputPathsMap: [String: String]
        package var inputTemplate: String

        package init(inputPathsMap: [String: String] = [:], inputTemplate: String) {
            self.inputPathsMap = inputPathsMap
            self.inputTemplate = inputTemplate
        }
    }

    /// How long and how often a failed delivery is retried.
    package struct RetryPolicy: Codable, Sendable, Hashable {
        /// 0–185 (EventBridge's range and default).
        package var maximumRetryAttempts: Int
        /// 60–86400 seconds.
        package var maximumEventAgeInSeconds: Int

        package init(maximumRetryAttempts: Int = 185, maximumEventAgeInSeconds: Int = 86_400) {
            self.maximumRetryAttempts = maximumRetryAttempts
            self.maximumEventAgeInSeconds = maximumEventAgeInSeconds
        }
    }

    package var id: String
    package var endpoint: Endpoint
    package var inputPath: String?
    package var inputTransformer: InputTransformer?
    package var retryPolicy: RetryPolicy

    package init(
        id: String,
        endpoint: Endpoint,
        inputPath: String? = nil,
        inputTransformer: InputTransformer? = nil,
        retryPolicy: RetryPolicy = RetryPolicy()
    ) {
        self.id = id
        self.endpoint = endpoint
        self.inputPath = inputPath
        self.inputTransformer = inputTransformer
        self.retryPolicy = retryPolicy
    }

    /// What the API shows of the endpoint (never a secret).
    package var endpointDescription: String {
        switch endpoint {
        case .webhook(let subscription), .command(let subscription): subscription.endpointDescription
        case .topic(let name): "topic " + name
        }
    }

    package func validate() throws(MonitorError) {
        guard (1...64).contains(id.utf8.count),
            id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "|") })
        else {
            throw .invalid("Target Id must be 1 to 64 printable characters without spaces or '|'.")
        }
        switch endpoint {
        case .webhook(let subscription), .command(let subscription):
            do {
                try subscription.validate()
            } catch {
                throw .invalid("Target \(id): \(error.reason)")
            }
        case .topic(let name):
            do {
                try Topic.validateName(name)
            } catch {
                throw .invalid("Target \(id): \(error.reason)")
            }
        }
        if inputPath != nil && inputTransformer != nil {
            throw .invalid("Target \(id): only one of inputPath and inputTransformer may be given.")
        }
        do {
            if let inputPath { _ = try JSONPathExpression(inputPath) }
            if let inputTransformer { _ = try TargetInput.Transformer(inputTransformer) }
        } catch {
            throw .invalid("Target \(id): \(error.reason)")
        }
        guard (0...185).contains(retryPolicy.maximumRetryAttempts) else {
            throw .invalid("Target \(id): maximumRetryAttempts must be 0 to 185.")
        }
        guard (60...86_400).contains(retryPolicy.maximumEventAgeInSeconds) else {
            throw .invalid("Target \(id): maximumEventAgeInSeconds must be 60 to 86400.")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, webhook, command, topic, inputPath, inputTransformer, retryPolicy
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        inputPath = try container.decodeIfPresent(String.self, forKey: .inputPath)
        inputTransformer = try container.decodeIfPresent(InputTransformer.self, forKey: .inputTransformer)
        retryPolicy = try container.decodeIfPresent(RetryPolicy.self, forKey: .retryPolicy) ?? RetryPolicy()
        let given = [CodingKeys.webhook, .command, .topic].filter { container.contains($0) }
        guard given.count == 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .id,
                in: container,
                debugDescription: "a target has exactly one of webhook, command and topic"
            )
        }
        switch given[0] {
        case .webhook:
            let webhook = try container.decode(WebhookFields.self, forKey: .webhook)
            endpoint = .webhook(.webhook(url: webhook.url, secret: webhook.secret))
        case .command:
            let command = try container.decode(CommandFields.self, forKey: .command)
            endpoint = .command(
                .command(
                    path: command.path,
                    arguments: command.arguments ?? [],
                    timeoutSeconds: command.timeoutSeconds ?? Subscription.defaultCommandTimeoutSeconds,
                    environment: command.environment ?? [:]
                )
            )
        default:
            endpoint = .topic(try container.decode(String.self, forKey: .topic))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        switch endpoint {
        case .webhook(.webhook(let url, let secret)):
            try container.encode(WebhookFields(url: url, secret: secret), forKey: .webhook)
        case .command(.command(let path, let arguments, let timeoutSeconds, let environment)):
            try container.encode(
                CommandFields(
                    path: path,
                    arguments: arguments,
                    timeoutSeconds: timeoutSeconds,
                    environment: environment
                ),
                forKey: .command
            )
        case .topic(let name):
            try container.encode(name, forKey: .topic)
        case .webhook, .command:
            throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "mismatched endpoint"))
        }
        try container.encodeIfPresent(inputPath, forKey: .inputPath)
        try container.encodeIfPresent(inputTransformer, forKey: .inputTransformer)
        try container.encode(retryPolicy, forKey: .retryPolicy)
    }

    private struct WebhookFields: Codable {
        var url: URL
        var secret: NotificationSecret
    }

    private struct CommandFields: Codable {
        var path: String
        var arguments: [String]?
        var timeoutSeconds: Int?
        var environment: [String: String]?
    }
}
