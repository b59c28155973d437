import Foundation

/// Finds the third-party test material in `../shared/testdata` (or `$OPENTRAIL_SHARED/testdata`).
///
/// Tests that need it are enabled only when it is there (`.enabled(if: SharedTestData.isAvailable)`),
/// so a checkout without it still runs every test of the project's own fixtures.
public enum SharedTestData {
    /// The `testdata` directory, if present.
    public static let directory: URL? = {
        var candidates: [URL] = []
        if let shared = ProcessInfo.processInfo.environment["OPENTRAIL_SHARED"], !shared.isEmpty {
            candidates.append(URL(fileURLWithPath: shared).appendingPathComponent("testdata"))
        }
        // <root>/Tests/TrailTestSupport/SharedTestData.swift -> <root>/../shared/testdata
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/testdata"))
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Whether the material is present.
    public static var isAvailable: Bool { directory != nil }

    /// A file or directory below `testdata`.
    public static func url(_ relativePath: String) -> URL? {
        directory?.appendingPathComponent(relativePath)
    }

    /// Every record of the CloudTrail log samples in `testdata/cloudtrail-logs`, as raw JSON bytes, with
    /// the file each came from. Files that are deliberately malformed are skipped.
    public static func cloudTrailRecords() throws -> [(file: String, bytes: [UInt8])] {
        guard let base = url("cloudtrail-logs") else { return [] }
        var out: [(String, [UInt8])] = []
        let files =
            FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter {
                $0.pathExtension == "json" && !$0.lastPathComponent.contains("INVENTORY")
                    && !$0.lastPathComponent.contains("index")
            }
            .sorted { $0.path < $1.path } ?? []
        for file in files {
            let data = try Data(contentsOf: file)
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let records = object["Records"] as? [Any]
            else { continue }
            for record in records where record is [String: Any] {
                let bytes = try JSONSerialization.data(withJSONObject: record)
                out.append((file.lastPathComponent, [UInt8](bytes)))
            }
        }
        return out
    }
}
