/// Why `validate-logs` could not run at all (as opposed to a file it found invalid, which is a
/// ``ValidationProblem`` in the report).
///
/// The ``reason`` is the message the AWS CLI prints for the same failure where it has one
/// (`Invalid trail ARN provided: …`, `Unable to parse date value: …`); two errors are equal when their
/// codes are.
package struct LogValidationError: Error, Hashable, CustomStringConvertible {
    /// The kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidTrailARN
            case invalidDate
            case invalidTimeRange
            case trailNotFound
            case noPublicKeys
            case invalidInput
            case sourceFailure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The trail ARN does not look like `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`.
        package static let invalidTrailARN = Code(.invalidTrailARN)
        /// A start or end time could not be read.
        package static let invalidDate = Code(.invalidDate)
        /// The start time is after the end time.
        package static let invalidTimeRange = Code(.invalidTimeRange)
        /// No trail with the ARN was found (DescribeTrails).
        package static let trailNotFound = Code(.trailNotFound)
        /// No public key was found for the range, so no digest can be checked.
        package static let noPublicKeys = Code(.noPublicKeys)
        /// A public key file, digest index or other input is malformed.
        package static let invalidInput = Code(.invalidInput)
        /// The store could not be read (other than a missing object): the run cannot go on.
        package static let sourceFailure = Code(.sourceFailure)

        /// The code's name, for example `invalidDate`.
        package var description: String { "\(base)" }
    }

    /// The kind of failure.
    package let code: Code
    /// The message for people, as the AWS CLI words it where it has one.
    package let reason: String
    /// Where the error was created, `file:line`.
    package let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of failure.
    ///   - reason: The message for people.
    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// `Invalid trail ARN provided: <arn>`.
    package static func invalidTrailARN(_ arn: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidTrailARN, "Invalid trail ARN provided: \(arn)", file: file, line: line)
    }

    /// `Unable to parse date value: <text>`.
    package static func invalidDate(_ text: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidDate, "Unable to parse date value: \(text)", file: file, line: line)
    }

    /// Compares codes only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `LogValidationError.<code>: <reason> (<file>:<line>)`.
    package var description: String { "LogValidationError.\(code): \(reason) (\(location))" }
}
