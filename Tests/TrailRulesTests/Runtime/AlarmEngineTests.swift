import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailRules

@Suite struct AlarmEngineTests {
    static let metric = try! MetricKey(namespace: "CloudTrailMetrics", name: "ConsoleSignInFailureCount")

    /// Five failed sign-ins in a minute: Sum >= 5 over 60 seconds, missing data not breaching.
    static func alarm(threshold: Double = 5) -> AlarmDefinition {
        AlarmDefinition(
            name: "ConsoleSignInFailures",
            description: "Five failed console sign-ins in a minute",
            metric: metric,
            statistic: .sum,
            period: 60,
            evaluationPeriods: 1,
            threshold: threshold,
            comparisonOperator: .greaterThanOrEqualToThreshold,
            treatMissingData: .notBreaching,
            alarmActions: ["security", "arn:aws:sns:us-east-1:123456789012:ops"],
            okActions: ["security"]
        )
    }

    /// A group streamed by a logging trail, the sign-in failure filter on it, and a started engine that writes
    /// through an ``InterceptingControlStore``.
    struct Monitored {
        let fixture: MonitorFixture
        let control: InterceptingControlStore
        let engine: MonitorEngine
    }

    static func monitored() async throws -> Monitored {
        let fixture = try await MonitorFixture()
        let control = InterceptingControlStore(fixture.store)
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail())
        try await fixture.putFilter(
            "ConsoleSignInFailures",
            pattern: #"{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }"#,
            metricName: "ConsoleSignInFailureCount"
        )
        let engine = try await fixture.startEngine(control: control)
        return Monitored(fixture: fixture, control: control, engine: engine)
    }

    static func failures(_ count: Int, prefix: String = "failure") -> [EventRecord] {
        (0..<count).map { MonitorRecords.consoleSignInFailure(id: "\(prefix)-\($0)") }
    }

    @Test func newAlarmIsInInsufficientData() async throws {
        // given a monitored group
        let fixture = try await Self.monitored().fixture
        defer { fixture.remove() }

        // when an alarm is put
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)

        // then it starts in INSUFFICIENT_DATA, with its creation in its history
        let alarm = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(alarm.state.value == .insufficientData)
        #expect(alarm.state.reason == AlarmState.initialReason)
        #expect(alarm.state.updatedAt == fixture.clock.milliseconds)
        let history = try await fixture.history("ConsoleSignInFailures")
        #expect(history.map(\.type) == [.configurationUpdate])
        #expect(history.first?.summary == #"Alarm "ConsoleSignInFailures" created"#)
    }

    @Test func fiveMatchesInAMinuteAlarmInTheSamePass() async throws {
        // given an alarm in INSUFFICIENT_DATA, 20 seconds into the minute
        let monitored = try await Self.monitored()
        let (fixture, engine) = (monitored.fixture, monitored.engine)
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)

        // when five failed sign-ins of this minute arrive and the engine makes one pass
        try await fixture.append(Self.failures(5))
        let report = try await engine.step()

        // then the alarm is in ALARM at once (before the minute has ended)
        #expect(report.alarmTransitions == 1)
        let alarm = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(alarm.state.value == .alarm)
        #expect(alarm.state.transitionedAt == fixture.clock.milliseconds)
        #expect(alarm.state.reason.hasPrefix("Threshold Crossed"))

        // and the state change is in the history
        let history = try await fixture.history("ConsoleSignInFailures")
        #expect(history.map(\.type) == [.configurationUpdate, .stateUpdate])
        #expect(history.last?.summary == "Alarm updated from INSUFFICIENT_DATA to ALARM")
        #expect(history.last?.timestamp == fixture.clock.milliseconds)
        let data = try JSONValue(parsing: try #require(history.last?.data))
        #expect(data["oldState"]?["stateValue"]?.stringValue == "INSUFFICIENT_DATA")
        #expect(data["newState"]?["stateValue"]?.stringValue == "ALARM")

        // and one notification is queued per topic of the alarm actions
        let notifications = try await fixture.notifications()
        #expect(notifications.map(\.topic) == ["security", "ops"])
        #expect(notifications.allSatisfy { $0.subject == #"ALARM: "ConsoleSignInFailures" in us-east-1"# })
        let message = try JSONValue(parsing: try #require(notifications.first?.message))
        #expect(message["AlarmName"]?.stringValue == "ConsoleSignInFailures")
        #expect(message["NewStateValue"]?.stringValue == "ALARM")
        #expect(message["OldStateValue"]?.stringValue == "INSUFFICIENT_DATA")
        #expect(message["AWSAccountId"]?.stringValue == MonitorFixture.accountID)
        #expect(
            message["AlarmArn"]?.stringValue == "arn:aws:cloudwatch:us-east-1:123456789012:alarm:ConsoleSignInFailures"
        )
        #expect(message["Trigger"]?["MetricName"]?.stringValue == "ConsoleSignInFailureCount")
        #expect(message["Trigger"]?["Statistic"]?.stringValue == "SUM")
    }

    @Test func fourMatchesDoNotAlarm() async throws {
        // given an alarm in INSUFFICIENT_DATA
        let monitored = try await Self.monitored()
        let (fixture, engine) = (monitored.fixture, monitored.engine)
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)

        // when four failed sign-ins arrive
        try await fixture.append(Self.failures(4))
        try await engine.step()

        // then the alarm is not in ALARM and no alarm action is queued
        let alarm = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(alarm.state.value != .alarm)
        #expect(try await fixture.notifications().allSatisfy { !$0.subject.hasPrefix("ALARM") })
    }

    @Test func alarmReturnsToOKOnceNoDataIsNotBreaching() async throws {
        // given an alarm that went to ALARM at 10:15:30
        let monitored = try await Self.monitored()
        let (fixture, engine) = (monitored.fixture, monitored.engine)
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)
        try await fixture.append(Self.failures(5))
        try await engine.step()

        // when the clock moves past the evaluation range with no more data, and the engine passes
        fixture.clock.set("2026-11-20T10:19:30Z")
        let report = try await engine.step()

        // then the alarm is OK, the change is in the history, and the OK action is queued
        #expect(report.alarmTransitions == 1)
        let alarm = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(alarm.state.value == .ok)
        let history = try await fixture.history("ConsoleSignInFailures")
        #expect(history.map(\.type) == [.configurationUpdate, .stateUpdate, .stateUpdate])
        #expect(history.last?.summary == "Alarm updated from ALARM to OK")
        let notifications = try await fixture.notifications()
        #expect(notifications.map(\.topic) == ["security", "ops", "security"])
        #expect(notifications.last?.subject == #"OK: "ConsoleSignInFailures" in us-east-1"#)

        // and another pass changes nothing
        fixture.clock.advance(by: 5)
        #expect(try await engine.step().alarmTransitions == 0)
    }

    @Test func alarmChangedConcurrentlyIsNotOverwritten() async throws {
        // given an alarm in INSUFFICIENT_DATA the next evaluation would move to OK (no data, not breaching)
        let monitored = try await Self.monitored()
        let fixture = monitored.fixture
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)

        // when the alarm's definition is changed between the engine's evaluation and its write
        fixture.clock.advance(by: 1)
        let changedAt = fixture.clock.milliseconds
        monitored.control.beforeNextWrite {
            try await fixture.catalog.put(Self.alarm(threshold: 10), now: changedAt)
        }
        try await monitored.engine.step()

        // then the new definition stays, with the state it had; no state change is recorded or published
        let alarm = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(alarm.definition.threshold == 10)
        #expect(alarm.state.value == .insufficientData)
        #expect(alarm.configurationUpdatedAt == changedAt)
        let history = try await fixture.history("ConsoleSignInFailures")
        #expect(history.map(\.type) == [.configurationUpdate, .configurationUpdate])
        #expect(try await fixture.notifications().isEmpty)

        // and the next pass evaluates the new definition
        fixture.clock.advance(by: 1)
        try await monitored.engine.step()
        let next = try #require(try await fixture.catalog.alarm(named: "ConsoleSignInFailures"))
        #expect(next.definition.threshold == 10)
        #expect(next.state.value == .ok)
    }

    @Test func queuedNotificationsArePublishedToTheirTopics() async throws {
        // given an alarm that went to ALARM, and a topic "security" whose subscriber is a command
        let monitored = try await Self.monitored()
        let (fixture, engine) = (monitored.fixture, monitored.engine)
        defer { fixture.remove() }
        let script = try CommandScript()
        defer { script.remove() }
        try await fixture.catalog.put(Self.alarm(), now: fixture.clock.milliseconds)
        try await fixture.append(Self.failures(5))
        try await engine.step()
        let dispatcher = fixture.makeDispatcher(topics: [
            .init(name: "security", subscriptions: [.command(path: script.path)])
        ])

        // when the dispatcher runs
        let report = try await dispatcher.step()

        // then both queued notifications were handled (the unknown topic "ops" is skipped) and none is left
        #expect(report.notifications == 2)
        #expect(try await fixture.notifications().isEmpty)
        let envelope = try JSONValue(parsing: try #require(script.input))
        #expect(envelope["Subject"]?.stringValue == #"ALARM: "ConsoleSignInFailures" in us-east-1"#)
        #expect(envelope["TopicArn"]?.stringValue == "arn:aws:sns:us-east-1:123456789012:security")
        let message = try JSONValue(parsing: try #require(envelope["Message"]?.stringValue))
        #expect(message["NewStateValue"]?.stringValue == "ALARM")
    }
}
