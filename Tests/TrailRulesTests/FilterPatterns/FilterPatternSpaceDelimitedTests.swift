import Testing
import TrailRules

/// Space-delimited patterns, on the Apache log lines and the ERROR/WARN lines of CloudWatch Logs' examples.
@Suite struct FilterPatternSpaceDelimitedTests {
    static let ok = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534"#
    static let failed = #"127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] "GET /apache_pb.gif HTTP/1.0" 500 5324"#
    static let missing = #"127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534"#
    static let forbidden = #"10.0.0.9 - anna [10/Oct/2000:13:50:35 -0700] "GET /admin.html HTTP/1.0" 403 4355"#
    static let all = "[ip, user, username, timestamp, request, status_code, bytes]"

    static let cases: [MatchCase] = [
        MatchCase(all, ok, true),
        MatchCase(all, "a b c d e f", false),
        MatchCase(all, "a b c d e f g h", false),
        MatchCase("[ip, user, username, timestamp, request, status_code, bytes > 5000]", failed, true),
        MatchCase("[ip, user, username, timestamp, request, status_code, bytes > 5000]", ok, false),
        MatchCase("[ip, user, username, timestamp, request, status_code = 200, bytes]", ok, true),
        MatchCase("[ip, user, username, timestamp, request, status_code = 200, bytes]", failed, false),
        MatchCase("[ip, user, username, timestamp, request, status_code = 4*, bytes]", missing, true),
        MatchCase("[ip, user, username, timestamp, request, status_code = 4*, bytes]", ok, false),
        MatchCase("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", missing, true),
        MatchCase("[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]", ok, false),
        MatchCase(#"[ip, user, username, timestamp = "10/Oct/2000:13:25:15 -0700", ...]"#, ok, true),
        MatchCase(#"[ip, user, username, timestamp, request = "GET /apache_pb.gif HTTP/1.0", ...]"#, ok, true),
        MatchCase(
            "[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
            missing,
            true
        ),
        MatchCase(
            "[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]",
            forbidden,
            false
        ),
        MatchCase(
            "[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]",
            missing,
            true
        ),
        MatchCase(
            "[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]",
            forbidden,
            true
        ),
        MatchCase("[ip, user, username, timestamp, request, status_code = 403 || status_code = 404, bytes]", ok, false),
        MatchCase(
            "[ip, user, username, timestamp, request, (status_code >= 400 && status_code < 500), bytes]",
            forbidden,
            true
        ),
        MatchCase(
            "[ip, user, username, timestamp, request, (status_code >= 400 && status_code < 500), bytes]",
            failed,
            false
        ),
        // Ellipsis.
        MatchCase("[..., status_code, bytes]", ok, true),
        MatchCase("[..., status_code = 500, bytes]", failed, true),
        MatchCase("[..., status_code = 500, bytes]", ok, false),
        MatchCase("[ip, user, ..., status_code, bytes]", ok, true),
        MatchCase("[ip = 10.*, user, ...]", forbidden, true),
        MatchCase("[ip = 10.*, user, ...]", ok, false),
        MatchCase("[..., request = *.html*, status_code = 4*,]", missing, true),
        MatchCase("[..., request = *.html*, status_code = 4*,]", ok, false),
        MatchCase("[a, b, c, ..., x, y, z]", "a b c y z", false),
        MatchCase("[a, b, ..., y, z]", "a b y z", true),
        MatchCase("[...]", "", true),
        // Unnamed entries.
        MatchCase("[,, username = frank, ...]", ok, true),
        MatchCase("[,, username = anna, ...]", ok, false),
        // ERROR / WARN lines.
        MatchCase("[w1=ERROR, w2]", "ERROR message", true),
        MatchCase("[w1=ERROR, w2]", "ERROR WARN message", false),
        MatchCase("[w1=ERROR, w2]", "WARN message", false),
        MatchCase("[w1=ERROR || w1=WARN, w2]", "ERROR message", true),
        MatchCase("[w1=ERROR || w1=WARN, w2]", "WARN message", true),
        MatchCase("[w1=ERROR || w1=WARN, w2]", "INFO message", false),
        MatchCase("[w1!=ERROR&&w1!=WARN, w2]", "INFO message", true),
        MatchCase("[w1!=ERROR&&w1!=WARN, w2]", "WARN message", false),
        // Numbers: numeric comparisons read the field as a decimal number.
        MatchCase("[level, ms > 1.5]", "slow 2.25", true),
        MatchCase("[level, ms > 1.5]", "slow 1.5", false),
        MatchCase("[level, ms > 1.5]", "slow fast", false),
        MatchCase("[level, ms = 2]", "slow 2.0", true),
        MatchCase("[level, ms != 2]", "slow two", true),
        MatchCase("[level, ms > 1]", "slow 1e3", false),
        // Regular expressions and quoted values.
        MatchCase("[ip, user, username = %^fr%, ...]", ok, true),
        MatchCase("[ip, user, username = %^fr%, ...]", forbidden, false),
        MatchCase("[ip, user, username != %^fr%, ...]", forbidden, true),
        MatchCase(#"[a = "x y", b]"#, #""x y" z"#, true),
        MatchCase("[a, b]", "  spaced\tout  ", true),
        MatchCase("[a, b]", "[unclosed bracket", false),
        MatchCase("[a]", "[unclosed bracket", true),
    ]

    @Test(arguments: cases)
    func matching(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message)) == row.matches)
    }
}
