/// An error that answers a CloudWatch (monitoring) API call, named after the error code a client expects.
///
/// CloudWatch speaks the AWS query protocol; its error codes are not the `…Exception` shape names of the
/// botocore model but the `error.code` values behind them (`InvalidParameterValue` for
/// `InvalidParameterValueException`, `MissingParameter` for `MissingRequiredParameterException`), plus the
/// protocol's own `ValidationError`, which CloudWatch answers for violated member constraints
/// ("1 validation error detected: …") and for rules such as "DatapointsToAlarm must be less than or equal to
/// EvaluationPeriods". Two errors are equal when their codes are.
package struct CloudWatchError: Error, Hashable, CustomStringConvertible {
    /// The error code of a CloudWatch error, as the query protocol sends it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case validationError
            case invalidParameterValue
            case invalidParameterCombination
            case missingParameter
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// `ValidationError`: a member violates its model constraint, or a rule between members.
        package static let validationError = Code(.validationError)
        /// `InvalidParameterValue`: the value of a parameter is bad or out of range.
        package static let invalidParameterValue = Code(.invalidParameterValue)
        /// `InvalidParameterCombination`: parameters were used together that cannot be used together.
        package static let invalidParameterCombination = Code(.invalidParameterCombination)
        /// `MissingParameter`: a required parameter is missing.
        package static let missingParameter = Code(.missingParameter)

        /// The code as the query protocol spells it, e.g. `InvalidParameterValue`.
        package var name: String {
            switch base {
            case .validationError: return "ValidationError"
            case .invalidParameterValue: return "InvalidParameterValue"
            case .invalidParameterCombination: return "InvalidParameterCombination"
            case .missingParameter: return "MissingParameter"
            }
        }

        /// The HTTP status CloudWatch answers with: 400 for every one of these sender faults.
        package var httpStatus: Int { 400 }

        /// The code's name, e.g. `ValidationError`.
        package var description: String { name }
    }

    /// What kind of error this is.
    package let code: Code
    /// The message sent to the client.
    package let reason: String
    /// Where the error was created, `file:line`, for logs only.
    package let location: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of error.
    ///   - reason: The message sent to the client.
    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// A `ValidationError` listing violated member constraints the way the query protocol words them:
    /// `2 validation errors detected: Value '0' at 'period' failed to satisfy constraint: …; Value …`.
    ///
    /// - Parameter violations: One sentence per violated constraint, in member order.
    package static func constraintViolations(
        _ violations: [String],
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        let count = violations.count
        let head = "\(count) validation error\(count == 1 ? "" : "s") detected: "
        return Self(.validationError, head + violations.joined(separator: "; "), file: file, line: line)
    }

    /// One constraint sentence: `Value '<value>' at '<member>' failed to satisfy constraint: <constraint>`.
    ///
    /// - Parameters:
    ///   - value: The offending value as sent.
    ///   - member: The member path in lower camel case, e.g. `evaluationPeriods`.
    ///   - constraint: The constraint, e.g. `Member must have value greater than or equal to 1`.
    package static func violation(value: String, member: String, constraint: String) -> String {
        "Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)"
    }

    /// A `ValidationError` for a value outside an enumeration of the model.
    ///
    /// - Parameters:
    ///   - value: The value sent.
    ///   - member: The member path in lower camel case, e.g. `statistic`.
    ///   - allowed: The values the model allows, in model order.
    package static func notInEnumeration(
        _ value: String,
        member: String,
        allowed: [String],
        file: String = #fileID,
        line: Int = #line
    ) -> Self {
        let constraint = "Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
        return constraintViolations(
            [violation(value: value, member: member, constraint: constraint)],
            file: file,
            line: line
        )
    }

    /// Compares codes only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `CloudWatchError.<code>: <reason> (<file>:<line>)`.
    package var description: String { "CloudWatchError.\(code): \(reason) (\(location))" }
}
