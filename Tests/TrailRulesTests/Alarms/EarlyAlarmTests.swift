import Testing
import TrailRules

/// The early `ALARM`: a period in progress that already breaches, with a statistic that can only move
/// further towards breaching, counts.
@Suite struct EarlyAlarmTests {
    typealias F = AlarmFixtures

    /// Failed sign-ins at 10:00:10, 10:01:10, 10:02:10, 10:02:40 and (the fifth) 10:03:20.
    static func signInFailures(count: Int) -> MetricSeries {
        let times = [F.at(0, 10), F.at(1, 10), F.at(2, 10), F.at(2, 40), F.at(3, 20)]
        var series = MetricSeries()
        for time in times.prefix(count) { series.record(1, at: time) }
        return series
    }

    @Test func theFifthFailedSignInSetsOffTheAlarmWithinASecond() {
        // Given "Sum >= 5 over 5 minutes, 1 of 1" and five failed sign-ins, the last at 10:03:20.
        let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .sum, period: 300))
        let series = Self.signInFailures(count: 5)

        // When evaluated half a second after the fifth.
        let evaluation = evaluator.evaluate(series, at: F.at(3, 20, milliseconds: 500), previousState: .ok)

        // Then the alarm is in ALARM at once, decided on the period in progress (09:59–10:04).
        #expect(evaluation.state == .alarm)
        #expect(evaluation.isEarly)
        #expect(evaluation.datapoints.first?.isInProgress == true)
        #expect(evaluation.datapoints.first?.timestamp == F.at(-1))
        #expect(
            evaluation.reason
                == "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (26/11/21 09:59:00)] was greater than or "
                + "equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition)."
        )
        #expect(
            evaluation.reasonDataText
                == #"{"version":"1.0","queryDate":"2021-11-26T10:03:20.500+0000","startDate":"2021-11-26T09:59:00.000+0000","#
                + #""statistic":"Sum","period":300,"recentDatapoints":[5.0],"threshold":5.0,"evaluatedDatapoints":"#
                + #"[{"timestamp":"2021-11-26T09:59:00.000+0000","sampleCount":5.0,"value":5.0,"inProgress":true}]}"#
        )
    }

    @Test func fourFailedSignInsDoNot() {
        let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .sum, period: 300))
        let evaluation = evaluator.evaluate(
            Self.signInFailures(count: 4),
            at: F.at(3, 20, milliseconds: 500),
            previousState: .ok
        )
        #expect(evaluation.state == .ok)
        #expect(!evaluation.isEarly)
    }

    @Test func withAWallClockWindowTheCurrentPeriodCounts() {
        // Given the wall-clock period 10:00–10:05 in progress with 5 failures.
        let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .sum, period: 300, evaluationWindow: .wallClock))
        let evaluation = evaluator.evaluate(
            Self.signInFailures(count: 5),
            at: F.at(3, 21),
            previousState: .insufficientData
        )
        #expect(evaluation.state == .alarm)
        #expect(evaluation.isEarly)
        #expect(evaluation.datapoints.first?.timestamp == F.at(0))
    }

    struct Direction: Sendable, CustomTestStringConvertible {
        let statistic: Statistic
        let comparisonOperator: ComparisonOperator
        let samples: [Double]
        let threshold: Double
        let isEarly: Bool
        var testDescription: String { "\(statistic.rawValue) \(comparisonOperator.rawValue) \(threshold): \(samples)" }
    }

    static let directions: [Direction] = [
        Direction(
            statistic: .sampleCount,
            comparisonOperator: .greaterThanThreshold,
            samples: [1, 1, 1],
            threshold: 2,
            isEarly: true
        ),
        Direction(
            statistic: .maximum,
            comparisonOperator: .greaterThanOrEqualToThreshold,
            samples: [1, 9],
            threshold: 9,
            isEarly: true
        ),
        Direction(
            statistic: .minimum,
            comparisonOperator: .lessThanThreshold,
            samples: [4, 0],
            threshold: 1,
            isEarly: true
        ),
        Direction(
            statistic: .minimum,
            comparisonOperator: .lessThanOrEqualToThreshold,
            samples: [1],
            threshold: 1,
            isEarly: true
        ),
        // A sum with a negative sample may still fall: not early.
        Direction(
            statistic: .sum,
            comparisonOperator: .greaterThanThreshold,
            samples: [-1, 9],
            threshold: 5,
            isEarly: false
        ),
        // Averages move both ways: never early.
        Direction(
            statistic: .average,
            comparisonOperator: .greaterThanThreshold,
            samples: [9, 9],
            threshold: 5,
            isEarly: false
        ),
        // A breach that more samples could undo is not early: a maximum below the threshold can grow.
        Direction(
            statistic: .maximum,
            comparisonOperator: .lessThanThreshold,
            samples: [1],
            threshold: 5,
            isEarly: false
        ),
        Direction(
            statistic: .sampleCount,
            comparisonOperator: .lessThanThreshold,
            samples: [1],
            threshold: 5,
            isEarly: false
        ),
        Direction(statistic: .sum, comparisonOperator: .lessThanThreshold, samples: [1], threshold: 5, isEarly: false),
        Direction(
            statistic: .minimum,
            comparisonOperator: .greaterThanThreshold,
            samples: [9],
            threshold: 5,
            isEarly: false
        ),
    ]

    @Test(arguments: directions)
    func onlyStatisticsThatCannotTurnBackAreEarly(_ direction: Direction) {
        // Given samples in the minute in progress (10:07) and nothing before.
        var series = MetricSeries()
        for (index, sample) in direction.samples.enumerated() { series.record(sample, at: F.at(7, index + 1)) }
        let definition = F.alarm(
            statistic: direction.statistic,
            threshold: direction.threshold,
            comparisonOperator: direction.comparisonOperator
        )

        // When evaluated during that minute.
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(7, 30), previousState: .ok)

        // Then only a statistic that can only move towards breaching decides early.
        #expect(evaluation.isEarly == direction.isEarly)
        #expect(evaluation.state == (direction.isEarly ? .alarm : .insufficientData))
    }

    @Test func earlyEvaluationNeverDecidesOK() {
        // Given an alarm in ALARM whose period in progress is within the threshold so far.
        var series = MetricSeries()
        series.record(9, at: F.at(5, 10))
        series.record(1, at: F.at(6, 10))
        let evaluator = AlarmEvaluator(definition: F.alarm(statistic: .sum))

        // When evaluated during 10:06, the complete minute 10:05 still breaches: ALARM, not early.
        let evaluation = evaluator.evaluate(series, at: F.at(6, 30), previousState: .alarm)
        #expect(evaluation.state == .alarm)
        #expect(!evaluation.isEarly)

        // Then only when 10:06 is complete does the alarm go to OK.
        #expect(evaluator.evaluate(series, at: F.at(7), previousState: .alarm).state == .ok)
    }

    @Test func anEarlyBreachCountsTowardsMOfN() {
        // Given 2 of 3 one-minute periods with 10:04 breaching, 10:05 not, and 10:06 in progress breaching.
        var series = MetricSeries()
        series.record(6, at: F.at(4, 10))
        series.record(1, at: F.at(5, 10))
        series.record(6, at: F.at(6, 10))
        let definition = F.alarm(statistic: .sum, evaluationPeriods: 3, datapointsToAlarm: 2)
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(6, 11), previousState: .ok)

        // Then the alarm goes to ALARM before 10:06 ends.
        #expect(evaluation.state == .alarm)
        #expect(evaluation.isEarly)
        #expect(
            evaluation.reason
                == "Threshold Crossed: 2 out of the last 3 datapoints [6.0 (26/11/21 10:06:00), 6.0 (26/11/21 10:04:00)] "
                + "were greater than or equal to the threshold (5.0) (minimum 2 datapoints for OK -> ALARM transition)."
        )
    }
}
