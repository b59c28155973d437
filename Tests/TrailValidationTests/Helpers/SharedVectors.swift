import Foundation
import Testing
import TrailModel

/// The AWS CLI vectors in `../shared/testdata/digests/awscli-validate-logs` (or under `$OPENTRAIL_SHARED`).
enum SharedVectors {
    static let directory: URL? = {
        var candidates: [URL] = []
        if let shared = ProcessInfo.processInfo.environment["OPENTRAIL_SHARED"], !shared.isEmpty {
            candidates.append(URL(fileURLWithPath: shared).appendingPathComponent("testdata"))
        }
        // <root>/Tests/TrailValidationTests/Helpers/SharedVectors.swift -> <root>/../shared/testdata
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/testdata"))
        return candidates.map { $0.appendingPathComponent("digests/awscli-validate-logs") }
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    static var isAvailable: Bool { directory != nil }

    static let skipMessage: Comment =
        "needs ../shared/testdata/digests/awscli-validate-logs (set OPENTRAIL_SHARED to the directory holding testdata)"

    static func file(_ name: String) throws -> Data {
        try Data(contentsOf: directory!.appendingPathComponent(name))
    }

    static func vectors() throws -> JSONValue {
        try JSONValue(parsing: [UInt8](file("awscli_validation_vectors.json")))
    }
}
