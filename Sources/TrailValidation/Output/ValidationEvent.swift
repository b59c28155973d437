import Foundation

/// One line of a validation report, in the order the AWS CLI prints them: newest digest first, each valid
/// digest followed by its log files.
package enum ValidationEvent: Sendable, Hashable {
    /// What a line is about.
    package enum FileKind: Sendable, Hashable {
        /// A digest file.
        case digest
        /// A log file.
        case logFile
    }

    /// A digest or log file and its verdict; `problem` is `nil` when it is valid.
    case file(kind: FileKind, bucket: String, key: String, problem: ValidationProblem?)
    /// A valid digest starts a chain and an older digest exists: nothing was delivered between the older
    /// digest's end (`from`) and this digest's start (`to`). Not a problem.
    case gap(from: Date, to: Date)

    /// The problem, if the event reports one.
    package var problem: ValidationProblem? {
        if case .file(_, _, _, let problem) = self { return problem }
        return nil
    }

    /// The line's text, without a newline: `Digest file\ts3://b/k\tvalid`,
    /// `Log file\ts3://b/k\tINVALID: hash value doesn't match`,
    /// `No log files were delivered by CloudTrail between <from> and <to>`.
    package var text: String {
        switch self {
        case .file(let kind, let bucket, let key, let problem):
            let label = kind == .digest ? "Digest file" : "Log file"
            return "\(label)\ts3://\(bucket)/\(key)\t" + (problem.map { "INVALID: \($0)" } ?? "valid")
        case .gap(let from, let to):
            return "No log files were delivered by CloudTrail between \(ValidationDate.display(from)) and "
                + ValidationDate.display(to)
        }
    }

    /// Whether the AWS CLI writes the line to standard error (problems and gaps) rather than to standard
    /// output (valid files, with `--verbose` only).
    package var isError: Bool {
        switch self {
        case .file(_, _, _, let problem): return problem != nil
        case .gap: return true
        }
    }
}
