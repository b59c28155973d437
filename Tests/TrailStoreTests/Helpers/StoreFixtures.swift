import Foundation
import Logging
import TrailModel
import TrailStore

/// A store in a fresh temporary directory, removed when the test ends.
struct TemporaryStore {
    let directory: URL
    let store: SQLiteStore

    init(indexMergeThreshold: Int = 100_000) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "opentrail-store-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("test.sqlite").path
        store = try SQLiteStore(
            configuration: .init(path: path, indexMergeThreshold: indexMergeThreshold),
            logger: Logger(label: "test")
        )
    }

    var path: String { directory.appendingPathComponent("test.sqlite").path }

    /// Opens the same database again (as a restart does).
    func reopen() throws -> SQLiteStore {
        try SQLiteStore(configuration: .init(path: path), logger: Logger(label: "test"))
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A record written by the test, with the fields event history indexes.
func makeRecord(
    id: String = UUID().uuidString,
    time: String = "2026-11-20T10:00:00Z",
    name: String = "CreateTrail",
    source: String = "cloudtrail.amazonaws.com",
    user: String = "alice",
    key: String = "AKIAEXAMPLE0000001",
    readOnly: Bool = false,
    resources: [(type: String, arn: String)] = [],
    category: String = "Management"
) -> EventRecord {
    var members: [(key: String, value: JSONValue)] = [
        ("eventVersion", .string("1.11")),
        (
            "userIdentity",
            .object([
                ("type", .string("IAMUser")), ("userName", .string(user)), ("accessKeyId", .string(key)),
            ])
        ),
        ("eventTime", .string(time)),
        ("eventSource", .string(source)),
        ("eventName", .string(name)),
        ("awsRegion", .string("us-east-1")),
        ("eventID", .string(id)),
        ("readOnly", .bool(readOnly)),
        ("eventCategory", .string(category)),
    ]
    if !resources.isEmpty {
        members.append(
            ("resources", .array(resources.map { .object([("type", .string($0.type)), ("ARN", .string($0.arn))]) }))
        )
    }
    let bytes = JSONValue.object(members).serialized
    return try! EventRecord(parsing: bytes, receivedAt: 0, newEventID: { fatalError("has an id") })
}
