import Foundation

/// An object read back from a store (S3 `GetObject`): its bytes, decrypted when the store
/// encrypted them, and its ``ObjectInfo``.
package struct StoredObject: Sendable, Hashable {
    /// The object's information.
    package var info: ObjectInfo
    /// The object's bytes as they were uploaded.
    package var body: [UInt8]

    /// Creates a stored object.
    package init(info: ObjectInfo, body: [UInt8]) {
        self.info = info
        self.body = body
    }

    /// User metadata, names lowercase.
    package var metadata: [String: String] { info.metadata }
    /// The stored `Content-Type`, if any.
    package var contentType: String? { info.contentType }
    /// The stored `Content-Encoding`, if any.
    package var contentEncoding: String? { info.contentEncoding }
    /// When the object was last written.
    package var lastModified: Date { info.lastModified }
    /// The size of ``body``.
    package var size: Int { info.size }
}
