/// Evaluates a metric alarm against its metric's per-minute statistics at a given time: pure, with the
/// clock passed in.
///
/// What it implements, and where each rule comes from:
///
/// - **Periods** ("Evaluating an alarm", and "Alarm evaluation window"): one datapoint per period, the
///   alarm's statistic over the minutes of the period. With the default sliding window the alarm is
///   evaluated every minute and its periods end at the latest whole minute; with a wall-clock window they
///   start at multiples of the period (``AlarmEvaluationWindow``).
/// - **Only complete periods, evaluated at once**: CloudWatch evaluates a period some time after it ends.
///   Here a period is evaluated as soon as it is complete — at 10:03:00.000 the period ending at 10:03 is
///   in — and the period in progress is not evaluated, except for an early `ALARM` (below).
/// - **M out of N**: of the N = `evaluationPeriods` evaluated datapoints, M = `datapointsToAlarm` must
///   breach for `ALARM`; otherwise `OK`. The breaching datapoints need not be consecutive.
/// - **Evaluation range and missing data** ("How alarm state is evaluated when data is missing"):
///   CloudWatch retrieves more periods than N — the *evaluation range*. Its exact length is not
///   documented; its documented example evaluates 3 periods from the 5 most recent, and N + 2 periods is
///   what is implemented. Then:
///   - when the range holds at least N datapoints, the most recent N of them are evaluated and the
///     missing-data treatment is not used, however many periods are missing;
///   - when it holds none: `missing` → `INSUFFICIENT_DATA`, `ignore` → the state is kept, `breaching` →
///     N breaching datapoints, `notBreaching` → N datapoints within the threshold;
///   - when it holds r with 0 < r < N, all r are evaluated together with the N − r most recent missing
///     periods ("CloudWatch uses missing data points only as few times as possible"). `breaching` and
///     `notBreaching` fill those periods. `missing` and `ignore` do not: at least M breaching datapoints →
///     `ALARM`; otherwise any datapoint within the threshold → `OK`; otherwise (only breaching datapoints,
///     fewer than M) `missing` goes to `ALARM` when the oldest of them is at least M periods old — the
///     rule of "Avoiding premature transitions to alarm state": with `- - X - -` a 3-of-3 alarm goes to
///     `ALARM`, with `- - - - X` it does not yet — and to `INSUFFICIENT_DATA` otherwise, while `ignore`
///     keeps the state. This reproduces every row of the user guide's two outcome tables.
/// - **Early ALARM** (OpenTrail's addition, so that an alarm can fire within a second of the event that
///   breaches it rather than when the period ends): when the period in progress already breaches with a
///   statistic that can only move further in the breaching direction as samples arrive — `SampleCount`,
///   `Sum` or `Maximum` with a `GreaterThan…` operator, `Minimum` with a `LessThan…` operator — the alarm
///   is also evaluated as it will be when that period completes, with the period counted as breaching,
///   and goes to `ALARM` if that evaluation does. `Sum` counts as growing only while every sample of the
///   period so far is non-negative (true of counts, the usual metric-filter values; a later negative
///   sample could undo an early `ALARM`). Early evaluation never decides `OK` or `INSUFFICIENT_DATA`:
///   those wait for complete periods. A minute's default value is published only when the minute ends
///   (``MetricFilterTally``), so it does not upset the direction.
package struct AlarmEvaluator: Sendable {
    /// The alarm evaluated.
    package let definition: AlarmDefinition

    /// An evaluator for `definition`.
    ///
    /// - Precondition: `definition` passed ``AlarmDefinition/validate()`` (at least a positive period that
    ///   is a multiple of 60 and at least one evaluation period).
    package init(definition: AlarmDefinition) {
        precondition(
            definition.period > 0 && definition.period % 60 == 0 && definition.evaluationPeriods > 0,
            "evaluate only validated alarm definitions"
        )
        self.definition = definition
    }

    /// How many periods back the evaluation looks for data: N + 2.
    package var evaluationRange: Int { definition.evaluationPeriods + 2 }

    /// The length of a period in milliseconds.
    var periodLength: Int64 { Int64(definition.period) * 1000 }

    /// The end of the newest complete period at `now` (milliseconds since 1970).
    package func latestCompletePeriodEnd(at now: Int64) -> Int64 {
        switch definition.evaluationWindow {
        case .sliding: return MetricSeries.minuteStart(containing: now)
        case .wallClock: return MetricSeries.floor(now, toMultipleOf: periodLength)
        }
    }

    /// The end of the period in progress at `now`; that period starts one period length before.
    package func inProgressPeriodEnd(at now: Int64) -> Int64 {
        switch definition.evaluationWindow {
        case .sliding: return latestCompletePeriodEnd(at: now) + MetricSeries.minute
        case .wallClock: return latestCompletePeriodEnd(at: now) + periodLength
        }
    }

    /// When the next period completes after `now`: the latest time to evaluate again when no data
    /// arrives (the periods move, and missing data may change the state).
    package func nextEvaluationTime(after now: Int64) -> Int64 {
        inProgressPeriodEnd(at: now)
    }

    /// Evaluates the alarm at `now`.
    ///
    /// - Parameters:
    ///   - minutes: The per-minute statistics of the alarm's metric, keyed by minute start.
    ///   - now: The evaluation time, milliseconds since 1970.
    ///   - previousState: The alarm's current state, kept when `treatMissingData` is `ignore` and data is
    ///     too scarce.
    package func evaluate(
        _ minutes: [Int64: MetricStatistics],
        at now: Int64,
        previousState: AlarmStateValue
    ) -> AlarmEvaluation {
        evaluate(MetricSeries(minutes), at: now, previousState: previousState)
    }

    /// Evaluates the alarm at `now`.
    ///
    /// - Parameters:
    ///   - series: The per-minute statistics of the alarm's metric.
    ///   - now: The evaluation time, milliseconds since 1970.
    ///   - previousState: The alarm's current state, kept when `treatMissingData` is `ignore` and data is
    ///     too scarce.
    package func evaluate(_ series: MetricSeries, at now: Int64, previousState: AlarmStateValue) -> AlarmEvaluation {
        let regular = decide(periods(in: series, endingAt: latestCompletePeriodEnd(at: now), inProgressUntil: nil))
        if regular.state != .alarm, let early = earlyDecision(in: series, at: now), early.state == .alarm {
            return evaluation(of: early, isEarly: true, at: now, previousState: previousState)
        }
        return evaluation(of: regular, isEarly: false, at: now, previousState: previousState)
    }

    /// The decision with the period in progress counted, when that period qualifies for an early `ALARM`.
    private func earlyDecision(in series: MetricSeries, at now: Int64) -> Decision? {
        let end = inProgressPeriodEnd(at: now)
        let dataEnd = min(end, MetricSeries.minuteStart(containing: now) + MetricSeries.minute)
        guard let partial = series.statistics(from: end - periodLength, to: dataEnd),
            canOnlyMoveTowardsBreaching(partial),
            definition.comparisonOperator.isBreaching(
                definition.statistic.value(of: partial),
                threshold: definition.threshold
            )
        else { return nil }
        return decide(periods(in: series, endingAt: end, inProgressUntil: dataEnd))
    }

    /// Whether more samples can only move the statistic of `partial` further in the breaching direction.
    private func canOnlyMoveTowardsBreaching(_ partial: MetricStatistics) -> Bool {
        let upward = definition.comparisonOperator.breachesUpward
        switch definition.statistic {
        case .sampleCount, .maximum: return upward
        case .sum: return upward && partial.minimum >= 0
        case .minimum: return !upward
        case .average: return false
        }
    }

    /// The datapoints of the evaluation range ending at `end`, newest first.
    ///
    /// - Parameter inProgressUntil: When set, the newest period is in progress and its data ends there.
    private func periods(
        in series: MetricSeries,
        endingAt end: Int64,
        inProgressUntil: Int64?
    ) -> [AlarmEvaluation.Datapoint] {
        (1...evaluationRange).map { age in
            let start = end - Int64(age) * periodLength
            let isInProgress = age == 1 && inProgressUntil != nil
            let stop = isInProgress ? inProgressUntil! : start + periodLength
            let statistics = series.statistics(from: start, to: stop)
            let value = statistics.map { definition.statistic.value(of: $0) }
            return AlarmEvaluation.Datapoint(
                timestamp: start,
                statistics: statistics,
                value: value,
                isBreaching: value.map {
                    definition.comparisonOperator.isBreaching($0, threshold: definition.threshold)
                },
                isInProgress: isInProgress,
                age: age
            )
        }
    }
}
