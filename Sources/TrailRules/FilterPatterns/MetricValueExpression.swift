/// The value a metric filter publishes for each matching event: a number (`1`), a JSON selector of the event
/// (`$.latency`) or a named field of a space-delimited pattern (`$bytes`).
///
/// CloudWatch Logs refuses a metric value that is not a number or does not name a field of the pattern
/// (`InvalidParameterException`, "Invalid metric value"); so does ``init(_:for:)``: a selector needs a JSON
/// pattern and a `$name` a space-delimited pattern with a field of that name.
package struct MetricValueExpression: Sendable, Hashable {
    /// CloudWatch Logs' limit on a metric value's length.
    package static let maximumLength = 100

    enum Source: Sendable {
        case constant(Double)
        case selector(JSONSelector)
        case field(SpaceDelimitedFilter, SpaceDelimitedFilter.Slot)
    }

    /// The metric value as written.
    package let text: String
    /// The filter pattern it was validated against.
    package let patternText: String
    let source: Source

    /// Parses a metric value and checks it against the filter pattern it belongs to.
    ///
    /// - Parameters:
    ///   - text: `1`, `-0.5`, `$.field[0].name` or `$name`.
    ///   - pattern: the metric filter's pattern.
    /// - Throws: ``FilterPatternError`` with code ``FilterPatternError/Code/invalidMetricValue``.
    package init(_ text: String, for pattern: FilterPattern) throws(FilterPatternError) {
        self.text = text
        self.patternText = pattern.text
        var scanner = PatternScanner(text, code: .invalidMetricValue)
        guard !text.isEmpty else { throw scanner.error("the metric value is empty") }
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw scanner.error(
                "a metric value is at most \(Self.maximumLength) characters long",
                at: Self.maximumLength
            )
        }
        if let number = NumberText.parse(scanner.bytes[...], allowExponent: true) {
            source = .constant(number)
            return
        }
        guard scanner.peek() == UInt8(ascii: "$") else {
            throw scanner.error("a metric value is a number, a JSON selector such as $.latency, or $ and a field name")
        }
        if scanner.peek(1) == UInt8(ascii: ".") || scanner.peek(1) == UInt8(ascii: "[") {
            let selector = try JSONSelector.read(from: &scanner)
            guard scanner.isAtEnd else {
                throw scanner.error(
                    "unexpected \(scanner.describe(at: scanner.index)) after the selector \(selector.text)"
                )
            }
            guard pattern.isJSON else {
                throw scanner.error("the selector \(selector.text) can only be used with a JSON filter pattern", at: 0)
            }
            source = .selector(selector)
            return
        }
        scanner.index = 1
        let nameStart = scanner.index
        while let byte = scanner.peek(), PatternScanner.isNameByte(byte) { scanner.index += 1 }
        guard scanner.index > nameStart else { throw scanner.error("expected a field name after '$'") }
        guard scanner.isAtEnd else {
            throw scanner.error("\(scanner.describe(at: scanner.index)) is not allowed in a field name")
        }
        let name = String(decoding: scanner.bytes[nameStart...], as: UTF8.self)
        guard case .spaceDelimited(let filter) = pattern.body else {
            throw scanner.error(
                "$\(name) names a field of a space-delimited filter pattern, and this pattern is not one",
                at: 0
            )
        }
        guard let slot = filter.slot(named: name) else {
            throw scanner.error("the filter pattern has no field named '\(name)'", at: 1)
        }
        source = .field(filter, slot)
    }

    /// The value for a matching event, or `nil` when the field is missing or not a number.
    ///
    /// A selector reads the first node it names: a JSON number, or a string that is a decimal number.
    package func value(in event: LogEventView) -> Double? {
        switch source {
        case .constant(let value):
            return value
        case .selector(let selector):
            guard let flat = event.json else { return nil }
            var result: Double?
            _ = selector.containsNode(in: flat) { entry in
                switch entry.kind {
                case .number: result = NumberText.parse(flat.storage[entry.value], allowExponent: true)
                case .string: result = NumberText.parse(flat.storage[entry.value], allowExponent: false)
                case .true, .false, .null, .object, .array: result = nil
                }
                return true
            }
            return result
        case .field(let filter, let slot):
            guard let text = filter.value(at: slot, in: event.message) else { return nil }
            return NumberText.parse(text, allowExponent: false)
        }
    }

    package static func == (a: Self, b: Self) -> Bool { a.text == b.text && a.patternText == b.patternText }
    package func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(patternText)
    }
}
