import Testing
import TrailRules

/// CloudWatch Logs' regular expression subset, used as a whole pattern.
@Suite struct FilterRegexTests {
    static let cases: [MatchCase] = [
        MatchCase("%^[hc]at%", "hat trick", true),
        MatchCase("%^[hc]at%", "cat", true),
        MatchCase("%^[hc]at%", "that", false),
        MatchCase("%[hc]at$%", "that", true),
        MatchCase("%[hc]at$%", "hats", false),
        MatchCase("%^cat$%", "cat", true),
        MatchCase("%^cat$%", "cats", false),
        MatchCase("%colou?r%", "color", true),
        MatchCase("%colou?r%", "colour", true),
        MatchCase("%colou?r%", "colr", false),
        MatchCase("%[abc]%", "xbx", true),
        MatchCase("%[abcx-z]%", "y", true),
        MatchCase("%[abcx-z]%", "w", false),
        MatchCase("%[^0-9]%", "123", false),
        MatchCase("%[^0-9]%", "12a", true),
        MatchCase("%^a{3,5}$%", "aa", false),
        MatchCase("%^a{3,5}$%", "aaa", true),
        MatchCase("%^a{3,5}$%", "aaaaa", true),
        MatchCase("%^a{3,5}$%", "aaaaaa", false),
        MatchCase("%^a{2}$%", "aa", true),
        MatchCase("%^a{2,}$%", "aaaaaaa", true),
        MatchCase("%^a{2,}$%", "a", false),
        MatchCase("%^a{0, 2}b$%", "aab", true),
        MatchCase("%gray|grey%", "grey", true),
        MatchCase("%gray|grey%", "gray", true),
        MatchCase("%gray|grey%", "green", false),
        MatchCase("%[Ee]rror|[Ff]ail%", "Fail", true),
        MatchCase("%[Ee]rror|[Ff]ail%", "an error", true),
        MatchCase("%[Ee]rror|[Ff]ail%", "ok", false),
        MatchCase("%^ERROR|WARN$%", "ERROR at start", true),
        MatchCase("%^ERROR|WARN$%", "ends with WARN", true),
        MatchCase("%^ERROR|WARN$%", "WARN then ERROR", false),
        MatchCase(#"%10\.10\.0\.1%"#, "ip 10.10.0.1 here", true),
        MatchCase(#"%10\.10\.0\.1%"#, "10a10b0c1", false),
        MatchCase(#"%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}%"#, "from 192.168.0.1", true),
        MatchCase(#"%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}%"#, "from 192.168.0", false),
        MatchCase(#"%^\D+$%"#, "no digits", true),
        MatchCase(#"%^\D+$%"#, "digit 1", false),
        MatchCase(#"%\w+@\w+\.com%"#, "mail j_doe@example.com", true),
        MatchCase(#"%^\W%"#, "#tag", true),
        MatchCase(#"%^\W%"#, "tag", false),
        MatchCase(#"%a\sb%"#, "a\tb", true),
        MatchCase(#"%a\Sb%"#, "a b", false),
        MatchCase("%a.c%", "abc", true),
        MatchCase("%a.c%", "a\nc", false),
        MatchCase("%ab*c%", "ac", true),
        MatchCase("%ab+c%", "ac", false),
        MatchCase("%ab+c%", "abbbc", true),
        MatchCase(#"%\[ERROR\]%"#, "[ERROR] x", true),
        MatchCase(#"%[.]%"#, "a.b", true),
        MatchCase(#"%[.]%"#, "ab", false),
        MatchCase("%key=value;%", "a key=value; b", true),
        MatchCase("%bind: address%", "bind: address already in use", true),
        MatchCase("%AUTHORIZED%", "", false),
        MatchCase("%x*%", "", true),
    ]

    @Test(arguments: cases)
    func matching(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message)) == row.matches)
    }

    @Test func matchingTakesLinearTime() throws {
        // A pattern that makes backtracking engines explode.
        let pattern = try FilterPattern("%^a*a*a*a*a*a*a*a*a*a*b$%")
        let message = String(repeating: "a", count: 20_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(!pattern.matches(logEvent(message))) }
        #expect(elapsed < .seconds(2))
    }
}
