import TrailModel

/// The text formats of CloudWatch's alarm state reasons and reason data.
///
/// CloudWatch is written in Java and prints numbers as Java's `Double.toString` does (`5.0`, `0.5`,
/// `1.0E7`), datapoint times in state reasons as `dd/MM/yy HH:mm:ss` (UTC) and times in reason and history
/// data as `yyyy-MM-dd'T'HH:mm:ss.SSS+0000`.
package enum CloudWatchFormat {
    /// `value` as Java's `Double.toString` prints it: plain notation with at least one fractional digit
    /// from 10⁻³ up to 10⁷ (`5.0`, `0.001`, `1234567.5`), scientific notation otherwise (`1.0E7`,
    /// `1.5E-4`), with the shortest digits that round-trip.
    package static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        let sign = value.sign == .minus ? "-" : ""
        let magnitude = Swift.abs(value)
        if magnitude == 0 { return sign + "0.0" }

        // Shortest round-trip digits and the position of the decimal point, from Swift's own rendering.
        let text = magnitude.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        var digits = Array(mantissa.filter { $0 != "." })
        var pointPosition =
            (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
                ?? mantissa.count) + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        // Now magnitude = 0.d1d2d3… × 10^pointPosition.

        if magnitude >= 1e-3, magnitude < 1e7 {
            if pointPosition > 0 {
                let whole =
                    digits.count >= pointPosition
                    ? String(digits[..<pointPosition])
                    : String(digits) + String(repeating: "0", count: pointPosition - digits.count)
                let fraction = digits.count > pointPosition ? String(digits[pointPosition...]) : "0"
                return sign + whole + "." + fraction
            }
            return sign + "0." + String(repeating: "0", count: -pointPosition) + String(digits)
        }
        let rest = digits.count > 1 ? String(digits[1...]) : "0"
        return sign + String(digits[0]) + "." + rest + "E" + String(pointPosition - 1)
    }

    /// A datapoint's time in a state reason: `dd/MM/yy HH:mm:ss`, UTC (`26/11/21 10:03:00`).
    package static func reasonTime(_ milliseconds: Int64) -> String {
        let text = Array(EventTime.format(milliseconds: milliseconds))
        return String(text[8..<10]) + "/" + String(text[5..<7]) + "/" + String(text[2..<4]) + " "
            + String(text[11..<19])
    }

    /// A time in reason data and history data: `yyyy-MM-dd'T'HH:mm:ss.SSS+0000`
    /// (`2021-11-26T10:03:00.000+0000`).
    package static func timestamp(_ milliseconds: Int64) -> String {
        let text = Array(EventTime.format(milliseconds: milliseconds))
        var fraction = milliseconds % 1000
        if fraction < 0 { fraction += 1000 }
        let padded = String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return String(text[0..<19]) + "." + padded + "+0000"
    }

    /// A number as a JSON value, in Java's notation.
    static func json(_ value: Double) -> JSONValue {
        value.isFinite ? .number(number(value)) : .null
    }
}
