/// Why a metric filter pattern or a metric value was refused.
///
/// CloudWatch Logs answers `PutMetricFilter` with an `InvalidParameterException` ("Invalid metric filter
/// pattern", "Invalid metric value"); the ``code`` says which of the two this is, the ``reason`` names the
/// problem and ``position`` the character where it was found. Two errors are equal when their codes are.
package struct FilterPatternError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What was refused.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidFilterPattern
            case invalidMetricValue
        }

        private let base: Base

        /// The filter pattern is not valid.
        package static let invalidFilterPattern = Code(base: .invalidFilterPattern)
        /// The metric value is not valid for its filter pattern.
        package static let invalidMetricValue = Code(base: .invalidMetricValue)

        /// The AWS exception CloudWatch Logs raises for it.
        package var exceptionName: String { "InvalidParameterException" }

        /// The start of the message: `Invalid filter pattern` or `Invalid metric value`.
        package var summary: String {
            switch base {
            case .invalidFilterPattern: "Invalid filter pattern"
            case .invalidMetricValue: "Invalid metric value"
            }
        }

        package var description: String { "\(base)" }
    }

    /// Which text was refused.
    package let code: Code
    /// The problem, e.g. `expected a value after '='`.
    package let reason: String
    /// The 0-based character offset in the refused text where the problem was found, if one place is to blame.
    package let position: Int?
    /// Where the error was raised, for logs only.
    package let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: which text was refused.
    ///   - reason: the problem, lower case, without a final period.
    ///   - position: the 0-based character offset of the problem, or `nil`.
    package init(_ code: Code, _ reason: String, position: Int?, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.position = position
        self.location = "\(file):\(line)"
    }

    /// The message for the client, e.g. `Invalid filter pattern at position 12: expected a value after '='`.
    package var message: String {
        if let position { return "\(code.summary) at position \(position): \(reason)" }
        return "\(code.summary): \(reason)"
    }

    package static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
    package var description: String { message }
}
