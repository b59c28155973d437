import ArgumentParser
import Foundation
import TrailModel
import TrailServer

/// `--json`: the server's answer instead of text.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the server's JSON answer instead of text.")
    var json = false

    /// Prints `answer` as one line of JSON.
    func printJSON(_ answer: JSONValue) {
        print(answer.serializedString)
    }
}

/// A time option: ISO 8601, epoch seconds, or an age like `15m`, `2h`, `7d` (see ``TimeExpression``).
struct TimeArgument: ExpressibleByArgument, Sendable {
    let expression: TimeExpression
    let text: String

    init?(argument: String) {
        guard let expression = TimeExpression(parsing: argument) else { return nil }
        self.expression = expression
        self.text = argument
    }

    var defaultValueDescription: String { text }

    /// Milliseconds since 1970, an age counted back from `now`.
    func milliseconds(now: Date) -> Int64 { expression.milliseconds(now: now) }

    /// Help for a time option.
    static func help(_ summary: String) -> ArgumentHelp {
        ArgumentHelp("\(summary) \(TimeExpression.formats).", valueName: "time")
    }
}

extension ClientOptions {
    /// Calls one monitoring action (`path`, e.g. `/v1/logs/DescribeLogGroups`) with `body`, signed for
    /// `--region`.
    func call(_ path: String, _ body: JSONValue) async throws -> JSONValue {
        try await client().monitoringCall(path, body: body, region: region)
    }
}

/// Checks option values in `validate()` by building what they make, a malformed value reported as a usage
/// error of the subcommand.
func validateValues<T>(_ build: () throws(MonitoringRequest.InvalidValue) -> T) throws {
    do {
        _ = try build()
    } catch {
        throw ValidationError(error.description)
    }
}

/// A file an option names cannot be read.
struct UnreadableFile: Error, CustomStringConvertible {
    let option: String
    let path: String

    var description: String { "\(option): cannot read \(path)" }
}

/// An answer without what its action promises.
struct UnexpectedAnswer: Error, CustomStringConvertible {
    let action: String
    let answer: JSONValue

    var description: String { "\(action): unexpected answer \(answer.serializedString.prefix(200))" }
}

/// The bytes of a file an option names.
///
/// - Throws: ``UnreadableFile``.
func contents(ofFile path: String, option: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw UnreadableFile(option: option, path: path)
    }
    return [UInt8](data)
}

/// A JSON object of `members`, without those that are `nil`.
func requestBody(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
    .object(members.compactMap { member in member.value.map { (member.key, $0) } })
}
