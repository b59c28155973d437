/// A compiled pattern of unstructured terms (`ERROR -Exiting`, `?ERROR ?WARN`, `"Failed to process"`,
/// `%AUTHORIZED%`).
///
/// Each term is a case-sensitive substring of the message: CloudWatch Logs' `ERROR` matches
/// `Exiting with ERRORCODE: -1`. A quoted phrase is one term; a `%regex%` term is found anywhere in the message.
/// Plain terms must all occur and `-` terms must not. `?` terms make the pattern match when any of them occurs,
/// but only when the pattern has no plain or `-` term: CloudWatch Logs ignores `?` terms combined with others.
struct TermPattern: Sendable {
    /// How a term is looked for.
    enum Matcher: Sendable {
        case phrase([UInt8])
        case regex(FilterRegex)

        func occurs(in message: [UInt8]) -> Bool {
            switch self {
            case .phrase(let phrase):
                message.withUnsafeBufferPointer { text in
                    phrase.withUnsafeBufferPointer { ByteSearch.contains(text, $0) }
                }
            case .regex(let regex): regex.isFound(in: message[...])
            }
        }
    }

    /// Terms that must all occur.
    let required: [Matcher]
    /// Terms that must not occur.
    let excluded: [Matcher]
    /// Terms of which one must occur, when there are no others.
    let optional: [Matcher]

    /// Whether the message satisfies the terms.
    func matches(_ message: [UInt8]) -> Bool {
        if required.isEmpty && excluded.isEmpty {
            return optional.contains { $0.occurs(in: message) }
        }
        return required.allSatisfy { $0.occurs(in: message) } && !excluded.contains { $0.occurs(in: message) }
    }
}

extension TermPattern {
    /// Parses a pattern of terms; returns `nil` for a pattern that matches every event (a lone blank phrase
    /// such as `" "`, as CloudWatch Logs documents).
    ///
    /// Unquoted terms may only contain letters, digits and `_`: CloudWatch Logs requires double quotes around
    /// terms with other characters.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> TermPattern? {
        var required: [Matcher] = []
        var excluded: [Matcher] = []
        var optional: [Matcher] = []
        var blankPhraseAt: Int?
        var termCount = 0
        while true {
            scanner.skipWhitespace()
            guard let first = scanner.peek() else { break }
            let termStart = scanner.index
            var kind = 0  // 0 required, 1 excluded, 2 optional
            if first == UInt8(ascii: "-") || first == UInt8(ascii: "?") {
                kind = first == UInt8(ascii: "-") ? 1 : 2
                scanner.index += 1
                scanner.skipWhitespace()
                guard let next = scanner.peek() else {
                    throw scanner.error(
                        "'\(Character(Unicode.Scalar(first)))' must be followed by a term",
                        at: termStart
                    )
                }
                if next == UInt8(ascii: "-") || next == UInt8(ascii: "?") {
                    throw scanner.error("'\(Character(Unicode.Scalar(first)))' must be followed by a term")
                }
            }
            let matcher: Matcher
            let valueStart = scanner.index
            switch scanner.peek() {
            case UInt8(ascii: "\""):
                let phrase = try scanner.readQuoted()
                if phrase.allSatisfy(PatternScanner.isWhitespace) { blankPhraseAt = valueStart }
                matcher = .phrase(phrase)
            case UInt8(ascii: "%"):
                matcher = .regex(try scanner.readRegex())
            default:
                while let byte = scanner.peek(), !PatternScanner.isWhitespace(byte) {
                    guard PatternScanner.isLetterOrDigit(byte) || byte == UInt8(ascii: "_") else {
                        throw scanner.error(
                            "\(scanner.describe(at: scanner.index)) is not allowed in an unquoted term; terms with characters other than letters, digits and '_' must be in double quotes"
                        )
                    }
                    scanner.index += 1
                }
                matcher = .phrase(Array(scanner.bytes[valueStart..<scanner.index]))
            }
            if let next = scanner.peek(), !PatternScanner.isWhitespace(next) {
                throw scanner.error("expected a space between terms")
            }
            termCount += 1
            switch kind {
            case 1: excluded.append(matcher)
            case 2: optional.append(matcher)
            default: required.append(matcher)
            }
        }
        if let blankPhraseAt {
            guard termCount == 1, required.count == 1 else {
                throw scanner.error(
                    "a blank quoted phrase matches every event and can only be the whole pattern",
                    at: blankPhraseAt
                )
            }
            return nil
        }
        return TermPattern(required: required, excluded: excluded, optional: optional)
    }
}
