import Foundation
import TrailModel

/// A point in time as the command line writes it: ISO 8601, epoch seconds, or an age.
///
/// - `2026-11-20T13:00:00Z` (fractional seconds and `+hh:mm` offsets too) or the day `2026-11-20` (midnight UTC)
/// - `1795237906` or `1795237906.5`: seconds since 1970
/// - `15m`, `2h`, `7d`, `1h30m`, `now`: that long before now (units `s`, `m`, `h`, `d`, `w`)
///
/// An age is resolved against a clock only when the request is built, so the same value parsed once reads
/// the same in every page of a paged call.
package enum TimeExpression: Hashable, Sendable {
    /// A fixed instant, in milliseconds since 1970.
    case absolute(milliseconds: Int64)
    /// So many seconds before now.
    case ago(seconds: Int64)

    /// What the command line accepts, for help texts and error messages.
    package static let formats = "ISO 8601 (2026-11-20T13:00:00Z), epoch seconds, or an age like 15m, 2h, 7d"

    /// Reads `text`; `nil` when it is none of the accepted forms.
    package init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        if text.lowercased() == "now" {
            self = .ago(seconds: 0)
        } else if let milliseconds = Self.isoMilliseconds(text) {
            self = .absolute(milliseconds: milliseconds)
        } else if let milliseconds = Self.epochMilliseconds(text) {
            self = .absolute(milliseconds: milliseconds)
        } else if let seconds = Self.ageSeconds(text) {
            self = .ago(seconds: seconds)
        } else {
            return nil
        }
    }

    /// The instant in milliseconds since 1970, ages counted back from `now`.
    package func milliseconds(now: Date) -> Int64 {
        switch self {
        case .absolute(let milliseconds): return milliseconds
        case .ago(let seconds): return EventTime.milliseconds(now) - seconds * 1000
        }
    }

    /// The instant as a date, ages counted back from `now`.
    package func date(now: Date) -> Date { EventTime.date(milliseconds: milliseconds(now: now)) }

    private static func isoMilliseconds(_ text: String) -> Int64? {
        if let milliseconds = EventTime.parseMilliseconds(text) { return milliseconds }
        // A bare day, 2026-11-20, is its first instant in UTC.
        if text.utf8.count == 10 { return EventTime.parseMilliseconds(text + "T00:00:00Z") }
        return nil
    }

    private static func epochMilliseconds(_ text: String) -> Int64? {
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || isDigit($0) }), text.utf8.first.map(isDigit) == true,
            let seconds = Double(text), seconds < 1e13
        else { return nil }
        return Int64((seconds * 1000).rounded(.down))
    }

    /// `15m`, `1h30m`, `7d`: the sum of number-unit pairs, in seconds.
    private static func ageSeconds(_ text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64?
        for byte in text.lowercased().utf8 {
            if isDigit(byte) {
                let (times10, overflow1) = (number ?? 0).multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                number = sum
                continue
            }
            guard let count = number, let unit = unitSeconds(byte) else { return nil }
            let (seconds, overflow1) = count.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(seconds)
            // Milliseconds of the sum must fit too.
            guard !overflow1, !overflow2, sum < Int64.max / 1000 else { return nil }
            total = sum
            number = nil
        }
        // A trailing number without a unit is ambiguous.
        return number == nil ? total : nil
    }

    private static func unitSeconds(_ byte: UInt8) -> Int64? {
        switch byte {
        case UInt8(ascii: "s"): return 1
        case UInt8(ascii: "m"): return 60
        case UInt8(ascii: "h"): return 3600
        case UInt8(ascii: "d"): return 86_400
        case UInt8(ascii: "w"): return 604_800
        default: return nil
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
