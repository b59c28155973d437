extension LocalDirectoryStore {
    /// Where an object and its sidecar live.
    struct ObjectPaths: Sendable {
        /// `<root>/<bucket>/<key>`.
        var object: String
        /// The directory that holds ``object``.
        var objectDirectory: String
        /// `<root>/.metadata/<bucket>/<key>`.
        var sidecar: String
        /// The directory that holds ``sidecar``.
        var sidecarDirectory: String
    }

    /// The longest path segment most file systems accept, in bytes.
    static let maximumSegmentLength = 255

    /// The paths of `key` in `bucket`; both must already be validated.
    func paths(bucket: String, key: String) -> ObjectPaths {
        let object = bucketPath(bucket) + "/" + key
        let sidecar = metadataRoot + "/" + bucket + "/" + key
        return ObjectPaths(
            object: object,
            objectDirectory: Self.parent(of: object),
            sidecar: sidecar,
            sidecarDirectory: Self.parent(of: sidecar)
        )
    }

    /// Checks a key against S3's rules and the rules of a key that is a relative path: no leading
    /// or trailing `/`, no empty, `.` or `..` segment, no segment longer than 255 bytes, and none
    /// that looks like the store's temporary files.
    ///
    /// - Throws: ``ObjectStoreError/Code/invalidArgument``.
    static func validateKey(_ key: String) throws {
        try ObjectNaming.validateKey(key)
        func refuse(_ why: String) -> ObjectStoreError {
            .invalidArgument("The key \"\(ObjectNaming.printable(key))\" is not allowed in a local store: \(why)")
        }
        let slash = UInt8(ascii: "/")
        guard key.utf8.first != slash else { throw refuse("it must not begin with /") }
        guard key.utf8.last != slash else { throw refuse("it must not end with /") }
        for segment in segments(key) {
            let bytes = Array(segment.utf8)
            guard !bytes.isEmpty else { throw refuse("it must not contain //") }
            guard bytes != [UInt8(ascii: ".")], bytes != [UInt8(ascii: "."), UInt8(ascii: ".")] else {
                throw refuse("it must not contain . or .. segments")
            }
            guard bytes.count <= maximumSegmentLength else {
                throw refuse("each segment must be at most \(maximumSegmentLength) bytes")
            }
            guard !bytes.starts(with: LocalObjectFiles.temporaryPrefix.utf8) else {
                throw refuse("segments must not begin with \(LocalObjectFiles.temporaryPrefix)")
            }
        }
    }

    /// The `/`-separated segments of a key, split on the byte `/` (not on grapheme clusters, which
    /// could hide a `/` followed by a combining mark).
    static func segments(_ key: String) -> [Substring] {
        key.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return String(path[..<slash])
    }
}
