import TrailModel
import TrailRules

/// Times, metrics and alarms the alarm tests share. Every time is explicit: the clock is the `now`
/// each test passes.
enum AlarmFixtures {
    /// 2021-11-26T10:00:00Z, milliseconds since 1970.
    static let tenOClock: Int64 = EventTime.parseMilliseconds("2021-11-26T10:00:00Z")!

    /// `minutes` and `seconds` (and `milliseconds`) after 10:00:00 on 2021-11-26, UTC.
    static func at(_ minutes: Int, _ seconds: Int = 0, milliseconds: Int = 0) -> Int64 {
        tenOClock + Int64(minutes) * 60_000 + Int64(seconds) * 1000 + Int64(milliseconds)
    }

    /// The metric the alarms watch.
    static let metric = try! MetricKey(namespace: "CloudTrailMetrics", name: "ConsoleSignInFailureCount")

    /// An alarm on ``metric`` with CloudWatch's defaults for the rest.
    static func alarm(
        statistic: Statistic = .sum,
        period: Int = 60,
        evaluationPeriods: Int = 1,
        datapointsToAlarm: Int? = nil,
        threshold: Double = 5,
        comparisonOperator: ComparisonOperator = .greaterThanOrEqualToThreshold,
        treatMissingData: TreatMissingData = .missing,
        evaluationWindow: AlarmEvaluationWindow = .sliding,
        actionsEnabled: Bool = true
    ) -> AlarmDefinition {
        AlarmDefinition(
            name: "ConsoleSignInFailures",
            description: "Five failed console sign-ins",
            metric: metric,
            statistic: statistic,
            period: period,
            evaluationPeriods: evaluationPeriods,
            datapointsToAlarm: datapointsToAlarm,
            threshold: threshold,
            comparisonOperator: comparisonOperator,
            treatMissingData: treatMissingData,
            evaluationWindow: evaluationWindow,
            actionsEnabled: actionsEnabled,
            alarmActions: ["arn:aws:sns:us-east-1:123456789012:security-alerts"],
            okActions: ["security-ok"],
            insufficientDataActions: ["security-unknown"]
        )
    }

    /// A series drawn from a pattern in the user guide's notation, oldest period first: `X` a breaching
    /// datapoint, `0` a datapoint within the threshold, `-` a missing one. The last symbol is the period
    /// that ends at `end`; each datapoint is one sample (`breaching` or `within`) in the first minute of
    /// its period.
    static func series(
        _ pattern: String,
        period: Int,
        endingAt end: Int64,
        breaching: Double = 10,
        within: Double = 1
    ) -> MetricSeries {
        let symbols = pattern.split(separator: " ")
        var series = MetricSeries()
        for (index, symbol) in symbols.reversed().enumerated() {
            let start = end - Int64(index + 1) * Int64(period) * 1000
            switch symbol {
            case "X": series.record(breaching, at: start)
            case "0": series.record(within, at: start)
            default: break
            }
        }
        return series
    }
}
