import Foundation

/// One object in an ``ObjectListing`` (a `Contents` element of S3 `ListObjectsV2`).
package struct ObjectSummary: Sendable, Hashable {
    /// The object's key.
    package var key: String
    /// The object's size in bytes as a reader gets them.
    package var size: Int
    /// When the object was last written.
    package var lastModified: Date
    /// The entity tag as the store reports it, if any.
    package var eTag: String?

    /// Creates a summary.
    package init(key: String, size: Int, lastModified: Date, eTag: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.eTag = eTag
    }
}
