import Foundation

/// Turns a validation run into the text of `aws cloudtrail validate-logs`, stream by stream: the startup line,
/// valid files on standard output with `--verbose` only, problems and gaps on standard error (each followed
/// by a blank line, and preceded by one after a valid line), and the summary.
///
/// The writer keeps the AWS CLI's one piece of state: whether the last line ended with a blank line.
package struct ValidationOutput: Sendable {
    /// Where a piece of text goes.
    package enum Stream: Sendable, Hashable {
        /// Standard output.
        case standardOutput
        /// Standard error.
        case standardError
    }

    /// A piece of text for one stream.
    package struct Chunk: Sendable, Hashable {
        /// The stream.
        package var stream: Stream
        /// The text, newlines included.
        package var text: String

        /// Creates a chunk.
        package init(_ stream: Stream, _ text: String) {
            self.stream = stream
            self.text = text
        }
    }

    /// Whether valid files are listed (`--verbose`).
    package let isVerbose: Bool
    private var isLastStatusDoubleSpace = true

    /// Creates a writer.
    ///
    /// - Parameter isVerbose: Whether valid files are listed.
    package init(isVerbose: Bool) {
        self.isVerbose = isVerbose
    }

    /// `Validating log files for trail <arn> between <start> and <end>` and a blank line.
    package func startup(trailARN: String, start: Date, end: Date) -> [Chunk] {
        [
            Chunk(
                .standardOutput,
                "Validating log files for trail \(trailARN) between \(ValidationDate.display(start)) and "
                    + "\(ValidationDate.display(end))\n\n"
            )
        ]
    }

    /// The text of one event.
    package mutating func report(_ event: ValidationEvent) -> [Chunk] {
        if event.isError {
            let text = isLastStatusDoubleSpace ? "\(event.text)\n\n" : "\n\(event.text)\n\n"
            isLastStatusDoubleSpace = true
            return [Chunk(.standardError, text)]
        }
        guard isVerbose else { return [] }
        isLastStatusDoubleSpace = false
        return [Chunk(.standardOutput, "\(event.text)\n")]
    }

    /// The summary: requested range, found range, ratios, and (OpenTrail) a note when the digest index was
    /// not available.
    package func summary(_ summary: ValidationSummary, start: Date, end: Date) -> [Chunk] {
        var text = isLastStatusDoubleSpace ? "" : "\n"
        text += "Results requested for \(ValidationDate.display(start)) to \(ValidationDate.display(end))\n"
        if summary.validDigests + summary.invalidDigests == 0 {
            text += "No digests found\n"
        } else {
            if let foundStart = summary.foundStart, let foundEnd = summary.foundEnd {
                text +=
                    "Results found for \(ValidationDate.display(foundStart)) to \(ValidationDate.display(foundEnd)):\n"
            } else {
                text += "No valid digests found in range\n"
            }
            text += Self.ratio(valid: summary.validDigests, invalid: summary.invalidDigests, name: "digest")
            text += Self.ratio(valid: summary.validLogFiles, invalid: summary.invalidLogFiles, name: "log")
            text += "\n"
        }
        if case .unavailable(let reason) = summary.index {
            text +=
                "\nChain-end truncation not checked: no digest index (\(reason)), so deleted newest digest files "
                + "cannot be detected.\n"
        }
        return [Chunk(.standardOutput, text)]
    }

    /// A failure that stops the run, as the AWS CLI prints it: `\n<message>\n` on standard error.
    package static func fatal(_ message: String) -> Chunk {
        Chunk(.standardError, "\n\(message)\n")
    }

    private static func ratio(valid: Int, invalid: Int, name: String) -> String {
        let total = valid + invalid
        guard total > 0 else { return "" }
        var text = "\n\(valid)/\(total) \(name) files valid"
        if invalid > 0 { text += ", \(invalid)/\(total) \(name) files INVALID" }
        return text
    }
}
