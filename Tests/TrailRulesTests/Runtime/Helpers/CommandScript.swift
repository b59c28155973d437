import Foundation

/// A `/bin/sh` script in a fresh temporary directory that a command target or subscription runs: it copies
/// its standard input to `input.json`, its environment to `environment.txt`, appends `$OPENTRAIL_ATTEMPT`
/// to `attempts.txt`, and exits with the status it was written with. Call ``remove()`` when the test ends.
struct CommandScript: Sendable {
    let directory: String

    var path: String { directory + "/target.sh" }

    /// Writes a script that exits with `exitStatus`.
    init(exitStatus: Int32 = 0) throws {
        directory = NSTemporaryDirectory() + "opentrail-rules-command-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try write(exitStatus: exitStatus)
    }

    /// Rewrites the script to exit with `exitStatus` (keeping what earlier runs recorded).
    func write(exitStatus: Int32) throws {
        let script = """
            #!/bin/sh
            cat > '\(directory)/input.json'
            env > '\(directory)/environment.txt'
            echo "$OPENTRAIL_ATTEMPT" >> '\(directory)/attempts.txt'
            echo "failing on purpose" >&2
            exit \(exitStatus)

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// What the last run read on its standard input, or `nil` when the script has not run.
    var input: [UInt8]? {
        FileManager.default.contents(atPath: directory + "/input.json").map { [UInt8]($0) }
    }

    /// The environment of the last run.
    var environment: [String: String] {
        guard let data = FileManager.default.contents(atPath: directory + "/environment.txt") else { return [:] }
        var variables: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return variables
    }

    /// `$OPENTRAIL_ATTEMPT` of every run, in order (empty lines for runs without it).
    var attempts: [String] {
        guard let data = FileManager.default.contents(atPath: directory + "/attempts.txt") else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
