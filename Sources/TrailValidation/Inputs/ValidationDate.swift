import Foundation
import TrailModel

/// The time formats of `validate-logs`, as the AWS CLI reads and writes them.
///
/// - Display: `%Y-%m-%dT%H:%M:%SZ` (whole seconds, truncated).
/// - Digest keys: `%Y%m%dT%H%M%SZ`.
/// - User input: the common forms `dateutil` accepts: `2026-11-21`, `2026-11-21T10:00`,
///   `2026-11-21T10:00:00`, `2026-11-21 10:00:00.250`, `20261121T100000Z`, with an optional `Z`,
///   `±HH:MM`, `±HHMM` or `±HH` zone. Like the AWS CLI (which *replaces* the zone of a parsed time with
///   UTC rather than converting it), the zone is ignored: `10:00:00+02:00` means `10:00:00Z`.
package enum ValidationDate {
    /// Reads a user-supplied time.
    ///
    /// - Parameter text: The text of `--start-time` or `--end-time`.
    /// - Throws: ``LogValidationError/Code/invalidDate`` (`Unable to parse date value: <text>`).
    package static func parse(_ text: String) throws(LogValidationError) -> Date {
        guard let date = parseIfPossible(text) else { throw .invalidDate(text) }
        return date
    }

    /// `%Y-%m-%dT%H:%M:%SZ`.
    package static func display(_ date: Date) -> String {
        EventTime.format(date)
    }

    /// `%Y%m%dT%H%M%SZ`, the stamp of digest keys.
    package static func keyStamp(_ date: Date) -> String {
        String(display(date).filter { $0 != "-" && $0 != ":" })
    }

    /// The date of a digest key stamp `YYYYMMDDTHHMMSSZ`, or `nil`.
    package static func parseKeyStamp(_ stamp: some StringProtocol) -> Date? {
        let b = Array(stamp.utf8)
        guard b.count == 16, b[8] == UInt8(ascii: "T"), b[15] == UInt8(ascii: "Z") else { return nil }
        return parseIfPossible(String(decoding: b, as: UTF8.self))
    }

    /// Reads a time in a JSON document (`digestStartTime`, …): ISO 8601 like the user input.
    static func parseIfPossible(_ text: String) -> Date? {
        let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var reader = Reader(bytes: bytes)
        guard let year = reader.digits(4) else { return nil }
        let isExtended = reader.skip("-")
        guard let month = reader.digits(2) else { return nil }
        if isExtended { guard reader.skip("-") else { return nil } }
        guard let day = reader.digits(2) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = ""
        if reader.skip("T") || reader.skip("t") || reader.skip(" ") {
            guard let h = reader.digits(2) else { return nil }
            hour = h
            if isExtended { guard reader.skip(":") else { return nil } }
            guard let m = reader.digits(2) else { return nil }
            minute = m
            if !isExtended || reader.skip(":") {
                if let s = reader.digits(2) {
                    second = s
                    if reader.skip(".") || reader.skip(",") {
                        fraction = reader.digitRun()
                        guard !fraction.isEmpty else { return nil }
                    }
                } else if isExtended {
                    return nil
                }
            }
        }
        guard reader.skipZone(), reader.isAtEnd else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var normalized = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):"
        normalized += pad(second, 2)
        if !fraction.isEmpty { normalized += "." + fraction.prefix(3) }
        normalized += "Z"
        guard second < 60, let milliseconds = EventTime.parseMilliseconds(normalized) else { return nil }
        return EventTime.date(milliseconds: milliseconds)
    }

    /// Reads the parts of a time, byte by byte.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += count
            return value
        }

        mutating func digitRun() -> String {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        /// An optional `Z`, `±HH`, `±HHMM` or `±HH:MM`; the zone itself is ignored (see the type's note).
        mutating func skipZone() -> Bool {
            if skip("Z") || skip("z") { return true }
            guard skip("+") || skip("-") else { return true }
            guard let hours = digits(2), hours < 24 else { return false }
            if isAtEnd { return true }
            _ = skip(":")
            guard let minutes = digits(2), minutes < 60 else { return false }
            return true
        }
    }
}
