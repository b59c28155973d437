/// Where delivered files go: a bucket-and-key object store with S3's semantics.
///
/// Two implementations exist: ``LocalDirectoryStore`` (the embedded default: a bucket is a
/// directory) and ``S3ObjectStore`` (any S3-compatible service). Both throw ``ObjectStoreError``.
package protocol ObjectStore: Sendable {
    /// Whether `bucket` exists and can be used (S3 `HeadBucket`).
    ///
    /// - Parameter bucket: The bucket name.
    /// - Returns: `true` when it exists, `false` when it does not.
    /// - Throws: ``ObjectStoreError`` with ``ObjectStoreError/Code/accessDenied`` when it exists
    ///   but the caller may not use it, or another code when the store cannot answer.
    func bucketExists(_ bucket: String) async throws -> Bool

    /// The region `bucket` lives in (S3 `GetBucketLocation`; an empty location is `us-east-1`).
    ///
    /// - Parameter bucket: The bucket name.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/noSuchBucket`` when absent).
    func bucketRegion(_ bucket: String) async throws -> String

    /// Stores `object` under `key`, replacing any object there (S3 `PutObject`). Readers see
    /// either the old object or the new one, never a part.
    ///
    /// - Parameters:
    ///   - object: The bytes, headers, metadata and encryption.
    ///   - bucket: The bucket name.
    ///   - key: The object key.
    /// - Throws: ``ObjectStoreError``.
    func putObject(_ object: ObjectUpload, bucket: String, key: String) async throws

    /// Reads an object (S3 `GetObject`), decrypted if the store encrypted it.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - key: The object key.
    /// - Throws: ``ObjectStoreError`` with ``ObjectStoreError/Code/noSuchKey`` when there is no
    ///   such object, ``ObjectStoreError/Code/noSuchBucket`` when there is no such bucket.
    func getObject(bucket: String, key: String) async throws -> StoredObject

    /// Reads an object's information without its bytes (S3 `HeadObject`).
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - key: The object key.
    /// - Returns: The information, or `nil` when there is no such object.
    /// - Throws: ``ObjectStoreError``.
    func headObject(bucket: String, key: String) async throws -> ObjectInfo?

    /// Lists keys in ascending order of their UTF-8 bytes, one page at a time (S3 `ListObjectsV2`).
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - prefix: Only keys that begin with this; empty for all.
    ///   - delimiter: When set, keys that contain it after `prefix` are rolled up into
    ///     ``ObjectListing/commonPrefixes``.
    ///   - startAfter: Only keys after this one (ignored with a `continuationToken`).
    ///   - continuationToken: The ``ObjectListing/nextContinuationToken`` of the previous page.
    ///   - maxKeys: At most this many keys and common prefixes together, 1 to 1000.
    /// - Throws: ``ObjectStoreError`` (``ObjectStoreError/Code/noSuchBucket`` when absent).
    func listObjects(
        bucket: String,
        prefix: String,
        delimiter: String?,
        startAfter: String?,
        continuationToken: String?,
        maxKeys: Int
    ) async throws -> ObjectListing
}

extension ObjectStore {
    /// Lists keys with S3's defaults: no delimiter, up to 1000 keys per page.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - prefix: Only keys that begin with this; empty for all.
    ///   - delimiter: When set, keys that contain it after `prefix` are rolled up.
    ///   - startAfter: Only keys after this one.
    ///   - continuationToken: The token of the previous page.
    ///   - maxKeys: At most this many entries, 1 to 1000.
    package func listObjects(
        bucket: String,
        prefix: String = "",
        delimiter: String? = nil,
        startAfter: String? = nil,
        continuationToken: String? = nil,
        maxKeys: Int = 1000
    ) async throws -> ObjectListing {
        try await listObjects(
            bucket: bucket,
            prefix: prefix,
            delimiter: delimiter,
            startAfter: startAfter,
            continuationToken: continuationToken,
            maxKeys: maxKeys
        )
    }

    /// Every key under `prefix`, following continuation tokens until the last page.
    ///
    /// - Parameters:
    ///   - bucket: The bucket name.
    ///   - prefix: Only keys that begin with this; empty for all.
    /// - Throws: ``ObjectStoreError``.
    package func allKeys(bucket: String, prefix: String = "") async throws -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            let page = try await listObjects(bucket: bucket, prefix: prefix, continuationToken: token)
            keys += page.keys
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return keys
    }
}
