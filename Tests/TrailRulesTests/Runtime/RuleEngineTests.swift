import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailRules

/// Rules matched by the engine: event patterns over each record wrapped in its EventBridge envelope.
@Suite struct RuleEngineTests {
    static let s3Pattern = #"{"source": ["aws.s3"]}"#

    /// A rule (put through the API) with topic targets, and a started engine.
    static func withRule(
        pattern: String = RuleEngineTests.s3Pattern,
        state: Rule.State = .enabled,
        targets: [String] = ["notify"]
    ) async throws -> (MonitorFixture, MonitorEngine) {
        let fixture = try await MonitorFixture()
        try await fixture.catalog.put(Rule(name: "watched", eventPattern: pattern, state: state))
        try await fixture.catalog.putTargets(
            rule: "watched",
            targets.map { RuleTarget(id: $0, endpoint: .topic("security")) }
        )
        return (fixture, try await fixture.startEngine())
    }

    @Test func matchingRecordIsQueuedForTheTargetAsItsEnvelope() async throws {
        // given a rule on S3 events, without any trail or log group
        let (fixture, engine) = try await Self.withRule()
        defer { fixture.remove() }
        let record = MonitorRecords.s3(id: "bucket-deleted")

        // when an S3 record and a CloudTrail record arrive
        let sequences = try await fixture.append([record, MonitorRecords.make(id: "trail-created")])
        let report = try await engine.step()

        // then one delivery is queued: the S3 record's envelope, for the rule's target
        #expect(report.deliveries == 1)
        let deliveries = try await fixture.pendingDeliveries()
        #expect(deliveries.count == 1)
        let delivery = try #require(deliveries.first)
        #expect(delivery.rule == "watched")
        #expect(delivery.targetID == "notify")
        #expect(delivery.sequence == sequences[0])
        #expect(delivery.attempts == 0)
        #expect(delivery.enqueuedAt == fixture.clock.milliseconds)
        #expect(delivery.event == (try MonitorFixture.envelopeJSON(record)))
    }

    @Test func matchIsQueuedForEachTarget() async throws {
        let (fixture, engine) = try await Self.withRule(targets: ["first", "second"])
        defer { fixture.remove() }
        try await fixture.append([MonitorRecords.s3(id: "bucket-deleted")])
        try await engine.step()
        #expect(try await fixture.pendingDeliveries().map(\.targetID).sorted() == ["first", "second"])
    }

    @Test func patternOnTheDetailMatches() async throws {
        // given a rule on one event name of the record
        let (fixture, engine) = try await Self.withRule(
            pattern: #"{"source": ["aws.s3"], "detail": {"eventName": ["DeleteBucket"]}}"#
        )
        defer { fixture.remove() }

        // when two S3 records arrive
        try await fixture.append([
            MonitorRecords.s3(id: "deleted", eventName: "DeleteBucket"),
            MonitorRecords.s3(id: "created", eventName: "CreateBucket"),
        ])
        try await engine.step()

        // then only the matching one is queued
        let deliveries = try await fixture.pendingDeliveries()
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.event.contains(#""eventID":"deleted""#) == true)
    }

    @Test func readOnlyManagementEventsReachOnlyRulesThatOptIn() async throws {
        // given an enabled rule and a rule enabled for all management events
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        for (name, state) in [("plain", Rule.State.enabled), ("all", .enabledWithAllManagementEvents)] {
            try await fixture.catalog.put(Rule(name: name, eventPattern: Self.s3Pattern, state: state))
            try await fixture.catalog.putTargets(rule: name, [RuleTarget(id: "t", endpoint: .topic("security"))])
        }
        let engine = try await fixture.startEngine()

        // when a read-only S3 management event arrives
        try await fixture.append([MonitorRecords.s3(id: "acl-read", eventName: "GetBucketAcl", readOnly: true)])
        try await engine.step()

        // then only the opted-in rule gets it
        #expect(try await fixture.pendingDeliveries().map(\.rule) == ["all"])
    }

    @Test func disabledRuleMatchesNothing() async throws {
        let (fixture, engine) = try await Self.withRule(state: .disabled)
        defer { fixture.remove() }
        try await fixture.append([MonitorRecords.s3(id: "bucket-deleted")])
        let report = try await engine.step()
        #expect(report.deliveries == 0)
        #expect(try await fixture.pendingDeliveries().isEmpty)
    }

    @Test func ruleChangedBetweenPassesTakesEffectAtTheNextPass() async throws {
        // given a rule on S3 events that is disabled after a first match
        let (fixture, engine) = try await Self.withRule()
        defer { fixture.remove() }
        try await fixture.append([MonitorRecords.s3(id: "first")])
        try await engine.step()
        var disabled = Rule(name: "watched", eventPattern: Self.s3Pattern, state: .disabled)
        disabled.description = "paused"
        try await fixture.catalog.put(disabled)

        // when another S3 record arrives
        try await fixture.append([MonitorRecords.s3(id: "second")])
        try await engine.step()

        // then only the first was queued
        let deliveries = try await fixture.pendingDeliveries()
        #expect(deliveries.count == 1)
        #expect(deliveries.first?.event.contains(#""eventID":"first""#) == true)
    }

    @Test func matchedEventReachesACommandTargetEndToEnd() async throws {
        // given a configured rule on deleted buckets whose target is a command
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        try await fixture.catalog.replaceConfigured(
            logGroups: [],
            metricFilters: [],
            alarms: [],
            rules: [
                Rule(
                    name: "sensitive-bucket-deleted",
                    eventPattern: #"{"source": ["aws.s3"], "detail": {"eventName": ["DeleteBucket"]}}"#,
                    targets: [
                        RuleTarget(
                            id: "remediate",
                            endpoint: .command(.command(path: script.path)),
                            inputTransformer: .init(
                                inputPathsMap: ["bucket": "$.detail.requestParameters.bucketName"],
                                inputTemplate: #"{"bucket": <bucket>, "rule": "<aws.events.rule-name>"}"#
                            )
                        )
                    ]
                )
            ]
        )
        let engine = try await fixture.startEngine()
        let dispatcher = fixture.makeDispatcher()

        // when the bucket is deleted and the engine and dispatcher make a pass each
        try await fixture.append([MonitorRecords.s3(id: "bucket-deleted", bucket: "payroll")])
        try await engine.step()
        let report = try await dispatcher.step()

        // then the command got the transformed event
        #expect(report.delivered == 1)
        let input = try JSONValue(parsing: try #require(script.input))
        #expect(input["bucket"]?.stringValue == "payroll")
        #expect(input["rule"]?.stringValue == "sensitive-bucket-deleted")
        #expect(script.environment["OPENTRAIL_EVENT_ID"] == EventBridgeEnvelope.id(eventID: "bucket-deleted"))
    }
}
