import Foundation

/// The totals of a validation run, as the AWS CLI's summary shows them.
package struct ValidationSummary: Sendable, Hashable {
    /// Digest files found valid.
    package var validDigests = 0
    /// Digest files found invalid or missing.
    package var invalidDigests = 0
    /// Log files found valid.
    package var validLogFiles = 0
    /// Log files found invalid or missing.
    package var invalidLogFiles = 0
    /// The earliest start of a valid digest, not before the requested start.
    package var foundStart: Date?
    /// The latest end of a valid digest, not after the requested end.
    package var foundEnd: Date?
    /// Whether the digest index was checked, or why not.
    package var index: IndexCheck = .checked

    /// Whether OpenTrail's digest index was used.
    package enum IndexCheck: Sendable, Hashable {
        /// Every digest the index lists was looked for.
        case checked
        /// There was no index; chain-end truncation was not checked.
        case unavailable(reason: String)
    }

    /// Creates an empty summary.
    package init() {}

    /// Whether any file was invalid.
    package var hasProblems: Bool { invalidDigests > 0 || invalidLogFiles > 0 }

    /// The exit status of `validate-logs`: 1 when any file was invalid, 0 otherwise.
    package var exitStatus: Int32 { hasProblems ? 1 : 0 }

    /// Counts one event.
    package mutating func record(_ event: ValidationEvent) {
        guard case .file(let kind, _, _, let problem) = event else { return }
        switch (kind, problem == nil) {
        case (.digest, true): validDigests += 1
        case (.digest, false): invalidDigests += 1
        case (.logFile, true): validLogFiles += 1
        case (.logFile, false): invalidLogFiles += 1
        }
    }

    /// Widens the found range with a valid digest's times, clamped to the requested range.
    package mutating func recordFound(start: Date, end: Date, requestedStart: Date, requestedEnd: Date) {
        let start = max(start, requestedStart)
        let end = min(end, requestedEnd)
        if foundStart.map({ start < $0 }) ?? true { foundStart = start }
        if foundEnd.map({ end > $0 }) ?? true { foundEnd = end }
    }
}
