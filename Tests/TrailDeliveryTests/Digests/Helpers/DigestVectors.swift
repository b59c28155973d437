import Foundation
import Testing
import TrailModel
import TrailTestSupport

/// The digest material of the shared test data: `testdata/digests/` under `$OPENTRAIL_SHARED`, or under
/// `../shared` beside the package root.
enum DigestVectors {
    /// `awscli-validate-logs`: vectors transcribed from the AWS CLI's `validate-logs` tests.
    static let cliDirectory = SharedTestData.url("digests/awscli-validate-logs")
    /// `awsdocs-user-guide`: the digests of the CloudTrail user guide.
    static let guideDirectory = SharedTestData.url("digests/awsdocs-user-guide")

    static var isAvailable: Bool {
        guard let cliDirectory, let guideDirectory else { return false }
        return FileManager.default.fileExists(atPath: cliDirectory.appendingPathComponent(vectorsFile).path)
            && FileManager.default.fileExists(atPath: cliDirectory.appendingPathComponent(sampleKeyFile).path)
            && FileManager.default.fileExists(atPath: guideDirectory.appendingPathComponent(examplesFile).path)
    }

    static let missing: Comment = "digest test data not found: set OPENTRAIL_SHARED or check out ../shared"

    static let vectorsFile = "awscli_validation_vectors.json"
    static let sampleKeyFile = "sample_private_key.pem"
    static let examplesFile = "digest_file_structure_examples.json"

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "missing \(path)" }
    }

    /// `awscli_validation_vectors.json`.
    static func cliVectors() throws -> JSONValue {
        guard let url = cliDirectory?.appendingPathComponent(vectorsFile) else { throw Missing(path: vectorsFile) }
        return try JSONValue(parsing: Array(try Data(contentsOf: url)))
    }

    /// `sample_private_key.pem`, the AWS CLI's test signing key.
    static func samplePrivateKeyPEM() throws -> String {
        guard let url = cliDirectory?.appendingPathComponent(sampleKeyFile) else { throw Missing(path: sampleKeyFile) }
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The `digest` member of each example of the user guide.
    static func guideExamples() throws -> [JSONValue] {
        guard let url = guideDirectory?.appendingPathComponent(examplesFile) else {
            throw Missing(path: examplesFile)
        }
        guard case .array(let examples) = try JSONValue(parsing: Array(try Data(contentsOf: url))) else { return [] }
        return examples.compactMap { $0["digest"] }
    }
}

extension JSONValue {
    /// The member names of an object, in order.
    var memberNames: [String] {
        guard case .object(let members) = self else { return [] }
        return members.map(\.key)
    }
}
