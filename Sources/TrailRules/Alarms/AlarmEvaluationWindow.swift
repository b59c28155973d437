/// Where the boundaries of an alarm's periods fall (PutMetricAlarm's `EvaluationWindow`).
package enum AlarmEvaluationWindow: String, Sendable, Hashable, Codable, CaseIterable {
    /// CloudWatch's default: the window advances each time the alarm is evaluated, and alarms with a
    /// period of a minute or more are evaluated every minute, so the periods end at the latest whole minute
    /// (at 10:07:30 a 5-minute alarm's latest period is 10:02–10:07, the one before 09:57–10:02).
    case sliding = "SlidingWindow"
    /// The periods are aligned to the clock: they start at multiples of the period since 1970-01-01 UTC
    /// (for a period that divides a day: at the top of the hour, at midnight UTC, …). CloudWatch's
    /// wall-clock window can also align to a time zone and to calendar weeks; that is not supported.
    case wallClock = "WallClockWindow"
}
