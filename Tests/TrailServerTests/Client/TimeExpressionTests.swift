import Foundation
import Testing
import TrailServer

@Suite struct TimeExpressionTests {
    /// 2026-11-20T13:00:00Z.
    let now = Date(timeIntervalSince1970: 1_795_179_600)

    @Test(arguments: [
        ("2026-11-20T13:00:00Z", Int64(1_795_179_600_000)),
        ("2026-11-20T14:30:00.250+01:30", 1_795_179_600_250),
        ("2026-11-20", 1_795_132_800_000),
        ("1795179600", 1_795_179_600_000),
        ("1795179600.5", 1_795_179_600_500),
        (" 2026-11-20T13:00:00Z ", 1_795_179_600_000),
    ])
    func absoluteTimes(text: String, milliseconds: Int64) throws {
        let expression = try #require(TimeExpression(parsing: text))
        #expect(expression == .absolute(milliseconds: milliseconds))
        #expect(expression.milliseconds(now: now) == milliseconds)
    }

    @Test(arguments: [
        ("30s", Int64(30)),
        ("15m", 900),
        ("2h", 7200),
        ("7d", 604_800),
        ("1w", 604_800),
        ("1h30m", 5400),
        ("2H", 7200),
        ("0m", 0),
        ("now", 0),
        ("NOW", 0),
    ])
    func agesCountBackFromNow(text: String, seconds: Int64) throws {
        let expression = try #require(TimeExpression(parsing: text))
        #expect(expression == .ago(seconds: seconds))
        #expect(expression.milliseconds(now: now) == 1_795_179_600_000 - seconds * 1000)
    }

    @Test(arguments: [
        "", "   ", "yesterday", "15x", "m", "1h30", "-5m", "1.5h", "2026-13-01", "2026-11-20T25:00:00Z",
        "99999999999999999999d", "999999999999999d", "1e9", "12:00",
    ])
    func rejectsWhatItCannotRead(text: String) {
        #expect(TimeExpression(parsing: text) == nil)
    }

    @Test func anAgeIsResolvedWhenUsedAndAnInstantIsNot() throws {
        // Given a parsed age and a parsed instant
        let age = try #require(TimeExpression(parsing: "1h"))
        let instant = try #require(TimeExpression(parsing: "2026-11-20T13:00:00Z"))
        let later = now.addingTimeInterval(600)

        // Then the age moves with the clock, the instant does not
        #expect(age.milliseconds(now: later) - age.milliseconds(now: now) == 600_000)
        #expect(instant.milliseconds(now: later) == instant.milliseconds(now: now))
        #expect(age.date(now: now) == Date(timeIntervalSince1970: 1_795_176_000))
    }
}
