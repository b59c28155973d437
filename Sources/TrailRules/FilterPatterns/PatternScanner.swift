/// A cursor over the UTF-8 bytes of a pattern, with the lexical rules the three pattern kinds share:
/// whitespace, quoted strings, `%regex%` literals and unquoted values.
///
/// Offsets are byte offsets; errors convert them to the character offsets clients see.
struct PatternScanner {
    /// The pattern's text.
    let text: String
    /// The pattern's UTF-8 bytes.
    let bytes: [UInt8]
    /// The next byte to read.
    var index = 0
    /// Which text errors blame.
    let code: FilterPatternError.Code
    /// The regular expressions read so far (CloudWatch Logs allows two per pattern).
    var regexCount = 0

    init(_ text: String, code: FilterPatternError.Code = .invalidFilterPattern) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.code = code
    }

    /// Whether every byte has been read.
    var isAtEnd: Bool { index >= bytes.count }

    /// The byte at `index + offset`, or `nil` past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        let at = index + offset
        return at < bytes.count ? bytes[at] : nil
    }

    /// Whether the bytes at `index` are `literal`.
    func isLooking(at literal: String) -> Bool {
        var at = index
        for byte in literal.utf8 {
            guard at < bytes.count, bytes[at] == byte else { return false }
            at += 1
        }
        return true
    }

    /// Reads `literal` if it comes next.
    mutating func consume(_ literal: String) -> Bool {
        guard isLooking(at: literal) else { return false }
        index += literal.utf8.count
        return true
    }

    /// Skips spaces, tabs and line breaks.
    mutating func skipWhitespace() {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Letters, digits, `_` and `-`: the characters of JSON property names and space-delimited field names.
    static func isNameByte(_ byte: UInt8) -> Bool {
        isLetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// The 0-based character offset of a byte offset.
    func characterOffset(ofByte offset: Int) -> Int {
        String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self).count
    }

    /// The character at a byte offset, for messages (`end of pattern` past the end).
    func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the pattern" }
        let scalarEnd = nextScalarEnd(from: offset)
        return "'" + String(decoding: bytes[offset..<scalarEnd], as: UTF8.self) + "'"
    }

    private func nextScalarEnd(from offset: Int) -> Int {
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    /// An error at a byte offset (the current one by default).
    func error(
        _ reason: String,
        at offset: Int? = nil,
        file: String = #fileID,
        line: Int = #line
    )
        -> FilterPatternError
    {
        FilterPatternError(code, reason, position: characterOffset(ofByte: offset ?? index), file: file, line: line)
    }

    // MARK: - Literals

    /// Reads a double-quoted string at `index`; `\"` and `\\` stand for `"` and `\`, any other byte for itself.
    mutating func readQuoted() throws(FilterPatternError) -> [UInt8] {
        let start = index
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return out
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count,
                bytes[index + 1] == UInt8(ascii: "\"") || bytes[index + 1] == UInt8(ascii: "\\")
            {
                out.append(bytes[index + 1])
                index += 2
                continue
            }
            out.append(byte)
            index += 1
        }
        throw error("the quoted string is not closed with '\"'", at: start)
    }

    /// Reads a `%regex%` at `index`, counting it against the limit of two per pattern.
    mutating func readRegex() throws(FilterPatternError) -> FilterRegex {
        let start = index
        var end = index + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "%") { end += 1 }
        guard end < bytes.count else { throw error("the regular expression is not closed with '%'", at: start) }
        regexCount += 1
        if regexCount > FilterRegex.maximumPerPattern {
            throw error(
                "a filter pattern can contain at most \(FilterRegex.maximumPerPattern) regular expressions",
                at: start
            )
        }
        let regex = try FilterRegex(bytes[(start + 1)..<end], in: self, at: start + 1)
        index = end + 1
        return regex
    }

    /// Reads an unquoted value: the bytes up to whitespace or a byte `isTerminator` accepts.
    ///
    /// Values that consist of letters, digits and `_ - . * + : /` need no quotes; any other character must be
    /// inside double quotes, as CloudWatch Logs requires.
    mutating func readUnquotedValue(
        after operatorText: String,
        isTerminator: (UInt8) -> Bool
    ) throws(FilterPatternError) -> Range<Int> {
        let start = index
        while index < bytes.count, !Self.isWhitespace(bytes[index]), !isTerminator(bytes[index]) {
            let byte = bytes[index]
            guard Self.isUnquotedValueByte(byte) else {
                if byte == UInt8(ascii: "$") && index == start {
                    throw error(
                        "comparing with another field is not supported; expected a value after '\(operatorText)'"
                    )
                }
                throw error(
                    "\(describe(at: index)) is not allowed in an unquoted value; put the value in double quotes"
                )
            }
            index += 1
        }
        guard index > start else { throw error("expected a value after '\(operatorText)'") }
        return start..<index
    }

    static func isUnquotedValueByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "*"), UInt8(ascii: "+"),
            UInt8(ascii: ":"), UInt8(ascii: "/"):
            true
        default:
            isLetterOrDigit(byte)
        }
    }

    // MARK: - Comparisons

    /// Reads a comparison operator at `index`, or returns `nil` when none comes next.
    mutating func readOperator() throws(FilterPatternError) -> (ValueTest.Operator, String)? {
        let start = index
        if consume("==") { throw error("'==' is not an operator; use '='", at: start) }
        if consume("!=") { return (.notEqual, "!=") }
        if consume("<=") { return (.lessOrEqual, "<=") }
        if consume(">=") { return (.greaterOrEqual, ">=") }
        if consume("<>") { throw error("'<>' is not an operator; use '!='", at: start) }
        if consume("=") { return (.equal, "=") }
        if consume("<") { return (.less, "<") }
        if consume(">") { return (.greater, ">") }
        if peek() == UInt8(ascii: "!") { throw error("'!' must be followed by '=' ('!=')", at: start) }
        return nil
    }

    /// Reads the value of a comparison after its operator: a quoted string, a `%regex%`, a number or an
    /// unquoted string, whose leading and trailing `*` are wildcards.
    mutating func readComparison(
        _ op: ValueTest.Operator,
        operatorText: String,
        isTerminator: (UInt8) -> Bool
    ) throws(FilterPatternError) -> ValueTest {
        skipWhitespace()
        let start = index
        guard let first = peek(), !isTerminator(first) else {
            throw error("expected a value after '\(operatorText)'")
        }
        let operand: ValueTest.Operand
        if first == UInt8(ascii: "\"") {
            operand = .text(TextPattern(try readQuoted()))
        } else if first == UInt8(ascii: "%") {
            operand = .regex(try readRegex())
        } else {
            let range = try readUnquotedValue(after: operatorText, isTerminator: isTerminator)
            let value = bytes[range]
            if let number = NumberText.parse(value, allowExponent: true) {
                operand = .number(NumberLiteral(text: Array(value), value: number))
            } else if value.elementsEqual("null".utf8) {
                throw error("to match a null value use IS NULL", at: start)
            } else {
                operand = .text(TextPattern(Array(value)))
            }
        }
        switch (op, operand) {
        case (.equal, _), (.notEqual, _), (_, .number):
            return ValueTest(op: op, operand: operand)
        default:
            throw error("'\(operatorText)' compares numbers; expected a number after it", at: start)
        }
    }
}
