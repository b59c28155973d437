import Foundation
import Testing
import TrailModel
import TrailRules

/// The state machine: transitions, the actions they run, history, persistence.
@Suite struct AlarmStateTests {
    typealias F = AlarmFixtures

    static func breaching(_ breaching: Bool, at minute: Int) -> MetricSeries {
        var series = MetricSeries()
        series.record(breaching ? 9 : 1, at: F.at(minute, 30))
        return series
    }

    @Test func aNewAlarmIsUnchecked() {
        let state = AlarmState(createdAt: F.at(0))
        #expect(state.value == .insufficientData)
        #expect(state.reason == "Unchecked: Initial alarm creation")
        #expect(state.reasonData == nil)
        #expect(state.updatedAt == F.at(0))
        #expect(state.transitionedAt == F.at(0))
    }

    struct Step: Sendable, CustomTestStringConvertible {
        let from: AlarmStateValue
        let series: MetricSeries?
        let to: AlarmStateValue
        let actions: [String]
        var testDescription: String { "\(from.rawValue) -> \(to.rawValue)" }
    }

    static let steps: [Step] = [
        Step(
            from: .insufficientData,
            series: breaching(true, at: 4),
            to: .alarm,
            actions: ["arn:aws:sns:us-east-1:123456789012:security-alerts"]
        ),
        Step(
            from: .ok,
            series: breaching(true, at: 4),
            to: .alarm,
            actions: ["arn:aws:sns:us-east-1:123456789012:security-alerts"]
        ),
        Step(from: .alarm, series: breaching(false, at: 4), to: .ok, actions: ["security-ok"]),
        Step(from: .insufficientData, series: breaching(false, at: 4), to: .ok, actions: ["security-ok"]),
        Step(from: .alarm, series: nil, to: .insufficientData, actions: ["security-unknown"]),
        Step(from: .ok, series: nil, to: .insufficientData, actions: ["security-unknown"]),
    ]

    @Test(arguments: steps)
    func transitionsRunTheActionsOfTheNewState(_ step: Step) throws {
        // Given an alarm in `from`.
        let definition = F.alarm(statistic: .average)
        var state = AlarmState(
            value: step.from,
            reason: "before",
            reasonData: nil,
            updatedAt: F.at(0),
            transitionedAt: F.at(0)
        )

        // When an evaluation at 10:05 moves it.
        let evaluation = AlarmEvaluator(definition: definition)
            .evaluate(step.series ?? MetricSeries(), at: F.at(5), previousState: step.from)
        let result = state.apply(evaluation, of: definition, at: F.at(5, 1))
        let transition = try #require(result)

        // Then the state, its timestamps, the actions and the history entry follow.
        #expect(transition.oldState == step.from)
        #expect(transition.newState == step.to)
        #expect(transition.actions == step.actions)
        #expect(state.value == step.to)
        #expect(state.reason == evaluation.reason)
        #expect(state.reasonData == evaluation.reasonDataText)
        #expect(state.updatedAt == F.at(5, 1))
        #expect(state.transitionedAt == F.at(5, 1))
        #expect(transition.historyItem.type == .stateUpdate)
        #expect(transition.historyItem.alarmName == "ConsoleSignInFailures")
        #expect(transition.historyItem.summary == "Alarm updated from \(step.from.rawValue) to \(step.to.rawValue)")
        #expect(transition.historyItem.timestamp == F.at(5, 1))
    }

    @Test func disabledActionsDoNotRun() throws {
        let definition = F.alarm(statistic: .average, actionsEnabled: false)
        var state = AlarmState(createdAt: F.at(0))
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            Self.breaching(true, at: 4),
            at: F.at(5),
            previousState: .insufficientData
        )
        let result = state.apply(evaluation, of: definition, at: F.at(5))
        let transition = try #require(result)
        #expect(transition.newState == .alarm)
        #expect(transition.actions.isEmpty)
        #expect(definition.actions(for: .alarm) == ["arn:aws:sns:us-east-1:123456789012:security-alerts"])
    }

    @Test func anUnchangedStateIsNoTransition() {
        // Given an alarm in ALARM with its reason.
        let definition = F.alarm(statistic: .average)
        var state = AlarmState(
            value: .alarm,
            reason: "first",
            reasonData: "{}",
            updatedAt: F.at(1),
            transitionedAt: F.at(1)
        )

        // When a later evaluation still says ALARM.
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            Self.breaching(true, at: 4),
            at: F.at(5),
            previousState: .alarm
        )

        // Then nothing changes: no history, no actions, the reason of the transition stays.
        #expect(state.apply(evaluation, of: definition, at: F.at(5)) == nil)
        #expect(state.reason == "first")
        #expect(state.updatedAt == F.at(1))
    }

    @Test func ignoreKeepsTheStateWithoutATransition() {
        let definition = F.alarm(statistic: .average, treatMissingData: .ignore)
        var state = AlarmState(
            value: .alarm,
            reason: "first",
            reasonData: nil,
            updatedAt: F.at(1),
            transitionedAt: F.at(1)
        )
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            MetricSeries(),
            at: F.at(30),
            previousState: .alarm
        )
        #expect(evaluation.isRetained)
        #expect(evaluation.state == .alarm)
        #expect(state.apply(evaluation, of: definition, at: F.at(30)) == nil)
        #expect(state.value == .alarm)

        // A new alarm with `ignore` and no data stays unchecked.
        var fresh = AlarmState(createdAt: F.at(0))
        let first = AlarmEvaluator(definition: definition).evaluate(
            MetricSeries(),
            at: F.at(1),
            previousState: fresh.value
        )
        #expect(fresh.apply(first, of: definition, at: F.at(1)) == nil)
        #expect(fresh.value == .insufficientData)
    }

    @Test func historyDataHoldsBothStates() throws {
        // Given an alarm that goes from OK to ALARM.
        let definition = F.alarm(statistic: .average)
        var state = AlarmState(
            value: .ok,
            reason: "testing purposes",
            reasonData: nil,
            updatedAt: F.at(0),
            transitionedAt: F.at(0)
        )
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            Self.breaching(true, at: 4),
            at: F.at(5),
            previousState: .ok
        )
        let result = state.apply(evaluation, of: definition, at: F.at(5))
        let transition = try #require(result)

        // Then the history data is CloudWatch's document with the reason data embedded as JSON.
        let data = try JSONValue(parsing: transition.historyItem.data)
        #expect(data["version"]?.stringValue == "1.0")
        #expect(
            data["oldState"] == .object([("stateValue", .string("OK")), ("stateReason", .string("testing purposes"))])
        )
        #expect(data["newState"]?["stateValue"]?.stringValue == "ALARM")
        #expect(data["newState"]?["stateReason"]?.stringValue == evaluation.reason)
        #expect(data["newState"]?["stateReasonData"] == evaluation.reasonData)
        #expect(transition.historyItem.alarmType == "MetricAlarm")
    }

    @Test func setAlarmStateTransitionsAndRunsActions() throws {
        let definition = F.alarm()
        var state = AlarmState(createdAt: F.at(0))
        let result = state.set(.alarm, reason: "testing purposes", reasonData: nil, of: definition, at: F.at(2))
        let transition = try #require(result)
        #expect(transition.actions == ["arn:aws:sns:us-east-1:123456789012:security-alerts"])
        #expect(transition.historyItem.summary == "Alarm updated from INSUFFICIENT_DATA to ALARM")
        #expect(state.reason == "testing purposes")

        // The same state again only updates the reason.
        #expect(state.set(.alarm, reason: "again", reasonData: nil, of: definition, at: F.at(3)) == nil)
        #expect(state.reason == "again")
        #expect(state.updatedAt == F.at(3))
        #expect(state.transitionedAt == F.at(2))
    }

    @Test func earlyTransitionsSaySo() throws {
        let definition = F.alarm(statistic: .sum)
        var series = MetricSeries()
        series.record(5, at: F.at(9, 10))
        var state = AlarmState(createdAt: F.at(0))
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            series,
            at: F.at(9, 10, milliseconds: 300),
            previousState: state.value
        )
        let result = state.apply(evaluation, of: definition, at: evaluation.evaluatedAt)
        let transition = try #require(result)
        #expect(transition.isEarly)
        #expect(transition.newState == .alarm)
        #expect(transition.timestamp == F.at(9, 10, milliseconds: 300))
    }

    @Test func configurationHistory() throws {
        let definition = F.alarm()
        let state = AlarmState(createdAt: F.at(0))
        let created = AlarmHistoryItem.created(definition, state: state, at: F.at(0))
        #expect(created.type == .configurationUpdate)
        #expect(created.summary == "Alarm \"ConsoleSignInFailures\" created")
        let createdData = try JSONValue(parsing: created.data)
        #expect(createdData["type"]?.stringValue == "Create")
        #expect(createdData["createdAlarm"]?["metricName"]?.stringValue == "ConsoleSignInFailureCount")
        #expect(createdData["createdAlarm"]?["stateValue"]?.stringValue == "INSUFFICIENT_DATA")
        #expect(
            createdData["createdAlarm"]?["alarmConfigurationUpdatedTimestamp"]?.stringValue
                == "2021-11-26T10:00:00.000+0000"
        )

        var changed = definition
        changed.threshold = 3
        let updated = AlarmHistoryItem.updated(from: definition, to: changed, state: state, at: F.at(1))
        #expect(updated.summary == "Alarm \"ConsoleSignInFailures\" updated")
        let updatedData = try JSONValue(parsing: updated.data)
        #expect(updatedData["type"]?.stringValue == "Update")
        #expect(updatedData["originalUpdatedFields"] == .object([("threshold", .number("5.0"))]))
        #expect(updatedData["updatedAlarm"]?["threshold"] == .number("3.0"))

        let action = AlarmHistoryItem.action(
            alarmName: definition.name,
            action: "security-ok",
            succeeded: true,
            at: F.at(2)
        )
        #expect(action.type == .action)
        #expect(action.summary == "Successfully executed action security-ok")
        #expect(action.data == #"{"actionState":"Succeeded","notificationResource":"security-ok"}"#)
    }

    @Test func everythingPersistsAsJSON() throws {
        let definition = F.alarm(
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            treatMissingData: .notBreaching
        )
        var state = AlarmState(createdAt: F.at(0))
        let result = state.set(.ok, reason: "testing", reasonData: "{}", of: definition, at: F.at(1))
        let transition = try #require(result)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let decoder = JSONDecoder()
        #expect(try decoder.decode(AlarmDefinition.self, from: encoder.encode(definition)) == definition)
        #expect(try decoder.decode(AlarmState.self, from: encoder.encode(state)) == state)
        #expect(try decoder.decode(AlarmTransition.self, from: encoder.encode(transition)) == transition)
        let minimal = #"""
            {"name":"a","metric":{"namespace":"N","metricName":"M"},"statistic":"Sum","period":60,
             "evaluationPeriods":3,"threshold":1,"comparisonOperator":"GreaterThanThreshold"}
            """#
        let decoded = try decoder.decode(AlarmDefinition.self, from: Data(minimal.utf8))
        #expect(decoded.datapointsToAlarm == 3)
        #expect(decoded.treatMissingData == .missing)
        #expect(decoded.actionsEnabled)
        #expect(decoded.okActions.isEmpty)
        let json = String(decoding: try encoder.encode(definition.metric), as: UTF8.self)
        #expect(json == #"{"metricName":"ConsoleSignInFailureCount","namespace":"CloudTrailMetrics"}"#)
        #expect(throws: DecodingError.self) {
            try decoder.decode(MetricKey.self, from: Data(#"{"namespace":":bad","metricName":"x"}"#.utf8))
        }
    }
}
