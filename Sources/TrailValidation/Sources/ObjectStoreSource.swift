import Foundation
import TrailDelivery

/// A ``ValidationSource`` over any `ObjectStore`: the embedded `LocalDirectoryStore` (reading the server's
/// bucket directories, at-rest encrypted files decrypted with its master key) or an `S3ObjectStore` (AWS S3,
/// or OpenTrail's own S3 read API).
///
/// `NoSuchKey` is a missing file; an object that fails decryption is an unreadable one; any other store
/// error stops the run.
package struct ObjectStoreSource: ValidationSource {
    /// The store.
    package let store: any ObjectStore
    /// How many objects are read at once unless configured.
    package let defaultConcurrency: Int

    /// The size of the parts ``read(bucket:key:into:)`` hands on.
    static let chunkSize = 1 << 20

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - store: The store.
    ///   - defaultConcurrency: Reads at once; by default twice the core count for a `LocalDirectoryStore`
    ///     (each read waits on a file-system thread, then inflates and hashes on a core), 32 for others.
    package init(store: any ObjectStore, defaultConcurrency: Int? = nil) {
        self.store = store
        self.defaultConcurrency =
            defaultConcurrency
            ?? (store is LocalDirectoryStore ? 2 * max(1, ProcessInfo.processInfo.activeProcessorCount) : 32)
    }

    package func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    )
        async throws -> KeyPage
    {
        let page = try await store.listObjects(
            bucket: bucket,
            prefix: prefix,
            delimiter: nil,
            startAfter: continuationToken == nil ? startAfter : nil,
            continuationToken: continuationToken,
            maxKeys: 1000
        )
        return KeyPage(keys: page.keys, nextContinuationToken: page.isTruncated ? page.nextContinuationToken : nil)
    }

    package func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject> {
        switch try await get(bucket: bucket, key: key) {
        case .found(let object): return .found(DigestObject(body: object.body, metadata: object.metadata))
        case .notFound: return .notFound
        case .unreadable(let reason): return .unreadable(reason: reason)
        }
    }

    package func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    )
        async throws -> SourceRead<Void>
    {
        switch try await get(bucket: bucket, key: key) {
        case .found(let object):
            try object.body.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let end = min(bytes.count, offset + Self.chunkSize)
                    try consume(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
                    offset = end
                }
            }
            return .found(())
        case .notFound: return .notFound
        case .unreadable(let reason): return .unreadable(reason: reason)
        }
    }

    private func get(bucket: String, key: String) async throws -> SourceRead<StoredObject> {
        do {
            return .found(try await store.getObject(bucket: bucket, key: key))
        } catch let error as ObjectStoreError where error.code == .noSuchKey {
            return .notFound
        } catch let error as ObjectStoreError where error.code == .decryptionFailed {
            return .unreadable(reason: error.message)
        }
    }
}
