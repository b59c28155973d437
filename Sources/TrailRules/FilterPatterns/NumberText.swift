/// Reads decimal numbers from bytes without allocating in the common case.
enum NumberText {
    /// Exact powers of ten a `Double` holds.
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `[+-]?digits(.digits)?` (and `([eE][+-]?digits)?` when `allowExponent`), or `nil` when the
    /// bytes are not exactly such a number.
    ///
    /// Log text such as a space-delimited field or a JSON string is read without exponent, as CloudWatch Logs
    /// does not support scientific notation in strings; JSON numbers and pattern literals allow it.
    static func parse(_ bytes: ArraySlice<UInt8>, allowExponent: Bool) -> Double? {
        bytes.withUnsafeBufferPointer { parse($0, allowExponent: allowExponent) }
    }

    /// ``parse(_:allowExponent:)`` on a buffer.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, allowExponent: Bool) -> Double? {
        var index = 0
        let end = bytes.count
        guard index < end else { return nil }
        var negative = false
        if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var exact = true
        let integerStart = index
        while index < end, bytes[index] &- 0x30 < 10 {
            accumulate(bytes[index], into: &mantissa, digits: &digits, exponent: &exponent, exact: &exact)
            index += 1
        }
        guard index > integerStart else { return nil }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < end, bytes[index] &- 0x30 < 10 {
                accumulate(bytes[index], into: &mantissa, digits: &digits, exponent: &exponent, exact: &exact)
                exponent -= 1
                index += 1
            }
            guard index > fractionStart else { return nil }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            guard allowExponent else { return nil }
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var written = 0
            while index < end, bytes[index] &- 0x30 < 10 {
                if written < 100_000 { written = written * 10 + Int(bytes[index] &- 0x30) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent += exponentNegative ? -written : written
        }
        guard index == end else { return nil }
        if exact, mantissa < (1 << 53), abs(exponent) <= 22 {
            // Both operands are exact, so one rounding gives the correctly rounded value.
            let value =
                exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
            return negative ? -value : value
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }

    private static func accumulate(
        _ byte: UInt8,
        into mantissa: inout UInt64,
        digits: inout Int,
        exponent: inout Int,
        exact: inout Bool
    ) {
        let digit = UInt64(byte &- 0x30)
        if digits == 0 && digit == 0 { return }  // leading zeros
        if digits < 19 {
            mantissa = mantissa * 10 + digit
            digits += 1
        } else {
            // Further digits only scale the value; the slow path rounds them properly.
            exponent += 1
            exact = false
        }
    }
}
