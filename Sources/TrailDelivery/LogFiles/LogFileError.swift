/// An error building, naming or reading a CloudTrail log file.
///
/// Two errors are equal when their codes are; ``reason`` says what went wrong for people and never
/// contains record contents.
package struct LogFileError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What kind of error this is.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidRecord
            case compressionFailed
            case invalidKey
        }

        private let base: Base

        /// A record given to ``LogFileBuilder`` is not a JSON object.
        package static let invalidRecord = Code(base: .invalidRecord)
        /// zlib failed to compress the file.
        package static let compressionFailed = Code(base: .compressionFailed)
        /// The parts of a ``LogFileKey`` cannot form an object key CloudTrail would write.
        package static let invalidKey = Code(base: .invalidKey)

        package var description: String { "\(base)" }
    }

    /// What kind of error this is.
    package let code: Code
    /// What went wrong, for people.
    package let reason: String
    /// Where the error was raised, for logs only.
    package let location: String

    /// Creates an error; prefer the static factories.
    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.location = "\(file):\(line)"
    }

    /// A record that is not a JSON object.
    package static func invalidRecord(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidRecord, reason, file: file, line: line)
    }

    /// A failure of the compressor.
    package static func compressionFailed(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.compressionFailed, reason, file: file, line: line)
    }

    /// Key parts that cannot form a CloudTrail object key.
    package static func invalidKey(_ reason: String, file: String = #fileID, line: Int = #line) -> Self {
        Self(.invalidKey, reason, file: file, line: line)
    }

    package static func == (a: Self, b: Self) -> Bool { a.code == b.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
    package var description: String { "LogFileError.\(code): \(reason) (\(location))" }
}
