import Testing
import TrailRules

/// PutMetricAlarm's rules.
@Suite struct AlarmDefinitionValidationTests {
    typealias F = AlarmFixtures

    struct Rejection: Sendable, CustomTestStringConvertible {
        let label: String
        let change: @Sendable (inout AlarmDefinition) -> Void
        let code: CloudWatchError.Code
        let message: String
        var testDescription: String { label }
    }

    static let rejections: [Rejection] = [
        Rejection(
            label: "empty name",
            change: { $0.name = "" },
            code: .validationError,
            message: "1 validation error detected: Value '' at 'alarmName' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1"
        ),
        Rejection(
            label: "long name",
            change: { $0.name = String(repeating: "a", count: 256) },
            code: .validationError,
            message: "1 validation error detected: Value '\(String(repeating: "a", count: 256))' at 'alarmName' "
                + "failed to satisfy constraint: Member must have length less than or equal to 255"
        ),
        Rejection(
            label: "control character in name",
            change: { $0.name = "bad\tname" },
            code: .invalidParameterValue,
            message: "The parameter AlarmName must not contain ASCII control characters."
        ),
        Rejection(
            label: "long description",
            change: { $0.description = String(repeating: "d", count: 1025) },
            code: .validationError,
            message: "1 validation error detected: Value '\(String(repeating: "d", count: 1025))' at "
                + "'alarmDescription' failed to satisfy constraint: Member must have length less than or equal to 1024"
        ),
        Rejection(
            label: "zero evaluation periods and period",
            change: {
                $0.evaluationPeriods = 0
                $0.period = 0
                $0.datapointsToAlarm = 0
            },
            code: .validationError,
            message: "3 validation errors detected: Value '0' at 'period' failed to satisfy constraint: Member must "
                + "have value greater than or equal to 1; Value '0' at 'evaluationPeriods' failed to satisfy "
                + "constraint: Member must have value greater than or equal to 1; Value '0' at 'datapointsToAlarm' "
                + "failed to satisfy constraint: Member must have value greater than or equal to 1"
        ),
        Rejection(
            label: "period 90",
            change: { $0.period = 90 },
            code: .validationError,
            message: "Period must be 10, 30 or a multiple of 60"
        ),
        Rejection(
            label: "high-resolution period 10",
            change: { $0.period = 10 },
            code: .invalidParameterValue,
            message: "Period 10 needs high-resolution metric data; OpenTrail keeps one-minute data, so the period "
                + "must be a multiple of 60."
        ),
        Rejection(
            label: "high-resolution period 30",
            change: { $0.period = 30 },
            code: .invalidParameterValue,
            message: "Period 30 needs high-resolution metric data; OpenTrail keeps one-minute data, so the period "
                + "must be a multiple of 60."
        ),
        Rejection(
            label: "more than a day",
            change: {
                $0.period = 3600
                $0.evaluationPeriods = 25
                $0.datapointsToAlarm = 1
            },
            code: .validationError,
            message: "The evaluation period of an alarm (Period * EvaluationPeriods) must not exceed 86400 seconds; "
                + "it is 3600 * 25."
        ),
        Rejection(
            label: "M above N",
            change: {
                $0.evaluationPeriods = 1
                $0.datapointsToAlarm = 15
            },
            code: .validationError,
            message: "DatapointsToAlarm must be less than or equal to EvaluationPeriods"
        ),
        Rejection(
            label: "non-finite threshold",
            change: { $0.threshold = .infinity },
            code: .invalidParameterValue,
            message: "The parameter Threshold must be a finite number."
        ),
        Rejection(
            label: "six alarm actions",
            change: { $0.alarmActions = ["a", "b", "c", "d", "e", "f"] },
            code: .validationError,
            message: "1 validation error detected: Value '[a, b, c, d, e, f]' at 'alarmActions' failed to satisfy "
                + "constraint: Member must have length less than or equal to 5"
        ),
        Rejection(
            label: "empty OK action",
            change: { $0.okActions = ["topic", ""] },
            code: .validationError,
            message: "1 validation error detected: Value '' at 'oKActions.2.member' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1"
        ),
    ]

    @Test(arguments: rejections)
    func rejects(_ rejection: Rejection) {
        var definition = F.alarm()
        rejection.change(&definition)
        let error = #expect(throws: CloudWatchError.self) { try definition.validate() }
        #expect(error?.code == rejection.code)
        #expect(error?.reason == rejection.message)
    }

    @Test(arguments: [60, 300, 3600, 86_400])
    func acceptsMultiplesOfAMinuteUpToADay(period: Int) throws {
        var definition = F.alarm(period: period, evaluationPeriods: 86_400 / period, datapointsToAlarm: 1)
        try definition.validate()
        definition.evaluationPeriods += 1
        #expect(throws: CloudWatchError.self) { try definition.validate() }
    }

    @Test func datapointsToAlarmDefaultsToEvaluationPeriods() throws {
        let definition = F.alarm(evaluationPeriods: 4)
        #expect(definition.datapointsToAlarm == 4)
        try definition.validate()
        #expect(definition.treatMissingData == .missing)
        #expect(definition.actionsEnabled)
        #expect(definition.evaluationWindow == .sliding)
    }

    @Test func enumerationsParseTheirWireNames() throws {
        #expect(try Statistic(parsing: "SampleCount") == .sampleCount)
        #expect(try TreatMissingData(parsing: "notBreaching") == .notBreaching)
        #expect(try AlarmStateValue(parsing: "INSUFFICIENT_DATA") == .insufficientData)
        let statistic = #expect(throws: CloudWatchError.self) { try Statistic(parsing: "p99") }
        #expect(
            statistic?.reason
                == "1 validation error detected: Value 'p99' at 'statistic' failed to satisfy constraint: Member "
                + "must satisfy enum value set: [SampleCount, Average, Sum, Minimum, Maximum]"
        )
        let treatment = #expect(throws: CloudWatchError.self) { try TreatMissingData(parsing: "zero") }
        #expect(treatment?.code == .invalidParameterValue)
    }
}
