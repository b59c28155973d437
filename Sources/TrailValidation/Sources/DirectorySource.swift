import Foundation

/// A ``ValidationSource`` over a plain directory of downloaded files laid out by key (`DIR/AWSLogs/…`), for
/// validating offline.
///
/// The bucket is ignored: every key is a path below ``root``. A digest's signature comes from a sidecar next
/// to it, `<digest>.json.gz.metadata.json` (see ``DigestMetadataSidecar``); without one the digest fails
/// signature verification, as a digest without metadata does in S3. When the files were downloaded from
/// below the trail's key prefix (`aws s3 sync s3://bucket/prefix DIR`), pass the prefix as
/// ``strippedPrefix``: key `prefix/AWSLogs/…` is then read from `DIR/AWSLogs/…`.
package struct DirectorySource: ValidationSource {
    /// The directory.
    package let root: String
    /// A key prefix the directory's layout leaves out, if any.
    package let strippedPrefix: String?
    /// How many files are read at once unless configured: the core count.
    package let defaultConcurrency: Int

    /// The size of the parts ``read(bucket:key:into:)`` hands on.
    static let chunkSize = 1 << 20

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - root: The directory.
    ///   - strippedPrefix: A key prefix absent from the directory's layout, if any.
    package init(root: String, strippedPrefix: String? = nil) {
        var root = root
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.strippedPrefix = strippedPrefix.flatMap { $0.isEmpty ? nil : $0 }
        self.defaultConcurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    package func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    )
        async throws -> KeyPage
    {
        let directoryKey = prefix.lastIndex(of: "/").map { String(prefix[...$0]) } ?? ""
        guard let directory = path(of: directoryKey.isEmpty ? "." : String(directoryKey.dropLast())) else {
            return KeyPage(keys: [])
        }
        var keys: [String] = []
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
            let walker = files.enumerator(atPath: directory)
        else { return KeyPage(keys: []) }
        while let relative = walker.nextObject() as? String {
            guard !relative.hasSuffix(DigestMetadataSidecar.suffix), isRegularFile(directory + "/" + relative) else {
                continue
            }
            let key = directoryKey + relative
            guard key.hasPrefix(prefix) else { continue }
            if let startAfter, !startAfter.utf8.lexicographicallyPrecedes(key.utf8) { continue }
            keys.append(key)
        }
        keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return KeyPage(keys: keys)
    }

    package func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject> {
        guard let path = path(of: key), let body = try contents(of: path) else { return .notFound }
        let sidecar = try contents(of: path + DigestMetadataSidecar.suffix)
        let metadata = sidecar.map(DigestMetadataSidecar.metadata(parsing:)) ?? [:]
        return .found(DigestObject(body: body, metadata: metadata))
    }

    package func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    )
        async throws -> SourceRead<Void>
    {
        guard let path = path(of: key), isRegularFile(path) else { return .notFound }
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            if !FileManager.default.fileExists(atPath: path) { return .notFound }
            throw error
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: Self.chunkSize), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try consume($0) }
        }
        return .found(())
    }

    /// The file of `key`, or `nil` for a key that would leave ``root`` (an absolute path or a `..` segment).
    func path(of key: String) -> String? {
        var relative = key
        if let strippedPrefix, key.hasPrefix(strippedPrefix + "/") {
            relative = String(key.dropFirst(strippedPrefix.count + 1))
        }
        guard !relative.hasPrefix("/"), !relative.split(separator: "/").contains("..") else { return nil }
        return relative == "." ? root : root + "/" + relative
    }

    private func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private func contents(of path: String) throws -> [UInt8]? {
        guard isRegularFile(path) else { return nil }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
