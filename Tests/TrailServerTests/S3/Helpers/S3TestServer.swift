import Foundation
import HTTPTypes
import HummingbirdTesting
import TrailDelivery
import TrailServer

/// A user the config file allows to read encrypted objects (`decryptsObjects: true`); alice may not.
let bobKey = AccessKey(accessKeyId: "AKIABOB0000000000001", secretAccessKey: "bob-secret-0123456789abcdefghijk")

/// A server on a fresh data directory, with a second handle on its local store so that a test can put
/// objects (with metadata or encryption) as a trail's delivery would.
struct S3TestServer: Sendable {
    let configuration: ServerConfiguration
    let clock: TestClock
    let store: LocalDirectoryStore

    /// Builds the server and runs `test` against it in-process.
    static func run(
        _ adjust: (inout ServerConfiguration) -> Void = { _ in },
        _ test: @Sendable (any TestClientProtocol, S3TestServer) async throws -> Void
    ) async throws {
        let clock = TestClock()
        let configuration = testConfiguration {
            $0.principals.append(
                PrincipalConfiguration(
                    userName: "bob",
                    accessKeyId: bobKey.accessKeyId,
                    secretAccessKey: bobKey.secretAccessKey,
                    decryptsObjects: true
                )
            )
            adjust(&$0)
        }
        let app = try await buildApplication(configuration, logger: testLogger(), now: { clock.now })
        let keyPath = (configuration.dataDirectory as NSString).appendingPathComponent(MasterKey.defaultFileName)
        let store = try LocalDirectoryStore(
            root: configuration.bucketsPath,
            masterKey: try MasterKey.loadOrCreate(at: keyPath),
            configuration: .init(region: configuration.region)
        )
        let server = S3TestServer(configuration: configuration, clock: clock, store: store)
        defer { try? FileManager.default.removeItem(atPath: configuration.dataDirectory) }
        try await app.test(.router) { client in try await test(client, server) }
    }

    /// Puts objects into a bucket, creating it.
    func put(
        _ bucket: String,
        _ objects: [String: String],
        contentType: String = "application/octet-stream",
        contentEncoding: String? = nil,
        metadata: [String: String] = [:],
        encryption: ObjectEncryption? = nil
    ) async throws {
        try await store.createBucket(bucket)
        for (key, body) in objects {
            try await store.putObject(
                ObjectUpload(
                    body: Array(body.utf8),
                    contentType: contentType,
                    contentEncoding: contentEncoding,
                    metadata: metadata,
                    encryption: encryption
                ),
                bucket: bucket,
                key: key
            )
        }
    }

    /// A signed S3 call at the server's time.
    func call(
        _ method: HTTPRequest.Method = .get,
        _ path: String,
        query: [(String, String?)] = [],
        key: AccessKey = rootKey
    ) -> S3Call {
        S3Call(method, path, query: query, key: key, date: clock.now)
    }
}
