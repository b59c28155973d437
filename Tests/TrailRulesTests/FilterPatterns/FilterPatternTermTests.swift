import Testing
import TrailRules

/// Unstructured terms, quoted phrases, `?` alternatives and `-` exclusions, on the messages of CloudWatch
/// Logs' "Filter pattern syntax" examples.
@Suite struct FilterPatternTermTests {
    static let fatal = "[ERROR] A fatal exception has occurred"
    static let exiting = "Exiting with ERRORCODE: -1"
    static let caught = "[ERROR] Caught IllegalArgumentException"
    static let both = "ERROR WARN message"
    static let error = "ERROR message"
    static let warn = "WARN message"

    static let cases: [MatchCase] = [
        // A term is a case-sensitive substring of the message.
        MatchCase("ERROR", fatal, true),
        MatchCase("ERROR", exiting, true),
        MatchCase("error", fatal, false),
        MatchCase("Exception", caught, true),
        MatchCase("404", "GET /x 404 12ms", true),
        MatchCase("under_score", "an under_score here", true),
        // Every plain term must occur.
        MatchCase("ERROR Exception", caught, true),
        MatchCase("ERROR Exception", fatal, false),
        MatchCase("ERROR WARN", both, true),
        MatchCase("ERROR WARN", error, false),
        // Exclusions.
        MatchCase("ERROR -Exiting", exiting, false),
        MatchCase("ERROR -Exiting", fatal, true),
        MatchCase(#""ERROR" - "Exiting""#, exiting, false),
        MatchCase(#""ERROR" - "Exiting""#, fatal, true),
        MatchCase("ERROR -WARN", both, false),
        MatchCase("ERROR -WARN", error, true),
        MatchCase("-ERROR", warn, true),
        MatchCase("-ERROR", error, false),
        // `?` alternatives: any one of them.
        MatchCase("?ERROR ?WARN", both, true),
        MatchCase("?ERROR ?WARN", error, true),
        MatchCase("?ERROR ?WARN", warn, true),
        MatchCase("?ERROR ?WARN", "INFO message", false),
        MatchCase(#"?"clean up" ?xyz"#, "map clean up", true),
        MatchCase(#"?"clean up" ?xyz"#, "map is cleaned up", false),
        // `?` terms next to plain or `-` terms are ignored.
        MatchCase("ERROR ?WARN", error, true),
        MatchCase("ERROR ?WARN", warn, false),
        MatchCase("?ERROR -WARN", "INFO message", true),
        MatchCase("?ERROR -WARN", warn, false),
        MatchCase("?ERROR -WARN", both, false),
        // Quoted phrases are exact substrings.
        MatchCase(#""Failed to process the request""#, "[WARN] Failed to process the request", true),
        MatchCase(
            #""Failed to process the request""#,
            "[ERROR] Unable to continue: Failed to process the request",
            true
        ),
        MatchCase(#""Failed to process the request""#, "Failed to process a request", false),
        MatchCase(#""ERROR][grpc""#, "2025-03-28 [ERROR][grpc] failed", true),
        MatchCase(#""ERROR][grpc""#, "[ERROR] [grpc]", false),
        MatchCase(##""#Cloud" "#watch""##, "#Cloud #watch", true),
        MatchCase(#""say \"hi\"""#, #"they say "hi" twice"#, true),
        MatchCase(#""C:\\temp""#, #"path C:\temp"#, true),
        MatchCase(#""{""#, #"{"hello" : "world"}"#, true),
        // Regular expressions as terms.
        MatchCase("%AUTHORIZED%", "[ERROR 401] UNAUTHORIZED REQUEST", true),
        MatchCase("%AUTHORIZED%", "[SUCCESS 200] AUTHORIZED REQUEST", true),
        MatchCase("%AUTHORIZED%", "[SUCCESS 200] OK", false),
        MatchCase("%^\\[ERROR% -Caught", fatal, true),
        MatchCase("%^\\[ERROR% -Caught", caught, false),
        MatchCase("?%WARN$% ?%^INFO%", "INFO started", true),
        MatchCase("?%WARN$% ?%^INFO%", "a WARN", true),
        MatchCase("?%WARN$% ?%^INFO%", "WARN here", false),
        // Everything.
        MatchCase("", fatal, true),
        MatchCase("   ", "", true),
        MatchCase(#"" ""#, fatal, true),
        MatchCase(#"" ""#, "", true),
        MatchCase(#""""#, "x", true),
    ]

    @Test(arguments: cases)
    func matching(_ row: MatchCase) throws {
        let pattern = try FilterPattern(row.pattern)
        #expect(pattern.matches(logEvent(row.message)) == row.matches)
    }

    @Test func termsMatchTheRawTextOfJSONMessages() throws {
        let pattern = try FilterPattern(#"ConsoleLogin "\"MFAUsed\":\"No\"""#)
        #expect(pattern.matches(logEvent(#"{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"}}"#)))
        #expect(!pattern.matches(logEvent(#"{"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"Yes"}}"#)))
    }

    @Test func kinds() throws {
        #expect(try FilterPattern("").kind == .everything)
        #expect(try FilterPattern(#"" ""#).matchesEverything)
        #expect(try FilterPattern("ERROR").kind == .terms)
        #expect(try FilterPattern("%x%").kind == .terms)
        #expect(try FilterPattern(" { $.a = 1 } ").isJSON)
        #expect(try FilterPattern(" [a, b] ").isSpaceDelimited)
    }

    @Test func patternsAreEqualByText() throws {
        #expect(try FilterPattern("ERROR") == FilterPattern("ERROR"))
        #expect(try FilterPattern("ERROR") != FilterPattern("ERROR "))
        #expect(Set([try FilterPattern("a"), try FilterPattern("a"), try FilterPattern("b")]).count == 2)
    }
}
