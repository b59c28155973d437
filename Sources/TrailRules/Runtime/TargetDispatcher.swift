import Crypto
import Foundation
import Logging
import TrailDelivery
import TrailModel
import TrailStore

/// Delivers what the engine queued: matched events to rule targets, alarm state changes to topics.
///
/// A delivery is attempted until it succeeds, its target's retry policy is spent (attempts or event age),
/// or it fails in a way another attempt cannot mend; then it is kept as a failure, which can be replayed.
package actor TargetDispatcher {
    /// How many deliveries run at once.
    static let concurrency = 16
    static let initialBackoffMilliseconds: Int64 = 1000
    static let maximumBackoffMilliseconds: Int64 = 60_000

    let control: any ControlStore
    let publisher: NotificationPublisher
    let topics: TopicDirectory
    let accountID: String
    let region: String
    let logger: Logger
    let now: @Sendable () -> Date

    package init(
        control: any ControlStore,
        publisher: NotificationPublisher,
        topics: TopicDirectory,
        accountID: String,
        region: String,
        logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.control = control
        self.publisher = publisher
        self.topics = topics
        self.accountID = accountID
        self.region = region
        self.logger = logger
        self.now = now
    }

    /// What a pass did.
    package struct Report: Sendable {
        package var delivered = 0
        package var retrying = 0
        package var failed = 0
        package var notifications = 0
    }

    /// Runs every delivery that is due, and publishes queued alarm notifications.
    @discardableResult
    package func step() async throws -> Report {
        var report = Report()
        let nowMs = EventTime.milliseconds(now())
        let (due, rules, notifications) = try await control.read { tx in
            let pending = try tx.documents(
                kind: RuleDelivery.pendingKind,
                from: "",
                before: ControlID.padded(nowMs + 1, width: 15),
                limit: 1000,
                newestFirst: false
            ).compactMap { try? MonitorCatalog.decode(RuleDelivery.self, $0.value) }
            // The rules name the targets; read only when something is due (this runs every 50 ms).
            let rules = pending.isEmpty ? [] : try MonitorCatalog.all(Rule.self, kind: Rule.kind, in: tx)
            let notifications = try tx.documents(
                kind: AlarmNotification.kind,
                from: "",
                before: "~",
                limit: 100,
                newestFirst: false
            )
            return (pending, rules, notifications)
        }
        let rulesByName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Several at a time, at most ``concurrency``.
        var outcomes: [(RuleDelivery, Outcome)] = []
        var index = 0
        while index < due.count {
            let chunk = due[index..<min(index + Self.concurrency, due.count)]
            index += chunk.count
            let results = await withTaskGroup(of: (RuleDelivery, Outcome).self) { group in
                for delivery in chunk {
                    let target = rulesByName[delivery.rule]?.targets.first { $0.id == delivery.targetID }
                    group.addTask { (delivery, await self.attempt(delivery, target: target)) }
                }
                var results: [(RuleDelivery, Outcome)] = []
                for await result in group { results.append(result) }
                return results
            }
            outcomes += results
        }
        let finished = outcomes
        let dispatcher = self
        let timeNow = nowMs
        let ruleMap = rulesByName
        var counts = (delivered: 0, retrying: 0, failed: 0)
        if !finished.isEmpty {
            counts = try await control.write { tx in
                var counts = (delivered: 0, retrying: 0, failed: 0)
                for (delivery, outcome) in finished {
                    try tx.delete(kind: RuleDelivery.pendingKind, id: delivery.pendingID)
                    if case .delivered = outcome { counts.delivered += 1 }
                    guard case .failed(let error, let retryable) = outcome else { continue }
                    var next = delivery
                    next.attempts += 1
                    next.lastError = error
                    if retryable && dispatcher.canRetry(next, target: ruleMap[delivery.rule], now: timeNow) {
                        let backoff = min(
                            Self.initialBackoffMilliseconds << Int64(min(next.attempts - 1, 16)),
                            Self.maximumBackoffMilliseconds
                        )
                        next.nextAttemptAt = timeNow + backoff
                        try tx.put(
                            kind: RuleDelivery.pendingKind,
                            id: next.pendingID,
                            value: try MonitorCatalog.encode(next)
                        )
                        counts.retrying += 1
                    } else {
                        next.failedAt = timeNow
                        try tx.put(
                            kind: RuleDelivery.failedKind,
                            id: next.failedID,
                            value: try MonitorCatalog.encode(next)
                        )
                        counts.failed += 1
                    }
                }
                return counts
            }
        }
        report.delivered = counts.delivered
        report.retrying = counts.retrying
        report.failed = counts.failed
        for (id, bytes) in notifications {
            guard let notification = try? MonitorCatalog.decode(AlarmNotification.self, bytes) else { continue }
            await publish(notification)
            report.notifications += 1
            try await control.write { tx in _ = try tx.delete(kind: AlarmNotification.kind, id: id) }
        }
        for (delivery, outcome) in finished {
            if case .failed(let error, _) = outcome {
                logger.info(
                    "Rule target delivery failed",
                    metadata: [
                        "trail.rule": "\(delivery.rule)", "trail.rule.target": "\(delivery.targetID)",
                        "trail.error": "\(error)",
                    ]
                )
            }
        }
        return report
    }

    enum Outcome: Sendable {
        case delivered
        /// The rule or target is gone: nothing to deliver to.
        case dropped
        case failed(String, retryable: Bool)
    }

    /// Whether a failed delivery gets another attempt under its target's retry policy.
    nonisolated func canRetry(_ delivery: RuleDelivery, target rule: Rule?, now: Int64) -> Bool {
        guard let target = rule?.targets.first(where: { $0.id == delivery.targetID }) else { return false }
        let policy = target.retryPolicy
        return delivery.attempts <= policy.maximumRetryAttempts
            && now - delivery.enqueuedAt < Int64(policy.maximumEventAgeInSeconds) * 1000
    }

    func attempt(_ delivery: RuleDelivery, target: RuleTarget?) async -> Outcome {
        guard let target else { return .dropped }
        let input: [UInt8]
        do {
            input = try TargetInput.render(
                event: Array(delivery.event.utf8),
                ruleName: delivery.rule,
                ruleArn: "arn:aws:events:\(region):\(accountID):rule/\(delivery.rule)",
                ingestionTime: EventTime.format(milliseconds: delivery.enqueuedAt),
                inputPath: target.inputPath,
                transformer: target.inputTransformer
            )
        } catch {
            return .failed(error.reason, retryable: false)
        }
        let eventID = (try? JSONValue(parsing: Array(delivery.event.utf8)))?["id"]?.stringValue ?? ""
        switch target.endpoint {
        case .webhook(.webhook(let url, let secret)):
            let signature = HMAC<SHA256>.authenticationCode(for: input, using: secret.key)
            do {
                try await publisher.attemptWebhook(
                    url: url,
                    secret: secret,
                    headers: [
                        ("X-OpenTrail-Rule", delivery.rule),
                        ("X-OpenTrail-Target", target.id),
                        ("X-OpenTrail-Event-Id", eventID),
                        ("X-OpenTrail-Signature-256", "sha256=" + HexText.encode(Array(signature))),
                    ],
                    body: input
                )
                return .delivered
            } catch {
                return .failed(error.reason, retryable: error.isRetryable)
            }
        case .command(.command(let path, let arguments, let timeoutSeconds, let environment)):
            var variables = environment
            variables["OPENTRAIL_RULE_NAME"] = delivery.rule
            variables["OPENTRAIL_TARGET_ID"] = target.id
            variables["OPENTRAIL_EVENT_ID"] = eventID
            variables["OPENTRAIL_ATTEMPT"] = String(delivery.attempts + 1)
            do {
                try await publisher.attemptCommand(
                    path: path,
                    arguments: arguments,
                    timeout: .seconds(timeoutSeconds),
                    environment: variables,
                    input: input
                )
                return .delivered
            } catch {
                return .failed(error.reason, retryable: error.isRetryable)
            }
        case .topic(let name):
            guard let stored = await topics.stored(named: name) else {
                return .failed("topic \(name) does not exist", retryable: true)
            }
            let topic = Topic(
                name: stored.name,
                region: region,
                accountID: accountID,
                subscriptions: stored.subscriptions
            )
            let results = await publisher.publish(message: String(decoding: input, as: UTF8.self), to: topic)
            let failures = results.compactMap { result -> String? in
                if case .failed(let error) = result.outcome { return "\(result.endpoint): \(error.reason)" }
                return nil
            }
            return failures.isEmpty ? .delivered : .failed(failures.joined(separator: "; "), retryable: true)
        case .webhook, .command:
            return .failed("the target's endpoint is not valid", retryable: false)
        }
    }

    func publish(_ notification: AlarmNotification) async {
        guard let stored = await topics.stored(named: notification.topic) else {
            logger.warning("Alarm action names an unknown topic", metadata: ["trail.topic": "\(notification.topic)"])
            return
        }
        let topic = Topic(name: stored.name, region: region, accountID: accountID, subscriptions: stored.subscriptions)
        let results = await publisher.publish(message: notification.message, subject: notification.subject, to: topic)
        for result in results {
            if case .failed(let error) = result.outcome {
                logger.info(
                    "Alarm notification not delivered",
                    metadata: ["trail.topic": "\(notification.topic)", "trail.error": "\(error.reason)"]
                )
            }
        }
    }

    // MARK: - Failures

    /// The kept failures, oldest first, optionally of one rule.
    package func failures(rule: String?) async throws -> [(id: String, delivery: RuleDelivery)] {
        try await control.read { tx in
            try tx.documents(kind: RuleDelivery.failedKind).compactMap { document in
                guard let delivery = try? MonitorCatalog.decode(RuleDelivery.self, document.value) else { return nil }
                guard rule == nil || delivery.rule == rule else { return nil }
                return (document.id, delivery)
            }
        }
    }

    /// Queues kept failures again (by id, or all of a rule); returns how many.
    package func replay(ids: [String]?, rule: String?) async throws -> Int {
        let nowMs = EventTime.milliseconds(now())
        return try await control.write { tx in
            var count = 0
            for document in try tx.documents(kind: RuleDelivery.failedKind) {
                guard var delivery = try? MonitorCatalog.decode(RuleDelivery.self, document.value) else { continue }
                if let ids, !ids.contains(document.id) { continue }
                if let rule, delivery.rule != rule { continue }
                try tx.delete(kind: RuleDelivery.failedKind, id: document.id)
                delivery.attempts = 0
                delivery.failedAt = nil
                delivery.enqueuedAt = nowMs
                delivery.nextAttemptAt = nowMs
                try tx.put(
                    kind: RuleDelivery.pendingKind,
                    id: delivery.pendingID,
                    value: try MonitorCatalog.encode(delivery)
                )
                count += 1
            }
            return count
        }
    }
}

/// An alarm state change waiting to be published to one topic.
package struct AlarmNotification: Codable, Sendable, Hashable {
    package static let kind = "alarm-notification"
    package var topic: String
    package var subject: String
    package var message: String

    package init(topic: String, subject: String, message: String) {
        self.topic = topic
        self.subject = subject
        self.message = message
    }
}
