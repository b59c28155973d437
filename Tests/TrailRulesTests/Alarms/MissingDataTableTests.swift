import Testing
import TrailRules

/// The outcome tables of "How alarm state is evaluated when data is missing" (CloudWatch User Guide), row
/// by row, for every treatment of missing data. A pattern lists the 5 periods of the evaluation range,
/// oldest first: `0` within the threshold, `X` breaching, `-` missing.
@Suite struct MissingDataTableTests {
    enum Outcome: Sendable, CustomStringConvertible {
        case ok
        case alarm
        case insufficientData
        case retained

        var description: String {
            switch self {
            case .ok: return "OK"
            case .alarm: return "ALARM"
            case .insufficientData: return "INSUFFICIENT_DATA"
            case .retained: return "retain current state"
            }
        }
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let pattern: String
        let datapointsToAlarm: Int
        let missing: Outcome
        let ignore: Outcome
        let breaching: Outcome
        let notBreaching: Outcome

        func expected(for treatment: TreatMissingData) -> Outcome {
            switch treatment {
            case .missing: return missing
            case .ignore: return ignore
            case .breaching: return breaching
            case .notBreaching: return notBreaching
            }
        }

        var testDescription: String { "\(datapointsToAlarm) of 3: \(pattern)" }
    }

    static let rows: [Row] = [
        // First table: Datapoints to Alarm and Evaluation Periods both 3.
        Row(pattern: "0 - X - X", datapointsToAlarm: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
        Row(pattern: "0 - - - -", datapointsToAlarm: 3, missing: .ok, ignore: .ok, breaching: .ok, notBreaching: .ok),
        Row(
            pattern: "- - - - -",
            datapointsToAlarm: 3,
            missing: .insufficientData,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
        Row(
            pattern: "0 X X - X",
            datapointsToAlarm: 3,
            missing: .alarm,
            ignore: .alarm,
            breaching: .alarm,
            notBreaching: .alarm
        ),
        Row(
            pattern: "- - - - X",
            datapointsToAlarm: 3,
            missing: .insufficientData,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
        Row(
            pattern: "X - - - -",
            datapointsToAlarm: 3,
            missing: .alarm,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
        // "Avoiding premature transitions to alarm state": the breach is 3 periods old.
        Row(
            pattern: "- - X - -",
            datapointsToAlarm: 3,
            missing: .alarm,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
        // Second table: 2 out of 3.
        Row(
            pattern: "0 - X - X",
            datapointsToAlarm: 2,
            missing: .alarm,
            ignore: .alarm,
            breaching: .alarm,
            notBreaching: .alarm
        ),
        Row(
            pattern: "0 0 X 0 X",
            datapointsToAlarm: 2,
            missing: .alarm,
            ignore: .alarm,
            breaching: .alarm,
            notBreaching: .alarm
        ),
        Row(
            pattern: "0 - X - -",
            datapointsToAlarm: 2,
            missing: .ok,
            ignore: .ok,
            breaching: .alarm,
            notBreaching: .ok
        ),
        Row(
            pattern: "- - - - 0",
            datapointsToAlarm: 2,
            missing: .ok,
            ignore: .ok,
            breaching: .alarm,
            notBreaching: .ok
        ),
        Row(
            pattern: "- - - - X",
            datapointsToAlarm: 2,
            missing: .insufficientData,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
        Row(
            pattern: "- - X - -",
            datapointsToAlarm: 2,
            missing: .alarm,
            ignore: .retained,
            breaching: .alarm,
            notBreaching: .ok
        ),
    ]

    @Test(arguments: rows, TreatMissingData.allCases)
    func outcome(row: Row, treatment: TreatMissingData) {
        // Given a 5-minute alarm evaluating 3 periods, evaluated at 10:30:20 (periods end at 10:30).
        let definition = AlarmFixtures.alarm(
            statistic: .maximum,
            period: 300,
            evaluationPeriods: 3,
            datapointsToAlarm: row.datapointsToAlarm,
            comparisonOperator: .greaterThanThreshold,
            treatMissingData: treatment
        )
        let series = AlarmFixtures.series(row.pattern, period: 300, endingAt: AlarmFixtures.at(30))

        // When it is evaluated, from OK and from ALARM.
        let evaluator = AlarmEvaluator(definition: definition)
        for previous in [AlarmStateValue.ok, .alarm] {
            let evaluation = evaluator.evaluate(series, at: AlarmFixtures.at(30, 20), previousState: previous)

            // Then the state is the table's.
            switch row.expected(for: treatment) {
            case .retained:
                #expect(evaluation.isRetained)
                #expect(evaluation.state == previous)
            case .ok:
                #expect(!evaluation.isRetained)
                #expect(evaluation.state == .ok)
            case .alarm:
                #expect(evaluation.state == .alarm)
            case .insufficientData:
                #expect(evaluation.state == .insufficientData)
            }
            #expect(!evaluation.isEarly)
        }
    }

    @Test func theNonBreachingDatapointAgesOutOfTheRange() {
        // Given "0 - - - -" with missing data treated as breaching: OK (second row of the first table).
        let definition = AlarmFixtures.alarm(
            statistic: .maximum,
            period: 300,
            evaluationPeriods: 3,
            comparisonOperator: .greaterThanThreshold,
            treatMissingData: .breaching
        )
        let series = AlarmFixtures.series("0 - - - -", period: 300, endingAt: AlarmFixtures.at(30))
        let evaluator = AlarmEvaluator(definition: definition)
        #expect(evaluator.evaluate(series, at: AlarmFixtures.at(30), previousState: .ok).state == .ok)

        // When the data is still missing one period later, "that non-breaching data point will no longer be
        // among the 5 most recent data points retrieved".
        let later = evaluator.evaluate(series, at: AlarmFixtures.at(35), previousState: .ok)

        // Then the alarm goes to ALARM.
        #expect(later.state == .alarm)
        #expect(
            later.reason
                == "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were "
                + "treated as [Breaching]."
        )
    }
}
