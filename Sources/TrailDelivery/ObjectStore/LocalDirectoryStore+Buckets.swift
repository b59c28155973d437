import Foundation

extension LocalDirectoryStore {
    /// A bucket of the store (S3 `ListBuckets`).
    package struct Bucket: Sendable, Hashable {
        /// The bucket's name.
        package var name: String
        /// When the bucket's directory last changed: the directory's modification time, since file
        /// systems do not all keep a creation time. It changes when a top-level key prefix is added.
        package var creationDate: Date

        /// Creates a bucket summary.
        package init(name: String, creationDate: Date) {
            self.name = name
            self.creationDate = creationDate
        }
    }

    /// Every bucket: the directories under ``root`` whose names follow S3's bucket naming rules, in
    /// ascending order of name. The sidecar directory and anything else is left out.
    ///
    /// - Throws: ``ObjectStoreError`` when the root directory cannot be read.
    package func listBuckets() async throws -> [Bucket] {
        let root = self.root
        return try await run(bucket: nil, key: nil) {
            let entries = try LocalObjectFiles.entries(root) ?? []
            return
                entries
                .filter { $0.status.isDirectory && Self.isValidBucketName($0.name) }
                .map { Bucket(name: $0.name, creationDate: $0.status.lastModified) }
                .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        }
    }

    /// Whether `name` follows S3's bucket naming rules (3 to 63 lowercase letters, digits, dots and
    /// hyphens, beginning and ending with a letter or digit, no `..`, not an IPv4 address).
    package static func isValidBucketName(_ name: String) -> Bool {
        (try? ObjectNaming.validateBucketName(name)) != nil
    }
}
