extension JSONFilter {
    /// CloudWatch Logs allows three `[*]` selectors in one pattern.
    static let maximumWildcardSelectors = 3
    /// How deeply parentheses may nest.
    static let maximumNesting = 64

    /// Parses a JSON filter pattern; the scanner is at its `{`.
    ///
    /// - Throws: ``FilterPatternError`` at the first problem.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> JSONFilter {
        var parser = JSONFilterParser(scanner: scanner)
        let expression = try parser.parsePattern()
        scanner = parser.scanner
        return JSONFilter(expression)
    }
}

/// The recursive-descent parser of JSON filter patterns.
private struct JSONFilterParser {
    var scanner: PatternScanner
    var depth = 0
    var wildcards = 0

    init(scanner: PatternScanner) {
        self.scanner = scanner
    }

    static func isValueTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "|")
            || byte == UInt8(ascii: "(")
    }

    mutating func parsePattern() throws(FilterPatternError) -> JSONFilter.Expression {
        let open = scanner.index
        scanner.index += 1
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") || scanner.isAtEnd {
            throw scanner.error("a JSON filter pattern needs a condition between '{' and '}'")
        }
        let expression = try parseOr()
        scanner.skipWhitespace()
        guard scanner.consume("}") else {
            if scanner.isAtEnd {
                throw scanner.error(
                    "the JSON filter pattern is not closed with the '}' of the '{' at position \(scanner.characterOffset(ofByte: open))"
                )
            }
            if scanner.peek() == UInt8(ascii: ")") { throw scanner.error("')' has no matching '('") }
            throw scanner.error("expected '&&', '||' or '}' but found \(scanner.describe(at: scanner.index))")
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw scanner.error("unexpected text after the closing '}'") }
        return expression
    }

    mutating func parseOr() throws(FilterPatternError) -> JSONFilter.Expression {
        var members = [try parseAnd()]
        while true {
            scanner.skipWhitespace()
            if scanner.consume("||") {
                members.append(try parseAnd())
            } else if scanner.peek() == UInt8(ascii: "|") {
                throw scanner.error("use '||' for OR")
            } else {
                break
            }
        }
        return members.count == 1 ? members[0] : .any(members.flatMap(Self.anyMembers))
    }

    mutating func parseAnd() throws(FilterPatternError) -> JSONFilter.Expression {
        var members = [try parsePrimary()]
        while true {
            scanner.skipWhitespace()
            if scanner.consume("&&") {
                members.append(try parsePrimary())
            } else if scanner.peek() == UInt8(ascii: "&") {
                throw scanner.error("use '&&' for AND")
            } else {
                break
            }
        }
        return members.count == 1 ? members[0] : .all(members.flatMap(Self.allMembers))
    }

    static func anyMembers(_ expression: JSONFilter.Expression) -> [JSONFilter.Expression] {
        if case .any(let members) = expression { return members }
        return [expression]
    }

    static func allMembers(_ expression: JSONFilter.Expression) -> [JSONFilter.Expression] {
        if case .all(let members) = expression { return members }
        return [expression]
    }

    mutating func parsePrimary() throws(FilterPatternError) -> JSONFilter.Expression {
        scanner.skipWhitespace()
        guard let byte = scanner.peek() else { throw scanner.error("expected a condition") }
        switch byte {
        case UInt8(ascii: "("):
            let open = scanner.index
            depth += 1
            guard depth <= JSONFilter.maximumNesting else { throw scanner.error("parentheses are nested too deeply") }
            scanner.index += 1
            let inner = try parseOr()
            scanner.skipWhitespace()
            guard scanner.consume(")") else {
                throw scanner.error(
                    "expected ')' to close the '(' at position \(scanner.characterOffset(ofByte: open))"
                )
            }
            depth -= 1
            return inner
        case UInt8(ascii: "$"):
            return .condition(try parseCondition())
        case UInt8(ascii: "}"), UInt8(ascii: ")"):
            throw scanner.error("expected a condition before \(scanner.describe(at: scanner.index))")
        default:
            throw scanner.error(
                "expected a condition starting with '$.' but found \(scanner.describe(at: scanner.index))"
            )
        }
    }

    mutating func parseCondition() throws(FilterPatternError) -> JSONFilter.Condition {
        let selectorStart = scanner.index
        let selector = try JSONSelector.read(from: &scanner)
        wildcards += selector.wildcardCount
        if wildcards > JSONFilter.maximumWildcardSelectors {
            throw scanner.error(
                "a filter pattern can contain at most \(JSONFilter.maximumWildcardSelectors) '[*]' selectors",
                at: selectorStart
            )
        }
        scanner.skipWhitespace()
        if let byte = scanner.peek(), PatternScanner.isLetterOrDigit(byte) {
            return JSONFilter.Condition(selector: selector, test: try parseKeywordTest(after: selector))
        }
        guard let (op, text) = try scanner.readOperator() else {
            if scanner.isAtEnd || scanner.peek() == UInt8(ascii: "}") || scanner.peek() == UInt8(ascii: ")") {
                throw scanner.error(
                    "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after \(selector.text)"
                )
            }
            throw scanner.error(
                "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after \(selector.text) but found \(scanner.describe(at: scanner.index))"
            )
        }
        let test = try scanner.readComparison(op, operatorText: text, isTerminator: Self.isValueTerminator)
        return JSONFilter.Condition(selector: selector, test: .compare(test))
    }

    mutating func readWord() -> (String, Int) {
        let start = scanner.index
        while let byte = scanner.peek(), PatternScanner.isLetterOrDigit(byte) { scanner.index += 1 }
        return (String(decoding: scanner.bytes[start..<scanner.index], as: UTF8.self), start)
    }

    mutating func parseKeywordTest(after selector: JSONSelector) throws(FilterPatternError) -> JSONFilter.Test {
        let (word, start) = readWord()
        switch word {
        case "IS":
            scanner.skipWhitespace()
            let (state, stateStart) = readWord()
            switch state {
            case "NULL": return .isNull
            case "TRUE": return .isTrue
            case "FALSE": return .isFalse
            case "NOT":
                throw scanner.error("IS NOT is not supported; use NOT EXISTS, or '!=' with a value", at: stateStart)
            default:
                if ["NULL", "TRUE", "FALSE"].contains(state.uppercased()) {
                    throw scanner.error("write \(state.uppercased()) in upper case", at: stateStart)
                }
                throw scanner.error("expected NULL, TRUE or FALSE after IS", at: stateStart)
            }
        case "NOT":
            scanner.skipWhitespace()
            let (next, nextStart) = readWord()
            guard next == "EXISTS" else {
                if next.uppercased() == "EXISTS" { throw scanner.error("write EXISTS in upper case", at: nextStart) }
                throw scanner.error("expected EXISTS after NOT", at: nextStart)
            }
            return .notExists
        case "EXISTS":
            throw scanner.error("EXISTS is not supported; use '= *' to require a value, or NOT EXISTS", at: start)
        default:
            if ["IS", "NOT"].contains(word.uppercased()) {
                throw scanner.error("write \(word.uppercased()) in upper case", at: start)
            }
            throw scanner.error(
                "expected an operator (=, !=, <, <=, >, >=), IS or NOT EXISTS after \(selector.text) but found '\(word)'",
                at: start
            )
        }
    }
}
