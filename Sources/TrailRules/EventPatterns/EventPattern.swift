import TrailModel

/// One validated EventBridge event pattern.
///
/// The language is EventBridge's (event-ruler's, whose README is the reference): literal values,
/// `prefix`, `suffix`, `equals-ignore-case` (alone and inside `prefix` / `suffix`), `anything-but` in all
/// its forms, `numeric`, `cidr`, `exists`, `wildcard` and `$or`, over nested objects; an event array
/// matches when one of its elements does, and fields matched inside one array of objects must come from
/// the same element (array consistency).
///
/// Fields are matched on leaf values only (strings, numbers, `true`, `false`, `null`), as EventBridge's
/// guide says of `exists`: a field whose value is an object or an empty array has no value of its own, so
/// `{"exists": true}` does not match it and `{"exists": false}` does (`{"detail": [{"exists": true}]}`
/// never matches an envelope, whose `detail` is an object).
///
/// Match many patterns against one event with ``EventPatternMatcher``; ``matches(_:)`` checks one
/// pattern directly and is the reference the matcher is tested against.
package struct EventPattern: Sendable, Hashable {
    /// The longest pattern the API accepts (the `EventPattern` shape of the events service model).
    package static let maximumLength = 4096

    /// The pattern as written.
    package let json: String
    /// The alternatives the pattern matches (one per combination of `$or` branches; a single one without
    /// `$or`), each a list of fields sorted by path that must all be satisfied.
    package let branches: [[EventPatternField]]

    /// Parses and validates a pattern.
    ///
    /// - Parameter json: the pattern's JSON text.
    /// - Throws: ``EventPatternError`` with EventBridge's reason when the pattern is not valid.
    package init(json: String) throws(EventPatternError) {
        guard json.unicodeScalars.count <= Self.maximumLength else { throw .tooLong(limit: Self.maximumLength) }
        do {
            _ = try JSONValue(parsing: json)
        } catch {
            throw .invalidPattern("Invalid JSON")
        }
        var compiler = EventPatternCompiler(text: json, mode: .orAsOperator)
        do {
            self.branches = try compiler.compile()
        } catch {
            // event-ruler's Machine falls back to its legacy compiler, which reads `$or` as a field name,
            // when the JSON compiler reports a parse error; the first error is the one reported.
            guard error.location != nil, json.contains("\"$or\"") else { throw .invalidPattern(error.reason) }
            var legacy = EventPatternCompiler(text: json, mode: .orAsFieldName)
            guard let branches = try? legacy.compile() else { throw .invalidPattern(error.reason) }
            self.branches = branches
        }
        self.json = json
    }

    package static func == (a: Self, b: Self) -> Bool { a.json == b.json }

    package func hash(into hasher: inout Hasher) { hasher.combine(json) }
}
