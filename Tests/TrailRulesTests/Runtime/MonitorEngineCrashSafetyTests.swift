import Foundation
import Testing
import TrailModel
import TrailRules

@Suite struct MonitorEngineCrashSafetyTests {
    static let metric = try! MetricKey(namespace: "CloudTrailMetrics", name: "ConsoleLogins")
    /// 2026-11-20T10:15:00Z.
    static let minute: Int64 = EventTime.parseMilliseconds("2026-11-20T10:15:00Z")!

    /// Every kind of output a pass has: a streamed group, a metric filter on it and a rule with a target.
    static func monitor(_ fixture: MonitorFixture) async throws {
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail())
        try await fixture.putFilter(pattern: "{ $.eventName = ConsoleLogin }", metricName: "ConsoleLogins")
        try await fixture.catalog.put(Rule(name: "sign-ins", eventPattern: #"{"source": ["aws.signin"]}"#))
        try await fixture.catalog.putTargets(rule: "sign-ins", [RuleTarget(id: "notify", endpoint: .topic("security"))])
    }

    /// What the passes left in the store.
    struct Effects: Equatable {
        var logEvents: Int
        var sum: Double?
        var deliveries: Int
        var cursor: Int64
    }

    static func effects(_ fixture: MonitorFixture) async throws -> Effects {
        Effects(
            logEvents: try await fixture.logEvents().count,
            sum: try await fixture.series(metric)[minuteContaining: minute]?.sum,
            deliveries: try await fixture.pendingDeliveries().count,
            cursor: try await fixture.cursor()
        )
    }

    static func signIns(_ count: Int, prefix: String) -> [EventRecord] {
        (0..<count).map { MonitorRecords.consoleSignInFailure(id: "\(prefix)-\($0)") }
    }

    @Test func passThatFailsToCommitLeavesNothingBehind() async throws {
        // given a monitored group, a started engine and three new records
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.monitor(fixture)
        let control = InterceptingControlStore(fixture.store)
        let engine = try await fixture.startEngine(control: control)
        let start = try await fixture.cursor()
        let sequences = try await fixture.append(Self.signIns(3, prefix: "sign-in"))

        // when the pass's transaction fails after writing everything (a crash before the commit)
        control.failNextWrites(1)
        await #expect(throws: InterceptingControlStore.WriteFailed.self) { try await engine.step() }

        // then no log event, tally, delivery or cursor move is left
        #expect(try await Self.effects(fixture) == Effects(logEvents: 0, sum: nil, deliveries: 0, cursor: start))

        // and the repeated pass has every effect exactly once
        try await engine.step()
        let effects = try await Self.effects(fixture)
        #expect(effects.logEvents == 3)
        #expect(effects.sum == 3)
        #expect(effects.cursor == sequences.last)
        #expect(effects.deliveries == 3, "rule deliveries need the EventBridge pattern matcher")
    }

    @Test func newEngineAfterAPassDoesNotRepeatIt() async throws {
        // given a pass by one engine
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.monitor(fixture)
        let first = try await fixture.startEngine()
        try await fixture.append(Self.signIns(3, prefix: "first"))
        let firstReport = try await first.step()
        let afterFirst = try await Self.effects(fixture)

        // when a second engine (a restarted server) runs on the same store
        let second = fixture.makeEngine()
        let secondReport = try await second.step()

        // then it reads nothing again and nothing is doubled
        #expect(firstReport.records == 3)
        #expect(secondReport.records == 0)
        #expect(try await Self.effects(fixture) == afterFirst)
        #expect(afterFirst.logEvents == 3)
        #expect(afterFirst.sum == 3)
        #expect(afterFirst.deliveries == 3, "rule deliveries need the EventBridge pattern matcher")

        // and it carries on with what comes next
        let sequences = try await fixture.append(Self.signIns(2, prefix: "second"))
        let thirdReport = try await second.step()
        #expect(thirdReport.records == 2)
        let effects = try await Self.effects(fixture)
        #expect(effects.logEvents == 5)
        #expect(effects.sum == 5)
        #expect(effects.cursor == sequences.last)
    }

    @Test func freshEngineOnALogWithEventsStartsAtItsEnd() async throws {
        // given a monitored group and records already in the log
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.monitor(fixture)
        let old = try await fixture.append(Self.signIns(3, prefix: "old"))

        // when an engine that never ran makes its first pass
        let engine = fixture.makeEngine()
        let report = try await engine.step()

        // then it is not retroactive: nothing is streamed, counted or queued, and its cursor is the log's end
        #expect(report.records == 0)
        #expect(try await Self.effects(fixture) == Effects(logEvents: 0, sum: nil, deliveries: 0, cursor: old.last!))

        // and it monitors what comes after
        try await fixture.append(Self.signIns(1, prefix: "new"))
        #expect(try await engine.step().records == 1)
        #expect(try await fixture.logEvents().count == 1)
    }

    @Test func engineStartedOnAnEmptyLogMonitorsTheFirstRecords() async throws {
        // given a monitored group and an engine that has made a pass over an empty log (a new installation)
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.monitor(fixture)
        let engine = fixture.makeEngine()
        #expect(try await engine.step().records == 0)

        // when the first records arrive and the engine passes again
        try await fixture.append(Self.signIns(2, prefix: "first"))
        let report = try await engine.step()

        // then they are monitored: they came after the engine started
        #expect(report.records == 2)
        #expect(try await fixture.logEvents().count == 2)
        #expect(try await fixture.series(Self.metric)[minuteContaining: Self.minute]?.sum == 2)
    }

    @Test func smallBatchesTakeSeveralPassesWithoutLosingOrDoubling() async throws {
        // given an engine reading two records per pass
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await Self.monitor(fixture)
        let engine = try await fixture.startEngine(batchSize: 2)
        let sequences = try await fixture.append(Self.signIns(5, prefix: "batch"))

        // when it passes until it has caught up
        var reports: [Int] = []
        while true {
            let records = try await engine.step().records
            if records == 0 { break }
            reports.append(records)
        }

        // then every record was handled once
        #expect(reports == [2, 2, 1])
        let effects = try await Self.effects(fixture)
        #expect(effects.logEvents == 5)
        #expect(effects.sum == 5)
        #expect(effects.cursor == sequences.last)
    }
}
