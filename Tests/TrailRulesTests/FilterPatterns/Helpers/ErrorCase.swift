import Testing

/// One row of an error table: a pattern, where the error is and what it says.
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let pattern: String
    let position: Int?
    let reason: String

    init(_ pattern: String, _ position: Int?, _ reason: String) {
        self.pattern = pattern
        self.position = position
        self.reason = reason
    }

    var testDescription: String { pattern }
}
