import Synchronization
import TrailDelivery

/// An ``ObjectStore`` over a real one whose puts fail on demand, and that can run an action before a put
/// (to change the world while a delivery pass is in the middle of storing a file).
final class FlakyObjectStore: ObjectStore {
    /// One call of ``putObject(_:bucket:key:)``.
    struct Attempt: Sendable, Hashable {
        var bucket: String
        var key: String
        var succeeded: Bool
    }

    private struct State {
        var failures = 0
        var error = ObjectStoreError(.unavailable, "the store is down")
        var beforeNextPut: (@Sendable () async throws -> Void)?
        var attempts: [Attempt] = []
    }

    let base: any ObjectStore
    private let state = Mutex(State())

    init(_ base: any ObjectStore) {
        self.base = base
    }

    /// Makes the next `count` puts throw `error` (without reaching the store underneath).
    func failNextPuts(_ count: Int, with error: ObjectStoreError) {
        state.withLock {
            $0.failures = count
            $0.error = error
        }
    }

    /// Lets every put through again.
    func recover() {
        state.withLock { $0.failures = 0 }
    }

    /// Runs `action` once, at the start of the next put.
    func beforeNextPut(_ action: @escaping @Sendable () async throws -> Void) {
        state.withLock { $0.beforeNextPut = action }
    }

    /// Every put so far, in order.
    var attempts: [Attempt] { state.withLock { $0.attempts } }

    func putObject(_ object: ObjectUpload, bucket: String, key: String) async throws {
        let action = state.withLock { state in
            defer { state.beforeNextPut = nil }
            return state.beforeNextPut
        }
        try await action?()
        let failure: ObjectStoreError? = state.withLock { state in
            guard state.failures > 0 else { return nil }
            state.failures -= 1
            state.attempts.append(Attempt(bucket: bucket, key: key, succeeded: false))
            return state.error
        }
        if let failure { throw failure }
        try await base.putObject(object, bucket: bucket, key: key)
        state.withLock { $0.attempts.append(Attempt(bucket: bucket, key: key, succeeded: true)) }
    }

    func bucketExists(_ bucket: String) async throws -> Bool {
        try await base.bucketExists(bucket)
    }

    func bucketRegion(_ bucket: String) async throws -> String {
        try await base.bucketRegion(bucket)
    }

    func getObject(bucket: String, key: String) async throws -> StoredObject {
        try await base.getObject(bucket: bucket, key: key)
    }

    func headObject(bucket: String, key: String) async throws -> ObjectInfo? {
        try await base.headObject(bucket: bucket, key: key)
    }

    func listObjects(
        bucket: String,
        prefix: String,
        delimiter: String?,
        startAfter: String?,
        continuationToken: String?,
        maxKeys: Int
    ) async throws -> ObjectListing {
        try await base.listObjects(
            bucket: bucket,
            prefix: prefix,
            delimiter: delimiter,
            startAfter: startAfter,
            continuationToken: continuationToken,
            maxKeys: maxKeys
        )
    }
}
