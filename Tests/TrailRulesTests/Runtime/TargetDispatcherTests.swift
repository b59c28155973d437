import Crypto
import Foundation
import NIOHTTP1
import Testing
import TrailDelivery
import TrailModel
import TrailRules
import TrailTestSupport

@Suite struct TargetDispatcherTests {
    static let record = MonitorRecords.s3(id: "6f2c1e4a-3b5d-4c7e-9f10-1a2b3c4d5e6f")
    static let secret = NotificationSecret("rule-webhook-secret-for-tests")

    /// A configured rule (command targets come only from the config file) with one target.
    static func configure(
        _ fixture: MonitorFixture,
        target: RuleTarget,
        rule: String = "sensitive-bucket-deleted"
    )
        async throws
    {
        try await fixture.catalog.replaceConfigured(
            logGroups: [],
            metricFilters: [],
            alarms: [],
            rules: [Rule(name: rule, eventPattern: #"{"source": ["aws.s3"]}"#, targets: [target])]
        )
    }

    /// Queues the S3 record's envelope for a target, as the engine does, at the clock's time.
    static func enqueue(
        _ fixture: MonitorFixture,
        rule: String = "sensitive-bucket-deleted",
        target: String
    )
        async throws -> RuleDelivery
    {
        let delivery = RuleDelivery(
            rule: rule,
            targetID: target,
            sequence: 42,
            event: try MonitorFixture.envelopeJSON(record),
            enqueuedAt: fixture.clock.milliseconds
        )
        try await fixture.enqueue(delivery)
        return delivery
    }

    static func command(_ script: CommandScript, retryAttempts: Int = 185, maximumAge: Int = 86_400) -> RuleTarget {
        RuleTarget(
            id: "remediate",
            endpoint: .command(.command(path: script.path, timeoutSeconds: 10, environment: ["EXTRA": "given"])),
            retryPolicy: .init(maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: maximumAge)
        )
    }

    @Test func commandTargetGetsTheEventOnStandardInputAndItsEnvironment() async throws {
        // given a command target and a queued delivery
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        try await Self.configure(fixture, target: Self.command(script))
        let delivery = try await Self.enqueue(fixture, target: "remediate")

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()

        // then the command got the event JSON and the rule's variables, and the delivery is done
        #expect(report.delivered == 1)
        #expect(report.failed == 0)
        #expect(script.input == Array(delivery.event.utf8))
        let environment = script.environment
        #expect(environment["OPENTRAIL_RULE_NAME"] == "sensitive-bucket-deleted")
        #expect(environment["OPENTRAIL_TARGET_ID"] == "remediate")
        #expect(environment["OPENTRAIL_EVENT_ID"] == "6f2c1e4a-3b5d-4c7e-9f10-1a2b3c4d5e6f")
        #expect(environment["OPENTRAIL_ATTEMPT"] == "1")
        #expect(environment["EXTRA"] == "given")
        #expect(try await fixture.pendingDeliveries().isEmpty)
        #expect(try await fixture.makeDispatcher().failures(rule: nil).isEmpty)
    }

    @Test func commandTargetGetsTheShapedInput() async throws {
        // given a command target with an input path
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        var target = Self.command(script)
        target.inputPath = "$.detail.requestParameters"
        try await Self.configure(fixture, target: target)
        _ = try await Self.enqueue(fixture, target: "remediate")

        // when the dispatcher runs
        try await fixture.makeDispatcher().step()

        // then the command got the selected value
        let input = try JSONValue(parsing: try #require(script.input))
        #expect(input["bucketName"]?.stringValue == "sensitive-bucket")
    }

    @Test func ruleArnPlaceholderIsTheRulesARN() async throws {
        // given a command target whose input transformer names <aws.events.rule-arn>
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        var target = Self.command(script)
        target.inputTransformer = .init(inputTemplate: #"{"arn": "<aws.events.rule-arn>"}"#)
        try await Self.configure(fixture, target: target)
        _ = try await Self.enqueue(fixture, target: "remediate")

        // when the dispatcher runs
        try await fixture.makeDispatcher().step()

        // then the command got the rule's ARN
        let input = try JSONValue(parsing: try #require(script.input))
        #expect(input["arn"]?.stringValue == "arn:aws:events:us-east-1:123456789012:rule/sensitive-bucket-deleted")
    }

    @Test func failingCommandIsRetriedAfterBackoffThenKeptAsAFailure() async throws {
        // given a command that exits 1 and a target allowing one retry
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript(exitStatus: 1)
        defer { script.remove() }
        try await Self.configure(fixture, target: Self.command(script, retryAttempts: 1))
        _ = try await Self.enqueue(fixture, target: "remediate")
        let dispatcher = fixture.makeDispatcher()

        // when the dispatcher runs: the first attempt fails
        let first = try await dispatcher.step()

        // then the delivery waits for its backoff
        #expect(first.retrying == 1)
        let pending = try #require(try await fixture.pendingDeliveries().first)
        #expect(pending.attempts == 1)
        #expect(pending.nextAttemptAt == fixture.clock.milliseconds + 1000)
        #expect(pending.lastError?.contains("exited with status 1") == true)

        // and a pass before the backoff has run out attempts nothing
        let early = try await dispatcher.step()
        #expect(early.retrying == 0 && early.failed == 0 && early.delivered == 0)
        #expect(script.attempts == ["1"])

        // when the clock passes the backoff: the retry fails too
        fixture.clock.advance(by: 1)
        let second = try await dispatcher.step()

        // then the delivery is kept as a failure after its two attempts
        #expect(second.failed == 1)
        #expect(script.attempts == ["1", "2"])
        #expect(try await fixture.pendingDeliveries().isEmpty)
        let failures = try await dispatcher.failures(rule: "sensitive-bucket-deleted")
        #expect(failures.count == 1)
        #expect(failures.first?.delivery.attempts == 2)
        #expect(failures.first?.delivery.failedAt == fixture.clock.milliseconds)
        #expect(failures.first?.delivery.lastError?.contains("exited with status 1") == true)
        #expect(try await dispatcher.failures(rule: "another-rule").isEmpty)

        // when the command is mended and the failure replayed
        try script.write(exitStatus: 0)
        let replayed = try await dispatcher.replay(ids: failures.map(\.id), rule: nil)
        let pendingAgain = try await fixture.pendingDeliveries()
        let third = try await dispatcher.step()

        // then it is delivered, as a first attempt again
        #expect(replayed == 1)
        #expect(pendingAgain.map(\.attempts) == [0])
        #expect(third.delivered == 1)
        #expect(script.attempts == ["1", "2", "1"])
        #expect(try await dispatcher.failures(rule: nil).isEmpty)
        #expect(try await fixture.pendingDeliveries().isEmpty)
    }

    @Test func replayByRuleTakesOnlyThatRulesFailures() async throws {
        // given failures of two rules
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript(exitStatus: 1)
        defer { script.remove() }
        try await fixture.catalog.replaceConfigured(
            logGroups: [],
            metricFilters: [],
            alarms: [],
            rules: ["first", "second"].map {
                Rule(
                    name: $0,
                    eventPattern: #"{"source": ["aws.s3"]}"#,
                    targets: [Self.command(script, retryAttempts: 0)]
                )
            }
        )
        _ = try await Self.enqueue(fixture, rule: "first", target: "remediate")
        _ = try await Self.enqueue(fixture, rule: "second", target: "remediate")
        let dispatcher = fixture.makeDispatcher()
        #expect(try await dispatcher.step().failed == 2)

        // when one rule's failures are replayed
        let replayed = try await dispatcher.replay(ids: nil, rule: "second")

        // then only that one is queued again
        #expect(replayed == 1)
        #expect(try await fixture.pendingDeliveries().map(\.rule) == ["second"])
        #expect(try await dispatcher.failures(rule: nil).map(\.delivery.rule) == ["first"])
    }

    @Test func failedDeliveryOlderThanTheMaximumAgeIsNotRetried() async throws {
        // given a failing command whose target keeps events for a minute
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript(exitStatus: 1)
        defer { script.remove() }
        try await Self.configure(fixture, target: Self.command(script, retryAttempts: 185, maximumAge: 60))
        _ = try await Self.enqueue(fixture, target: "remediate")

        // when the first attempt is made after the event has aged past a minute
        fixture.clock.advance(by: 61)
        let report = try await fixture.makeDispatcher().step()

        // then it is kept as a failure at once
        #expect(report.failed == 1)
        #expect(report.retrying == 0)
    }

    @Test func dueDeliveryIsNotHeldUpByAThousandDeliveriesWaitingForTheirBackoff() async throws {
        // given a thousand deliveries of older records to a broken target, all backing off for a minute
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        try await Self.configure(fixture, target: Self.command(script))
        let now = fixture.clock.milliseconds
        try await fixture.enqueue(
            (1...1000).map { sequence in
                var delivery = RuleDelivery(
                    rule: "broken",
                    targetID: "t",
                    sequence: Int64(sequence),
                    event: "{}",
                    enqueuedAt: now
                )
                delivery.attempts = 1
                delivery.nextAttemptAt = now + 60_000
                return delivery
            }
        )

        // and a delivery of a newer record to a working target, due now
        try await fixture.enqueue(
            RuleDelivery(
                rule: "sensitive-bucket-deleted",
                targetID: "remediate",
                sequence: 5000,
                event: try MonitorFixture.envelopeJSON(Self.record),
                enqueuedAt: now
            )
        )

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()

        // then the due delivery is made
        #expect(report.delivered == 1)
        #expect(script.input != nil)
    }

    @Test func commandThatCannotStartIsNotRetried() async throws {
        // given a command target whose program does not exist
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let target = RuleTarget(
            id: "remediate",
            endpoint: .command(.command(path: fixture.directory + "/no-such-program")),
            retryPolicy: .init(maximumRetryAttempts: 185)
        )
        try await Self.configure(fixture, target: target)
        _ = try await Self.enqueue(fixture, target: "remediate")

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()

        // then the delivery fails without a retry
        #expect(report.failed == 1)
        #expect(report.retrying == 0)
    }

    @Test func deliveryWhoseRuleWasDeletedIsDropped() async throws {
        // given a delivery queued for a rule that is then deleted
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Rule(name: "short-lived", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(rule: "short-lived", [RuleTarget(id: "t", endpoint: .topic("security"))])
        _ = try await Self.enqueue(fixture, rule: "short-lived", target: "t")
        try await fixture.catalog.deleteRule(named: "short-lived")

        // when the dispatcher runs
        let dispatcher = fixture.makeDispatcher()
        let report = try await dispatcher.step()

        // then the delivery is gone: neither delivered, retried nor kept
        #expect(report.delivered == 0 && report.retrying == 0 && report.failed == 0)
        #expect(try await fixture.pendingDeliveries().isEmpty)
        #expect(try await dispatcher.failures(rule: nil).isEmpty)
    }

    @Test func deliveryWhoseTargetWasRemovedIsDropped() async throws {
        // given a delivery queued for a target that is then removed
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Rule(name: "rule", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(rule: "rule", [RuleTarget(id: "t", endpoint: .topic("security"))])
        _ = try await Self.enqueue(fixture, rule: "rule", target: "t")
        _ = try await fixture.catalog.removeTargets(rule: "rule", ids: ["t"])

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()

        // then the delivery is dropped
        #expect(report.delivered == 0 && report.failed == 0)
        #expect(try await fixture.pendingDeliveries().isEmpty)
    }

    @Test func topicTargetPublishesTheEventAsTheMessage() async throws {
        // given a topic target whose topic has a command subscriber
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        try await fixture.catalog.put(Rule(name: "rule", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(rule: "rule", [RuleTarget(id: "t", endpoint: .topic("security"))])
        let delivery = try await Self.enqueue(fixture, rule: "rule", target: "t")
        let dispatcher = fixture.makeDispatcher(topics: [
            .init(name: "security", subscriptions: [.command(path: script.path)])
        ])

        // when the dispatcher runs
        let report = try await dispatcher.step()

        // then the subscriber got an SNS envelope whose message is the event
        #expect(report.delivered == 1)
        let envelope = try JSONValue(parsing: try #require(script.input))
        #expect(envelope["TopicArn"]?.stringValue == "arn:aws:sns:us-east-1:123456789012:security")
        #expect(envelope["Message"]?.stringValue == delivery.event)
    }

    @Test func topicTargetOfAMissingTopicIsRetried() async throws {
        // given a topic target whose topic does not exist
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Rule(name: "rule", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(rule: "rule", [RuleTarget(id: "t", endpoint: .topic("nowhere"))])
        _ = try await Self.enqueue(fixture, rule: "rule", target: "t")

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()

        // then the delivery waits for another attempt
        #expect(report.retrying == 1)
        #expect(try await fixture.pendingDeliveries().first?.lastError == "topic nowhere does not exist")
    }

    @Test func webhookTargetGetsTheSignedEvent() async throws {
        // given a webhook target on a local server
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let server = try await WebhookTestServer.start()
        let url = URL(string: "http://127.0.0.1:\(server.port)/hooks/rules")!
        try await fixture.catalog.put(Rule(name: "rule", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(
            rule: "rule",
            [RuleTarget(id: "hook", endpoint: .webhook(.webhook(url: url, secret: Self.secret)))]
        )
        let delivery = try await Self.enqueue(fixture, rule: "rule", target: "hook")

        // when the dispatcher runs
        let report = try await fixture.makeDispatcher().step()
        try await server.shutdown()

        // then the server got the event, with the rule's headers and a signature of the body
        #expect(report.delivered == 1)
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == .POST)
        #expect(request.uri == "/hooks/rules")
        #expect(request.body == Array(delivery.event.utf8))
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-opentrail-rule"] == "rule")
        #expect(request.headers["x-opentrail-target"] == "hook")
        #expect(request.headers["x-opentrail-event-id"] == "6f2c1e4a-3b5d-4c7e-9f10-1a2b3c4d5e6f")
        let signature = HMAC<SHA256>.authenticationCode(for: request.body, using: Self.secret.key)
        #expect(request.headers["x-opentrail-signature-256"] == "sha256=" + HexText.encode(Array(signature)))
    }

    @Test func webhookTargetAnsweringAClientErrorIsNotRetried() async throws {
        // given a webhook answering 400, and one answering 503
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let rejecting = try await WebhookTestServer.start { _ in .badRequest }
        let busy = try await WebhookTestServer.start { _ in .serviceUnavailable }
        try await fixture.catalog.put(Rule(name: "rule", eventPattern: #"{"source": ["aws.s3"]}"#))
        try await fixture.catalog.putTargets(
            rule: "rule",
            [
                RuleTarget(
                    id: "rejecting",
                    endpoint: .webhook(
                        .webhook(url: URL(string: "http://127.0.0.1:\(rejecting.port)/")!, secret: Self.secret)
                    )
                ),
                RuleTarget(
                    id: "busy",
                    endpoint: .webhook(
                        .webhook(url: URL(string: "http://127.0.0.1:\(busy.port)/")!, secret: Self.secret)
                    )
                ),
            ]
        )
        _ = try await Self.enqueue(fixture, rule: "rule", target: "rejecting")
        _ = try await Self.enqueue(fixture, rule: "rule", target: "busy")

        // when the dispatcher runs
        let dispatcher = fixture.makeDispatcher()
        let report = try await dispatcher.step()
        try await rejecting.shutdown()
        try await busy.shutdown()

        // then the rejected delivery is kept as a failure and the other waits for a retry
        #expect(report.failed == 1)
        #expect(report.retrying == 1)
        #expect(try await dispatcher.failures(rule: nil).map(\.delivery.targetID) == ["rejecting"])
        #expect(try await fixture.pendingDeliveries().map(\.targetID) == ["busy"])
    }
}
