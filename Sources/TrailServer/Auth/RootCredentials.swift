import Foundation
import Logging

/// Finds or creates the root access key.
///
/// Order: the configuration (from `OPENTRAIL_ROOT_ACCESS_KEY_ID` / `OPENTRAIL_ROOT_SECRET_ACCESS_KEY`),
/// then `<data-dir>/credentials`, else a new key written there in the AWS shared-credentials format
/// with mode 0600. The secret is never logged.
enum RootCredentials {
    static func resolve(configuration: ServerConfiguration, logger: Logger) throws -> AccessKey {
        if let key = configuration.rootAccessKey { return key }
        let path = configuration.credentialsPath
        if FileManager.default.fileExists(atPath: path) {
            guard let key = try read(path: path) else {
                throw ConfigurationError("\(path) has no [default] aws_access_key_id / aws_secret_access_key")
            }
            logger.info("Using root credentials", metadata: ["trail.credentials.path": "\(path)"])
            return key
        }
        let key = generate()
        try write(key, to: path)
        logger.notice(
            "Generated a root access key; use it with AWS_SHARED_CREDENTIALS_FILE",
            metadata: ["trail.credentials.path": "\(path)", "trail.credentials.access_key_id": "\(key.accessKeyId)"]
        )
        return key
    }

    /// A new key: `AKIA` + 16 characters, and a 40-character secret from the system's CSPRNG.
    static func generate() -> AccessKey {
        var rng = SystemRandomNumberGenerator()
        let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let secretAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let id = "AKIA" + String((0..<16).map { _ in idAlphabet.randomElement(using: &rng)! })
        let secret = String((0..<40).map { _ in secretAlphabet.randomElement(using: &rng)! })
        return AccessKey(accessKeyId: id, secretAccessKey: secret)
    }

    static func write(_ key: AccessKey, to path: String) throws {
        let text = """
            # OpenTrail root access key. Keep this file private.
            [default]
            aws_access_key_id = \(key.accessKeyId)
            aws_secret_access_key = \(key.secretAccessKey)

            """
        // Create with 0600 from the start, so the secret is never readable by others, even briefly.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ConfigurationError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ConfigurationError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fsync(fd) == 0 else { throw ConfigurationError("cannot sync \(path)") }
    }

    /// Reads the `[default]` profile of a shared-credentials file.
    static func read(path: String) throws -> AccessKey? {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return parse(text, profile: "default")
    }

    static func parse(_ text: String, profile: String) -> AccessKey? {
        var section: String?
        var id: String?
        var secret: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == profile, let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if key == "aws_access_key_id" { id = value }
            if key == "aws_secret_access_key" { secret = value }
        }
        guard let id, let secret, !id.isEmpty, !secret.isEmpty else { return nil }
        return AccessKey(accessKeyId: id, secretAccessKey: secret)
    }
}
