import Testing

/// One row of a matching table: a pattern, a log message and whether the message must match.
struct MatchCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let message: String
    let matches: Bool

    init(_ pattern: String, _ message: String, _ matches: Bool) {
        self.pattern = pattern
        self.message = message
        self.matches = matches
    }

    var testDescription: String { "\(pattern) on \(message.prefix(60)) → \(matches)" }
}
