import Foundation

/// The embedded object store: a bucket is a directory under ``root`` and an object is a file at
/// `<root>/<bucket>/<key>`, byte for byte what was uploaded, so `gunzip` and `jq` work on it
/// directly (unless it was uploaded with ``ObjectEncryption/kms(keyId:)``).
///
/// Headers and user metadata live in a JSON sidecar at `<root>/.metadata/<bucket>/<key>`
/// (``ObjectSidecar``), outside the bucket directory, so a bucket directory holds only objects.
/// A bucket name cannot begin with a dot, so `.metadata` never collides with a bucket.
///
/// Writes are atomic and durable: the object goes to a temporary file in its directory and is
/// synced; the sidecar is written the same way and renamed into place; then the object is renamed
/// into place and the directory synced. Readers see the old object or the new one, never a part.
///
/// Objects uploaded with ``ObjectEncryption/kms(keyId:)`` are encrypted at rest with AES-256-GCM
/// (``ObjectEnvelope``) under a key derived from the store's ``MasterKey``; ``getObject(bucket:key:)``
/// decrypts them, so readers always see plaintext.
///
/// Keys are stricter than S3's because they are paths: no leading `/`, no empty, `.` or `..`
/// segment, no trailing `/`, and a key cannot be both an object and a "directory" of other keys
/// (`a` and `a/b`).
package struct LocalDirectoryStore: ObjectStore {
    /// Choices for a local store; the defaults keep everything private to the server's user.
    package struct Configuration: Sendable {
        /// What ``LocalDirectoryStore/bucketRegion(_:)`` answers: the server's region.
        package var region: String
        /// The mode of object and sidecar files.
        package var fileMode: Int
        /// The mode of the directories the store creates.
        package var directoryMode: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - region: The region every bucket reports.
        ///   - fileMode: The mode of created files, 0600 by default.
        ///   - directoryMode: The mode of created directories, 0700 by default.
        package init(region: String = "us-east-1", fileMode: Int = 0o600, directoryMode: Int = 0o700) {
            self.region = region
            self.fileMode = fileMode
            self.directoryMode = directoryMode
        }
    }

    /// The directory that holds one directory per bucket, for example `<data-dir>/buckets`.
    package let root: String
    /// The store's configuration.
    package let configuration: Configuration
    let masterKey: MasterKey?

    /// The name of the hidden directory under ``root`` that holds the sidecars.
    package static let metadataDirectoryName = ".metadata"

    /// Opens (creating if needed) a store rooted at `root`.
    ///
    /// - Parameters:
    ///   - root: The directory that holds the buckets; created with its parents when missing.
    ///   - masterKey: The key that encrypts objects uploaded with ``ObjectEncryption/kms(keyId:)``;
    ///     without one such uploads are refused and encrypted objects cannot be read.
    ///   - configuration: Region and file modes.
    /// - Throws: ``ObjectStoreError`` when the directories cannot be created.
    package init(root: String, masterKey: MasterKey? = nil, configuration: Configuration = Configuration()) throws {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.masterKey = masterKey
        self.configuration = configuration
        do {
            try LocalObjectFiles.makeDirectoryTree(root + "/" + Self.metadataDirectoryName, mode: directoryMode)
        } catch {
            throw Self.mapped(error, bucket: nil, key: nil)
        }
    }

    /// Creates the bucket's directory; creating a bucket that exists succeeds.
    ///
    /// - Parameter bucket: A name that follows S3's bucket naming rules.
    /// - Throws: ``ObjectStoreError/Code/invalidArgument`` for a bad name, or another code when the
    ///   directory cannot be created.
    package func createBucket(_ bucket: String) async throws {
        try ObjectNaming.validateBucketName(bucket)
        let root = self.root
        let mode = self.directoryMode
        try await run(bucket: bucket, key: nil) {
            try LocalObjectFiles.makeDirectories([Substring(bucket)], under: root, mode: mode)
        }
    }

    package func bucketExists(_ bucket: String) async throws -> Bool {
        try ObjectNaming.validateBucketName(bucket)
        let path = bucketPath(bucket)
        return try await run(bucket: bucket, key: nil) {
            try LocalObjectFiles.status(path)?.isDirectory == true
        }
    }

    package func bucketRegion(_ bucket: String) async throws -> String {
        guard try await bucketExists(bucket) else { throw ObjectStoreError.noSuchBucket(bucket) }
        return configuration.region
    }

    package func putObject(_ object: ObjectUpload, bucket: String, key: String) async throws {
        try ObjectNaming.validateBucketName(bucket)
        try Self.validateKey(key)
        let metadata = try ObjectNaming.normalizedMetadata(object.metadata)
        var stored = object.body
        var sidecar = ObjectSidecar(
            contentType: object.contentType,
            contentEncoding: object.contentEncoding,
            eTag: ObjectDigest.eTag(object.body),
            metadata: metadata,
            size: object.body.count,
            storedSize: object.body.count
        )
        if case .kms(let keyId) = object.encryption {
            guard let masterKey else {
                throw ObjectStoreError.invalidArgument(
                    "KMS encryption was requested, but this local store has no master key"
                )
            }
            stored = try ObjectEnvelope.seal(object.body, keyId: keyId, masterKey: masterKey)
            sidecar.storedSize = stored.count
            sidecar.serverSideEncryption = ObjectEncryption.kmsAlgorithm
            sidecar.kmsKeyId = keyId
        }
        let sidecarBytes = try sidecar.encoded()
        let paths = self.paths(bucket: bucket, key: key)
        let bucketDirectory = self.bucketPath(bucket)
        let metadataRoot = self.metadataRoot
        let fileMode = self.fileMode
        let directoryMode = self.directoryMode
        let stage = stored
        try await run(bucket: bucket, key: key) {
            guard try LocalObjectFiles.status(bucketDirectory)?.isDirectory == true else {
                throw ObjectStoreError.noSuchBucket(bucket)
            }
            let parents = Self.segments(key).dropLast()
            try LocalObjectFiles.makeDirectories(Array(parents), under: bucketDirectory, mode: directoryMode)
            try LocalObjectFiles.makeDirectories(
                [Substring(bucket)] + parents,
                under: metadataRoot,
                mode: directoryMode
            )
            let temporary = try LocalObjectFiles.writeTemporary(stage, in: paths.objectDirectory, mode: fileMode)
            do {
                try LocalObjectFiles.writeAtomically(
                    sidecarBytes,
                    to: paths.sidecar,
                    directory: paths.sidecarDirectory,
                    mode: fileMode
                )
                try LocalObjectFiles.commit(temporary, to: paths.object, directory: paths.objectDirectory)
            } catch {
                unlink(temporary)
                throw error
            }
        }
    }

    package func getObject(bucket: String, key: String) async throws -> StoredObject {
        try ObjectNaming.validateBucketName(bucket)
        try Self.validateKey(key)
        let paths = self.paths(bucket: bucket, key: key)
        let bucketDirectory = self.bucketPath(bucket)
        let masterKey = self.masterKey
        return try await run(bucket: bucket, key: key) {
            guard let file = try LocalObjectFiles.read(paths.object) else {
                guard try LocalObjectFiles.status(bucketDirectory)?.isDirectory == true else {
                    throw ObjectStoreError.noSuchBucket(bucket)
                }
                throw ObjectStoreError.noSuchKey(bucket: bucket, key: key)
            }
            let sidecar = try Self.freshSidecar(at: paths.sidecar, fileSize: file.status.size)
            let isSealed =
                sidecar.map { $0.serverSideEncryption == ObjectEncryption.kmsAlgorithm }
                ?? ObjectEnvelope.isSealed(file.bytes)
            var body = file.bytes
            var encryption: ObjectEncryption?
            if isSealed {
                let opened = try ObjectEnvelope.open(file.bytes, masterKey: masterKey, name: "\(bucket)/\(key)")
                body = opened.plaintext
                encryption = .kms(keyId: opened.keyId)
            }
            let info = ObjectInfo(
                key: key,
                size: body.count,
                lastModified: file.status.lastModified,
                contentType: sidecar.map(\.contentType) ?? Self.defaultContentType,
                contentEncoding: sidecar?.contentEncoding,
                metadata: sidecar?.metadata ?? [:],
                eTag: sidecar?.eTag ?? ObjectDigest.eTag(body),
                encryption: encryption
            )
            return StoredObject(info: info, body: body)
        }
    }

    package func headObject(bucket: String, key: String) async throws -> ObjectInfo? {
        try ObjectNaming.validateBucketName(bucket)
        try Self.validateKey(key)
        let paths = self.paths(bucket: bucket, key: key)
        return try await run(bucket: bucket, key: key) {
            guard let status = try LocalObjectFiles.status(paths.object), status.isRegularFile else { return nil }
            if let sidecar = try Self.freshSidecar(at: paths.sidecar, fileSize: status.size) {
                return ObjectInfo(
                    key: key,
                    size: sidecar.size,
                    lastModified: status.lastModified,
                    contentType: sidecar.contentType,
                    contentEncoding: sidecar.contentEncoding,
                    metadata: sidecar.metadata,
                    eTag: sidecar.eTag,
                    encryption: sidecar.encryption
                )
            }
            var info = ObjectInfo(
                key: key,
                size: status.size,
                lastModified: status.lastModified,
                contentType: Self.defaultContentType
            )
            if let header = try Self.sealedHeader(at: paths.object) {
                info.size = ObjectEnvelope.plaintextSize(fileSize: status.size, header: header)
                info.encryption = .kms(keyId: header.keyId)
            }
            return info
        }
    }

    // MARK: - Helpers

    /// The content type reported for a file that has no sidecar (placed there by hand).
    static let defaultContentType = "application/octet-stream"

    var metadataRoot: String { root + "/" + Self.metadataDirectoryName }
    var fileMode: mode_t { mode_t(configuration.fileMode) }
    var directoryMode: mode_t { mode_t(configuration.directoryMode) }

    func bucketPath(_ bucket: String) -> String { root + "/" + bucket }

    /// The sidecar at `path` when it exists, decodes and matches a file of `fileSize` bytes.
    static func freshSidecar(at path: String, fileSize: Int) throws -> ObjectSidecar? {
        guard let bytes = try LocalObjectFiles.read(path)?.bytes, let sidecar = ObjectSidecar.decode(bytes),
            sidecar.storedSize == fileSize
        else { return nil }
        return sidecar
    }

    /// The envelope header of the file at `path` when it is an encrypted object.
    static func sealedHeader(at path: String) throws -> ObjectEnvelope.Header? {
        guard let prefix = try LocalObjectFiles.readPrefix(path, count: ObjectEnvelope.fixedPrefixSize),
            ObjectEnvelope.isSealed(prefix)
        else { return nil }
        let keyIdLength = Int(prefix[prefix.count - 2]) << 8 | Int(prefix[prefix.count - 1])
        let size = ObjectEnvelope.fixedPrefixSize + keyIdLength + ObjectEnvelope.saltSize + ObjectEnvelope.nonceSize
        guard let full = try LocalObjectFiles.readPrefix(path, count: size) else { return nil }
        return ObjectEnvelope.header(full)
    }

    /// Runs blocking file work off the cooperative pool and turns file-system failures into
    /// ``ObjectStoreError``s.
    func run<T: Sendable>(
        bucket: String?,
        key: String?,
        _ body: @escaping @Sendable () throws -> T
    ) async throws -> T {
        do {
            return try await LocalObjectFiles.run(body)
        } catch {
            throw Self.mapped(error, bucket: bucket, key: key)
        }
    }

    /// An ``ObjectStoreError`` for a failure of a file operation.
    static func mapped(_ error: any Error, bucket: String?, key: String?) -> any Error {
        guard let failure = error as? LocalObjectFiles.Failure else { return error }
        switch failure.errorNumber {
        case ENOTDIR, EISDIR, EEXIST:
            guard let key else { return ObjectStoreError(.other, failure.description) }
            return ObjectStoreError.invalidArgument(
                "The key \"\(key)\" conflicts with an existing object or key prefix: a local store cannot hold "
                    + "both \"a\" and \"a/b\" (\(failure))"
            )
        case EACCES, EPERM:
            return ObjectStoreError(.accessDenied, failure.description)
        case ENOSPC, EDQUOT, EROFS, EIO:
            return ObjectStoreError(.unavailable, failure.description)
        case ENAMETOOLONG:
            return ObjectStoreError.invalidArgument(failure.description)
        default:
            return ObjectStoreError(.other, failure.description)
        }
    }
}
