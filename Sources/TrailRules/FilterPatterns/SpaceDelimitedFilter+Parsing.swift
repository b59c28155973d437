extension SpaceDelimitedFilter {
    /// Parses a space-delimited filter pattern; the scanner is at its `[`.
    ///
    /// - Throws: ``FilterPatternError`` at the first problem.
    static func parse(_ scanner: inout PatternScanner) throws(FilterPatternError) -> SpaceDelimitedFilter {
        var parser = SpaceDelimitedParser(scanner: scanner)
        let filter = try parser.parsePattern()
        scanner = parser.scanner
        return filter
    }
}

/// The parser of space-delimited filter patterns.
private struct SpaceDelimitedParser {
    var scanner: PatternScanner
    var depth = 0
    /// The name the entry being read refers to.
    var entryName: String?

    init(scanner: PatternScanner) {
        self.scanner = scanner
    }

    static func isValueTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "(")
    }

    mutating func parsePattern() throws(FilterPatternError) -> SpaceDelimitedFilter {
        scanner.index += 1
        var leading: [SpaceDelimitedFilter.Field] = []
        var trailing: [SpaceDelimitedFilter.Field] = []
        var ellipsisAt: Int?
        var names: Set<String> = []
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "]") {
            throw scanner.error("a space-delimited pattern needs at least one field between '[' and ']'")
        }
        while true {
            scanner.skipWhitespace()
            let entryStart = scanner.index
            if scanner.consume("...") {
                if let ellipsisAt {
                    throw scanner.error(
                        "only one '...' is allowed (the first is at position \(scanner.characterOffset(ofByte: ellipsisAt)))",
                        at: entryStart
                    )
                }
                ellipsisAt = entryStart
            } else if scanner.isAtEnd {
                throw scanner.error("the space-delimited pattern is not closed with ']'")
            } else {
                let field: SpaceDelimitedFilter.Field
                if scanner.peek() == UInt8(ascii: ",") || scanner.peek() == UInt8(ascii: "]") {
                    field = SpaceDelimitedFilter.Field(name: nil, condition: nil)
                } else {
                    field = try parseField()
                    if let name = field.name, !names.insert(name).inserted {
                        throw scanner.error("the field name '\(name)' is used twice", at: entryStart)
                    }
                }
                if ellipsisAt == nil { leading.append(field) } else { trailing.append(field) }
            }
            scanner.skipWhitespace()
            if scanner.consume("]") { break }
            guard scanner.consume(",") else {
                if scanner.isAtEnd { throw scanner.error("the space-delimited pattern is not closed with ']'") }
                throw scanner.error("expected ',' or ']' but found \(scanner.describe(at: scanner.index))")
            }
        }
        scanner.skipWhitespace()
        guard scanner.isAtEnd else { throw scanner.error("unexpected text after the closing ']'") }
        return SpaceDelimitedFilter(leading: leading, trailing: trailing, hasEllipsis: ellipsisAt != nil)
    }

    /// Reads an entry: a name alone, or conditions on one name.
    mutating func parseField() throws(FilterPatternError) -> SpaceDelimitedFilter.Field {
        entryName = nil
        let start = scanner.index
        if let byte = scanner.peek(), PatternScanner.isNameByte(byte) {
            let name = readName()
            scanner.skipWhitespace()
            if scanner.isAtEnd || scanner.peek() == UInt8(ascii: ",") || scanner.peek() == UInt8(ascii: "]") {
                return SpaceDelimitedFilter.Field(name: name, condition: nil)
            }
            scanner.index = start
        }
        let condition = try parseOr()
        return SpaceDelimitedFilter.Field(name: entryName, condition: condition)
    }

    mutating func readName() -> String {
        let start = scanner.index
        while let byte = scanner.peek(), PatternScanner.isNameByte(byte) { scanner.index += 1 }
        return String(decoding: scanner.bytes[start..<scanner.index], as: UTF8.self)
    }

    mutating func parseOr() throws(FilterPatternError) -> SpaceDelimitedFilter.Condition {
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
        return members.count == 1 ? members[0] : .any(members)
    }

    mutating func parseAnd() throws(FilterPatternError) -> SpaceDelimitedFilter.Condition {
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
        return members.count == 1 ? members[0] : .all(members)
    }

    mutating func parsePrimary() throws(FilterPatternError) -> SpaceDelimitedFilter.Condition {
        scanner.skipWhitespace()
        guard let byte = scanner.peek() else { throw scanner.error("expected a condition") }
        if byte == UInt8(ascii: "(") {
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
        }
        guard PatternScanner.isNameByte(byte) else {
            throw scanner.error("expected a field name but found \(scanner.describe(at: scanner.index))")
        }
        let nameStart = scanner.index
        let name = readName()
        if let entryName, entryName != name {
            throw scanner.error(
                "a condition may only refer to its own field '\(entryName)', not to '\(name)'",
                at: nameStart
            )
        }
        entryName = name
        scanner.skipWhitespace()
        guard let (op, text) = try scanner.readOperator() else {
            throw scanner.error("expected an operator (=, !=, <, <=, >, >=) after '\(name)'")
        }
        return .test(try scanner.readComparison(op, operatorText: text, isTerminator: Self.isValueTerminator))
    }
}
