import Testing
import TrailModel
import TrailRules

/// State reasons and reason data in CloudWatch's wording and format.
@Suite struct AlarmReasonTests {
    typealias F = AlarmFixtures

    @Test func oneOutOfOneBreaching() {
        var series = MetricSeries()
        series.record(5, at: F.at(3, 12))
        let evaluation = AlarmEvaluator(definition: F.alarm(statistic: .sum))
            .evaluate(series, at: F.at(4, 0, milliseconds: 375), previousState: .insufficientData)
        #expect(evaluation.state == .alarm)
        #expect(
            evaluation.reason
                == "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (26/11/21 10:03:00)] was greater than or "
                + "equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition)."
        )
        #expect(
            evaluation.reasonDataText
                == #"{"version":"1.0","queryDate":"2021-11-26T10:04:00.375+0000","startDate":"2021-11-26T10:03:00.000+0000","#
                + #""statistic":"Sum","period":60,"recentDatapoints":[5.0],"threshold":5.0,"evaluatedDatapoints":"#
                + #"[{"timestamp":"2021-11-26T10:03:00.000+0000","sampleCount":1.0,"value":5.0}]}"#
        )
    }

    @Test func okListsTheDatapointsWithinTheThresholdNewestFirst() {
        // Given 3 of 5 with 10:05 missing: 0 X - 0 0 0 (10:03 … 10:08); five real datapoints decide.
        let definition = F.alarm(
            statistic: .maximum,
            evaluationPeriods: 5,
            datapointsToAlarm: 3,
            threshold: 0,
            comparisonOperator: .greaterThanThreshold
        )
        let series = F.series("0 X - 0 0 0", period: 60, endingAt: F.at(9), breaching: 2, within: 0)
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(9), previousState: .alarm)
        #expect(evaluation.state == .ok)
        #expect(
            evaluation.reason
                == "Threshold Crossed: 4 out of the last 5 datapoints [0.0 (26/11/21 10:08:00), 0.0 (26/11/21 10:07:00), "
                + "0.0 (26/11/21 10:06:00), 0.0 (26/11/21 10:03:00)] were not greater than the threshold (0.0) "
                + "(minimum 3 datapoints for ALARM -> OK transition)."
        )
    }

    @Test func filledPeriodsAreNamed() {
        // Given 1 of 3 with missing data not breaching and one breaching datapoint.
        let definition = F.alarm(
            statistic: .sum,
            evaluationPeriods: 3,
            datapointsToAlarm: 1,
            threshold: 1,
            treatMissingData: .notBreaching
        )
        var series = MetricSeries()
        series.record(613, at: F.at(15, 30))
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(16), previousState: .ok)
        #expect(evaluation.state == .alarm)
        #expect(
            evaluation.reason
                == "Threshold Crossed: 1 out of the last 3 datapoints [613.0 (26/11/21 10:15:00)] was greater than or "
                + "equal to the threshold (1.0) and 2 missing datapoints were treated as [NonBreaching] "
                + "(minimum 1 datapoint for OK -> ALARM transition)."
        )
        #expect(evaluation.datapoints.map(\.hasData) == [true, false, false])
    }

    @Test func whenOnlyFilledPeriodsSupportTheState() {
        // Given 2 of 3 with missing data breaching and one datapoint within the threshold.
        let definition = F.alarm(
            statistic: .sum,
            evaluationPeriods: 3,
            datapointsToAlarm: 2,
            threshold: 1,
            treatMissingData: .breaching
        )
        var series = MetricSeries()
        series.record(0, at: F.at(15, 30))
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(16), previousState: .ok)
        #expect(evaluation.state == .alarm)
        #expect(
            evaluation.reason
                == "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as "
                + "[Breaching]."
        )
    }

    @Test func noDataTreatedAsNotBreaching() {
        let definition = F.alarm(treatMissingData: .notBreaching)
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            MetricSeries(),
            at: F.at(22),
            previousState: .alarm
        )
        #expect(evaluation.state == .ok)
        #expect(
            evaluation.reason
                == "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as "
                + "[NonBreaching]."
        )
        #expect(
            evaluation.reasonDataText
                == #"{"version":"1.0","queryDate":"2021-11-26T10:22:00.000+0000","statistic":"Sum","period":60,"#
                + #""recentDatapoints":[],"threshold":5.0,"evaluatedDatapoints":[{"timestamp":"2021-11-26T10:21:00.000+0000"}]}"#
        )
    }

    @Test func insufficientDataCountsTheUnknownDatapoints() {
        let definition = F.alarm(evaluationPeriods: 3)
        let evaluation = AlarmEvaluator(definition: definition).evaluate(
            MetricSeries(),
            at: F.at(22),
            previousState: .ok
        )
        #expect(evaluation.state == .insufficientData)
        #expect(evaluation.reason == "Insufficient Data: 3 datapoints were unknown.")
        let data = try? JSONValue(parsing: evaluation.reasonDataText ?? "")
        guard case .array(let evaluated)? = data?["evaluatedDatapoints"] else {
            Issue.record("no evaluatedDatapoints")
            return
        }
        #expect(
            evaluated.map { $0["timestamp"]?.stringValue } == [
                "2021-11-26T10:21:00.000+0000", "2021-11-26T10:20:00.000+0000", "2021-11-26T10:19:00.000+0000",
            ]
        )
    }

    @Test func aLongListIsCutToFitTheReason() {
        // Given 60 breaching one-minute datapoints of 60.
        let definition = F.alarm(statistic: .sum, evaluationPeriods: 60, threshold: 1)
        var series = MetricSeries()
        for minute in 0..<60 { series.record(123_456.75, at: F.at(minute)) }
        let evaluation = AlarmEvaluator(definition: definition).evaluate(series, at: F.at(60), previousState: .ok)
        #expect(evaluation.state == .alarm)
        #expect(evaluation.reason.utf16.count <= AlarmEvaluator.maximumReasonLength)
        #expect(
            evaluation.reason.hasPrefix(
                "Threshold Crossed: 60 out of the last 60 datapoints [123456.75 (26/11/21 10:59:00), "
            )
        )
        #expect(evaluation.reason.hasSuffix("(minimum 60 datapoints for OK -> ALARM transition)."))
        #expect((evaluation.reasonDataText ?? "").utf8.count <= AlarmEvaluator.maximumReasonDataLength)
    }

    // MARK: Formats

    static let numbers: [(Double, String)] = [
        (5, "5.0"), (0, "0.0"), (-2.5, "-2.5"), (0.5, "0.5"), (100, "100.0"), (0.001, "0.001"), (1e-4, "1.0E-4"),
        (1_234_567.5, "1234567.5"), (1e7, "1.0E7"), (12_345_678.9, "1.23456789E7"),
        (0.19726775956284198, "0.19726775956284198"),
        (2.5e-10, "2.5E-10"), (1e21, "1.0E21"),
    ]

    @Test(arguments: numbers)
    func numbersAreWrittenAsJavaWritesThem(_ value: Double, _ expected: String) {
        #expect(CloudWatchFormat.number(value) == expected)
    }

    @Test func timesAreWrittenInCloudWatchsFormats() {
        #expect(CloudWatchFormat.reasonTime(F.at(3)) == "26/11/21 10:03:00")
        #expect(CloudWatchFormat.timestamp(F.at(3, 7, milliseconds: 42)) == "2021-11-26T10:03:07.042+0000")
    }
}
