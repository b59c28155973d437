import Foundation

/// What a store knows about an object without its bytes (S3 `HeadObject`).
package struct ObjectInfo: Sendable, Hashable {
    /// The object's key.
    package var key: String
    /// The size of the object's bytes as a reader gets them (after any server-side decryption).
    package var size: Int
    /// When the object was last written.
    package var lastModified: Date
    /// The `Content-Type` stored with the object, if any.
    package var contentType: String?
    /// The `Content-Encoding` stored with the object, if any.
    package var contentEncoding: String?
    /// User metadata, names lowercase, without the `x-amz-meta-` prefix.
    package var metadata: [String: String]
    /// The entity tag as the store reports it (quoted, as S3 sends it), if any.
    package var eTag: String?
    /// The server-side encryption the object is stored with, if any.
    package var encryption: ObjectEncryption?

    /// Creates object information.
    package init(
        key: String,
        size: Int,
        lastModified: Date,
        contentType: String? = nil,
        contentEncoding: String? = nil,
        metadata: [String: String] = [:],
        eTag: String? = nil,
        encryption: ObjectEncryption? = nil
    ) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.metadata = metadata
        self.eTag = eTag
        self.encryption = encryption
    }
}
