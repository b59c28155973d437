import Testing
import TrailRules

@Suite struct AlarmEvaluatorTests {
    typealias F = AlarmFixtures

    // MARK: Comparison operators

    struct Comparison: Sendable, CustomTestStringConvertible {
        let comparisonOperator: ComparisonOperator
        let value: Double
        let breaches: Bool
        var testDescription: String { "\(value) \(comparisonOperator.rawValue) 5" }
    }

    static let comparisons: [Comparison] = [
        Comparison(comparisonOperator: .greaterThanOrEqualToThreshold, value: 4, breaches: false),
        Comparison(comparisonOperator: .greaterThanOrEqualToThreshold, value: 5, breaches: true),
        Comparison(comparisonOperator: .greaterThanOrEqualToThreshold, value: 6, breaches: true),
        Comparison(comparisonOperator: .greaterThanThreshold, value: 5, breaches: false),
        Comparison(comparisonOperator: .greaterThanThreshold, value: 5.5, breaches: true),
        Comparison(comparisonOperator: .lessThanThreshold, value: 5, breaches: false),
        Comparison(comparisonOperator: .lessThanThreshold, value: 4.5, breaches: true),
        Comparison(comparisonOperator: .lessThanOrEqualToThreshold, value: 5, breaches: true),
        Comparison(comparisonOperator: .lessThanOrEqualToThreshold, value: 5.5, breaches: false),
    ]

    @Test(arguments: comparisons)
    func comparisonOperator(_ comparison: Comparison) {
        // Given a 1-of-1 alarm on the average (never decided early) with threshold 5 and one complete minute.
        let definition = F.alarm(statistic: .average, comparisonOperator: comparison.comparisonOperator)
        var series = MetricSeries()
        series.record(comparison.value, at: F.at(2, 30))

        // When it is evaluated once the minute is over.
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(3), previousState: .ok)

        // Then the state follows the operator.
        #expect(evaluation.state == (comparison.breaches ? .alarm : .ok))
        #expect(comparison.comparisonOperator.isBreaching(comparison.value, threshold: 5) == comparison.breaches)
    }

    @Test func operatorsParseTheirWireNames() throws {
        #expect(try ComparisonOperator(parsing: "LessThanOrEqualToThreshold") == .lessThanOrEqualToThreshold)
        let error = #expect(throws: CloudWatchError.self) { try ComparisonOperator(parsing: "GreaterThan") }
        #expect(error?.code == .validationError)
        #expect(
            error?.reason
                == "1 validation error detected: Value 'GreaterThan' at 'comparisonOperator' failed to satisfy "
                + "constraint: Member must satisfy enum value set: [GreaterThanOrEqualToThreshold, "
                + "GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold]"
        )
    }

    // MARK: M out of N

    struct MOfN: Sendable, CustomTestStringConvertible {
        let pattern: String
        let evaluationPeriods: Int
        let datapointsToAlarm: Int
        let expected: AlarmStateValue
        var testDescription: String { "\(datapointsToAlarm) of \(evaluationPeriods): \(pattern)" }
    }

    static let mOfN: [MOfN] = [
        MOfN(pattern: "X 0 X 0 0", evaluationPeriods: 5, datapointsToAlarm: 3, expected: .ok),
        MOfN(pattern: "X 0 X 0 X", evaluationPeriods: 5, datapointsToAlarm: 3, expected: .alarm),
        MOfN(pattern: "X X X 0 0 0", evaluationPeriods: 5, datapointsToAlarm: 3, expected: .ok),
        MOfN(pattern: "0 X 0 X", evaluationPeriods: 4, datapointsToAlarm: 2, expected: .alarm),
        MOfN(pattern: "X 0 0 0 X", evaluationPeriods: 4, datapointsToAlarm: 2, expected: .ok),
        MOfN(pattern: "X X X", evaluationPeriods: 3, datapointsToAlarm: 3, expected: .alarm),
        MOfN(pattern: "X 0 X", evaluationPeriods: 3, datapointsToAlarm: 3, expected: .ok),
        MOfN(pattern: "0 0 0 0 X", evaluationPeriods: 5, datapointsToAlarm: 1, expected: .alarm),
    ]

    @Test(arguments: mOfN)
    func mOutOfN(_ testCase: MOfN) {
        // Given complete one-minute periods ending at 10:20, the last symbol the newest.
        let definition = F.alarm(
            statistic: .maximum,
            evaluationPeriods: testCase.evaluationPeriods,
            datapointsToAlarm: testCase.datapointsToAlarm,
            comparisonOperator: .greaterThanThreshold
        )
        let series = F.series(testCase.pattern, period: 60, endingAt: F.at(20))

        // When the alarm is evaluated at 10:20:00.
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(20), previousState: .ok)

        // Then M of the last N decide, consecutive or not.
        #expect(evaluation.state == testCase.expected)
        #expect(evaluation.datapoints.count == testCase.evaluationPeriods)
    }

    @Test func theMostRecentRealDatapointsDecideWhenThereAreEnough() {
        // Given 2 of 3, with gaps but 4 real datapoints in the range of 5: newest three are X, 0, 0.
        let definition = F.alarm(
            statistic: .maximum,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            comparisonOperator: .greaterThanThreshold,
            treatMissingData: .breaching
        )
        let series = F.series("X 0 - 0 X", period: 60, endingAt: F.at(20))

        // When it is evaluated, the missing period is not filled although data is missing.
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(20), previousState: .alarm)

        // Then only one of the three breaches: OK.
        #expect(evaluation.state == .ok)
        #expect(evaluation.datapoints.map(\.timestamp) == [F.at(19), F.at(18), F.at(16)])
        #expect(
            evaluation.reason
                == "Threshold Crossed: 2 out of the last 3 datapoints [1.0 (26/11/21 10:18:00), 1.0 (26/11/21 10:16:00)] "
                + "were not greater than the threshold (5.0) (minimum 2 datapoints for ALARM -> OK transition)."
        )
    }

    // MARK: Periods

    @Test func aPeriodIsEvaluatedTheMomentItCompletes() {
        // Given an average alarm (never decided early) and a breaching sample at 10:02:30.
        let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .average))
        var series = MetricSeries()
        series.record(9, at: F.at(2, 30))

        // When evaluated a millisecond before 10:03, the minute is in progress and not evaluated.
        let before = evaluator.evaluate(series, at: F.at(2, 59, milliseconds: 999), previousState: .insufficientData)
        #expect(before.state == .insufficientData)
        #expect(before.reason == "Insufficient Data: 1 datapoint was unknown.")

        // Then at 10:03:00.000 it is complete and decides.
        let after = evaluator.evaluate(series, at: F.at(3), previousState: .insufficientData)
        #expect(after.state == .alarm)
        #expect(after.datapoints.first?.timestamp == F.at(2))
        #expect(evaluator.latestCompletePeriodEnd(at: F.at(3)) == F.at(3))
        #expect(evaluator.nextEvaluationTime(after: F.at(3)) == F.at(4))
    }

    @Test func slidingFiveMinutePeriodsEndAtTheLatestMinute() {
        // Given a 5-minute sum alarm (threshold 5) with samples at 10:01:10 (3) and 10:06:10 (3).
        let evaluator = AlarmEvaluator(
            definition: F.alarm(statistic: .sum, period: 300, treatMissingData: .notBreaching)
        )
        var series = MetricSeries()
        series.record(3, at: F.at(1, 10))
        series.record(3, at: F.at(6, 10))

        // When evaluated at 10:07:30 the latest period is 10:02–10:07: only the second sample.
        #expect(evaluator.latestCompletePeriodEnd(at: F.at(7, 30)) == F.at(7))
        let at0730 = evaluator.evaluate(series, at: F.at(7, 30), previousState: .ok)
        #expect(at0730.state == .ok)
        #expect(at0730.datapoints.first?.timestamp == F.at(2))
        #expect(at0730.datapoints.first?.value == 3)

        // Then at 10:06:30 the latest period is 10:01–10:06 and holds the first sample only, and at 10:07
        // the window 10:02-10:07 has moved past it.
        let at0630 = evaluator.evaluate(series, at: F.at(6, 30), previousState: .ok)
        #expect(at0630.datapoints.first?.timestamp == F.at(1))
        #expect(at0630.datapoints.first?.value == 3)
        #expect(evaluator.nextEvaluationTime(after: F.at(7, 30)) == F.at(8))
    }

    @Test func wallClockFiveMinutePeriodsStartAtMultiplesOfFiveMinutes() {
        // Given the same alarm with a wall-clock window and samples at 10:01:10 (3) and 10:04:50 (3).
        let definition = F.alarm(statistic: .sum, period: 300, evaluationWindow: .wallClock)
        let evaluator = AlarmEvaluator(definition: definition)
        var series = MetricSeries()
        series.record(3, at: F.at(1, 10))
        series.record(3, at: F.at(4, 50))

        // When evaluated at 10:07:30 the latest complete period is 10:00–10:05, which holds both: 6 >= 5.
        #expect(evaluator.latestCompletePeriodEnd(at: F.at(7, 30)) == F.at(5))
        #expect(evaluator.inProgressPeriodEnd(at: F.at(7, 30)) == F.at(10))
        let evaluation = evaluator.evaluate(series, at: F.at(7, 30), previousState: .ok)
        #expect(evaluation.state == .alarm)
        #expect(evaluation.datapoints.first?.timestamp == F.at(0))
        #expect(evaluation.datapoints.first?.value == 6)
        #expect(evaluator.nextEvaluationTime(after: F.at(7, 30)) == F.at(10))
    }

    @Test func oneMinutePeriodsAreTheSameInBothWindows() {
        // Given an average of 7 in the minute 10:05.
        var series = MetricSeries()
        series.record(7, at: F.at(5, 1))
        for window in AlarmEvaluationWindow.allCases {
            let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .average, evaluationWindow: window))
            // Then both windows see the minute only once it is over.
            #expect(evaluator.latestCompletePeriodEnd(at: F.at(5, 59)) == F.at(5))
            #expect(evaluator.evaluate(series, at: F.at(5, 59), previousState: .ok).state == .insufficientData)
            #expect(evaluator.evaluate(series, at: F.at(6), previousState: .ok).state == .alarm)
        }
    }

    @Test func theStatisticIsComputedOverEveryMinuteOfThePeriod() {
        // Given samples 2, 4 (minute 10:00) and 9 (minute 10:03) in one 5-minute period.
        var series = MetricSeries()
        series.record(2, at: F.at(0, 5))
        series.record(4, at: F.at(0, 50))
        series.record(9, at: F.at(3, 1))
        let expected: [(Statistic, Double)] = [
            (.sampleCount, 3), (.sum, 15), (.average, 5), (.minimum, 2), (.maximum, 9),
        ]
        for (statistic, value) in expected {
            let definition = F.alarm(statistic: statistic, period: 300, evaluationWindow: .wallClock)
            let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(5), previousState: .ok)
            #expect(evaluation.datapoints.first?.value == value, "\(statistic)")
        }
    }
}
