/// One comparison of a value (a JSON value's text, or a space-delimited field) with a literal.
///
/// - A string literal (quoted, or unquoted and not a number) matches text, with `*` wildcards at its ends
///   (``TextPattern``); `!=` is its negation.
/// - A `%regex%` matches when the regular expression is found in the text; `!=` is its negation.
/// - A number literal compares numerically with text that is a number, and textually with other text: `=`
///   holds for an equal number or the same text, `!=` when `=` does not, and `<`, `<=`, `>`, `>=` only for
///   numbers.
struct ValueTest: Sendable, Hashable {
    /// The comparison operator.
    enum Operator: UInt8, Sendable, Hashable {
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    }

    /// What the value is compared with.
    enum Operand: Sendable, Hashable {
        case text(TextPattern)
        case number(NumberLiteral)
        case regex(FilterRegex)
    }

    let op: Operator
    let operand: Operand

    /// Whether `value` satisfies the comparison.
    ///
    /// - Parameters:
    ///   - value: the text compared.
    ///   - allowExponent: whether the text may be a number in scientific notation (a JSON number).
    func holds(for value: ArraySlice<UInt8>, allowExponent: Bool) -> Bool {
        value.withUnsafeBufferPointer { holds(for: $0, allowExponent: allowExponent) }
    }

    /// ``holds(for:allowExponent:)`` on a buffer.
    func holds(for value: UnsafeBufferPointer<UInt8>, allowExponent: Bool) -> Bool {
        switch operand {
        case .text(let pattern):
            let matched = pattern.matches(value)
            return op == .notEqual ? !matched : matched
        case .regex(let regex):
            let matched = regex.isFound(in: value)
            return op == .notEqual ? !matched : matched
        case .number(let literal):
            return literal.text.withUnsafeBufferPointer {
                Self.compare(value, allowExponent: allowExponent, op: op, literalText: $0, literal: literal.value)
            }
        }
    }

    /// Compares text with a number literal (see the type's documentation).
    @inline(__always)
    static func compare(
        _ value: UnsafeBufferPointer<UInt8>,
        allowExponent: Bool,
        op: Operator,
        literalText: UnsafeBufferPointer<UInt8>,
        literal: Double
    ) -> Bool {
        guard let number = NumberText.parse(value, allowExponent: allowExponent) else {
            switch op {
            case .equal: return ByteSearch.equal(value, literalText)
            case .notEqual: return !ByteSearch.equal(value, literalText)
            default: return false
            }
        }
        switch op {
        case .equal: return number == literal
        case .notEqual: return number != literal
        case .less: return number < literal
        case .lessOrEqual: return number <= literal
        case .greater: return number > literal
        case .greaterOrEqual: return number >= literal
        }
    }
}
