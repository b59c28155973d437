/// Why an event pattern was rejected, in EventBridge's words.
///
/// `PutRule` and `TestEventPattern` answer an invalid pattern with `InvalidEventPatternException` and the
/// message ``description`` (`Event pattern is not valid. Reason: ...`); the reasons are event-ruler's, the
/// library EventBridge matches with. A pattern longer than the API's `EventPattern` shape allows is a
/// `ValidationException` instead (``Code-swift.struct/tooLong``).
package struct EventPatternError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of rejection this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidPattern, tooLong
        }

        private let base: Base

        /// The pattern is not valid JSON or not a valid pattern (`InvalidEventPatternException`).
        package static let invalidPattern = Code(base: .invalidPattern)
        /// The pattern is longer than 4096 characters (`ValidationException`).
        package static let tooLong = Code(base: .tooLong)

        package var description: String { "\(base)" }
    }

    /// The kind of rejection.
    package let code: Code
    /// EventBridge's reason, as it follows `Reason: ` (event-ruler's message, with Jackson's location
    /// `\n at [Source: ...; line: L, column: C]` when event-ruler reports one).
    package let reason: String
    /// Where in OpenTrail the error was raised.
    let location: String

    /// An invalid pattern.
    ///
    /// - Parameter reason: the text after `Reason: `.
    package static func invalidPattern(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(code: .invalidPattern, reason: reason, location: "\(file):\(line)")
    }

    /// A pattern longer than `limit` characters.
    package static func tooLong(limit: Int, file: String = #fileID, line: Int = #line) -> Self {
        Self(
            code: .tooLong,
            reason: "1 validation error detected: Value at 'eventPattern' failed to satisfy constraint: "
                + "Member must have length less than or equal to \(limit)",
            location: "\(file):\(line)"
        )
    }

    package static func == (a: Self, b: Self) -> Bool { a.code == b.code }

    package func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// The message EventBridge sends: `Event pattern is not valid. Reason: <reason>` for an invalid pattern,
    /// the validation message for a pattern that is too long.
    package var description: String {
        code == .tooLong ? reason : "Event pattern is not valid. Reason: \(reason)"
    }
}
