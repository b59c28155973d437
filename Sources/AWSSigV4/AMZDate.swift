import Foundation

/// A whole-second UTC timestamp in the two textual forms SigV4 uses: ISO 8601 basic format
/// (`20150830T123600Z`, for `X-Amz-Date` and the string to sign) and the scope date (`20150830`).
///
/// Conversion is done arithmetically on the proleptic Gregorian calendar, so it needs no
/// formatter, locale or time zone database.
struct AMZDate: Hashable, Sendable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    let epochSeconds: Int64

    init(epochSeconds: Int64) {
        self.epochSeconds = epochSeconds
    }

    /// The timestamp of `date`, truncated to the whole second below.
    init(_ date: Date) {
        self.epochSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Parses ISO 8601 basic format `YYYYMMDDTHHMMSSZ`; returns `nil` for anything else,
    /// including out-of-range fields.
    init?(basicFormat text: String) {
        let chars = Array(text.utf8)
        guard chars.count == 16, chars[8] == UInt8(ascii: "T"), chars[15] == UInt8(ascii: "Z"),
            let year = Self.number(chars[0..<4]), let month = Self.number(chars[4..<6]),
            let day = Self.number(chars[6..<8]), let hour = Self.number(chars[9..<11]),
            let minute = Self.number(chars[11..<13]), let second = Self.number(chars[13..<15])
        else { return nil }
        self.init(validatingYear: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard basicFormat == text else { return nil }
    }

    /// Parses an HTTP `Date` header in IMF-fixdate form, `Sun, 30 Aug 2015 12:36:00 GMT`.
    init?(httpDate text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Self.number(parts[1].utf8), parts[1].count == 2,
            let monthIndex = Self.monthNames.firstIndex(of: String(parts[2])),
            let year = Self.number(parts[3].utf8), parts[3].count == 4
        else { return nil }
        let time = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 3, time.allSatisfy({ $0.count == 2 }),
            let hour = Self.number(time[0].utf8), let minute = Self.number(time[1].utf8),
            let second = Self.number(time[2].utf8)
        else { return nil }
        self.init(validatingYear: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        let check = Self.civil(fromDays: Self.floorDiv(epochSeconds, 86_400))
        guard check.month == monthIndex + 1, check.day == day, hour < 24, minute < 60, second < 60 else {
            return nil
        }
    }

    private init(validatingYear year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let days = Self.days(fromYear: Int64(year), month: Int64(month), day: Int64(day))
        self.epochSeconds = days * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
    }

    /// The `Date` value.
    var date: Date { Date(timeIntervalSince1970: TimeInterval(epochSeconds)) }

    /// `YYYYMMDDTHHMMSSZ`.
    var basicFormat: String {
        let days = Self.floorDiv(epochSeconds, 86_400)
        let secondOfDay = epochSeconds - days * 86_400
        let civil = Self.civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        Self.appendPadded(civil.year, width: 4, to: &out)
        Self.appendPadded(civil.month, width: 2, to: &out)
        Self.appendPadded(civil.day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        Self.appendPadded(secondOfDay / 3_600, width: 2, to: &out)
        Self.appendPadded(secondOfDay % 3_600 / 60, width: 2, to: &out)
        Self.appendPadded(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `YYYYMMDD`, the date element of a credential scope.
    var dateStamp: String { String(basicFormat.prefix(8)) }

    /// The timestamp moved by `seconds`.
    func adding(seconds: Int64) -> AMZDate { AMZDate(epochSeconds: epochSeconds + seconds) }

    static func < (lhs: AMZDate, rhs: AMZDate) -> Bool { lhs.epochSeconds < rhs.epochSeconds }

    // MARK: Calendar arithmetic (days relative to 1970-01-01, eras of 400 years)

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private static func floorDiv(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func days(fromYear year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDiv(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let marchMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * marchMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = floorDiv(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends the decimal digits of `value`, zero-padded to `width`; a year outside 0...9999 keeps its
    /// sign and all its digits.
    private static func appendPadded(_ value: Int64, width: Int, to out: inout [UInt8]) {
        let digits = String(value).utf8
        if digits.count < width {
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count))
        }
        out.append(contentsOf: digits)
    }

    private static func number(_ chars: some Collection<UInt8>) -> Int? {
        guard !chars.isEmpty else { return nil }
        var value = 0
        for char in chars {
            guard char >= UInt8(ascii: "0"), char <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(char - UInt8(ascii: "0"))
        }
        return value
    }
}
