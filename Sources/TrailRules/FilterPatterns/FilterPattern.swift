/// A CloudWatch Logs filter pattern, parsed once and matched against log events without allocating.
///
/// The pattern's first character decides its kind:
/// - `{` — a JSON pattern (``JSONFilter``): conditions on property selectors, `&&`, `||`, parentheses;
/// - `[` — a space-delimited pattern (``SpaceDelimitedFilter``);
/// - anything else — unstructured terms (``TermPattern``): words, quoted phrases, `?` alternatives,
///   `-` exclusions and `%regex%`.
///
/// The empty pattern (or one of only whitespace) matches every event, as it does in CloudWatch Logs; a blank
/// quoted phrase (`" "`) alone does too. Anything the parser does not support is refused with a
/// ``FilterPatternError`` naming the position and the problem; nothing degrades to matching everything.
///
/// Two patterns are equal when their texts are.
package struct FilterPattern: Sendable, Hashable {
    /// CloudWatch Logs' limit on a filter pattern's length.
    package static let maximumLength = 1024

    /// Which syntax a pattern uses.
    package enum Kind: Sendable, Hashable {
        /// The empty pattern, or a lone blank phrase: every event matches.
        case everything
        /// Unstructured terms.
        case terms
        /// A JSON pattern in `{ }`.
        case json
        /// A space-delimited pattern in `[ ]`.
        case spaceDelimited
    }

    /// The compiled pattern.
    enum Body: Sendable {
        case everything
        case terms(TermPattern)
        case json(JSONFilter)
        case spaceDelimited(SpaceDelimitedFilter)
    }

    /// The pattern as written.
    package let text: String
    let body: Body
    /// The compiled JSON pattern, kept apart from ``body`` so that matching does not copy the enum.
    private let jsonFilter: JSONFilter?

    /// Parses a filter pattern.
    ///
    /// - Parameter text: the pattern, at most 1024 characters.
    /// - Throws: ``FilterPatternError`` with code ``FilterPatternError/Code/invalidFilterPattern`` when the text
    ///   is not a valid pattern of the supported syntax.
    package init(_ text: String) throws(FilterPatternError) {
        self.text = text
        if text.unicodeScalars.count > Self.maximumLength {
            throw FilterPatternError(
                .invalidFilterPattern,
                "a filter pattern is at most \(Self.maximumLength) characters long",
                position: Self.maximumLength
            )
        }
        var scanner = PatternScanner(text)
        scanner.skipWhitespace()
        let body: Body
        switch scanner.peek() {
        case nil:
            body = .everything
        case UInt8(ascii: "{"):
            body = .json(try JSONFilter.parse(&scanner))
        case UInt8(ascii: "["):
            body = .spaceDelimited(try SpaceDelimitedFilter.parse(&scanner))
        default:
            if let terms = try TermPattern.parse(&scanner) {
                body = .terms(terms)
            } else {
                body = .everything
            }
        }
        self.body = body
        if case .json(let filter) = body { jsonFilter = filter } else { jsonFilter = nil }
    }

    /// The pattern's syntax.
    package var kind: Kind {
        switch body {
        case .everything: .everything
        case .terms: .terms
        case .json: .json
        case .spaceDelimited: .spaceDelimited
        }
    }

    /// Whether this is a JSON pattern.
    package var isJSON: Bool { kind == .json }
    /// Whether this is a space-delimited pattern.
    package var isSpaceDelimited: Bool { kind == .spaceDelimited }
    /// Whether this pattern matches every event.
    package var matchesEverything: Bool { kind == .everything }

    /// Whether a log event matches the pattern.
    ///
    /// JSON patterns read the event's flattened view and never match an event whose message is not a JSON
    /// object; the other kinds read the message bytes.
    package func matches(_ event: LogEventView) -> Bool {
        if let jsonFilter {
            guard event.json != nil else { return false }
            return jsonFilter.matches(event.json!)
        }
        switch body {
        case .everything:
            return true
        case .json(let filter):
            guard event.json != nil else { return false }
            return filter.matches(event.json!)
        case .terms(let terms):
            return terms.matches(event.message)
        case .spaceDelimited(let filter):
            return filter.matches(event.message)
        }
    }

    /// Whether a flattened JSON event matches a JSON pattern (`false` for the other kinds, which read the
    /// message).
    package func matches(json flat: FlatJSON) -> Bool {
        switch body {
        case .everything: true
        case .json(let filter): filter.matches(flat)
        case .terms, .spaceDelimited: false
        }
    }

    package static func == (a: Self, b: Self) -> Bool { a.text == b.text }
    package func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
