import NIOCore

/// An object to store: its bytes and the headers that travel with them.
package struct ObjectUpload: Sendable, Hashable {
    /// The object's bytes, exactly as they are to be stored (for example already gzipped).
    package var body: [UInt8]
    /// The media type, sent as `Content-Type`.
    package var contentType: String
    /// The content coding, sent as `Content-Encoding` (for example `gzip`), or `nil`.
    package var contentEncoding: String?
    /// User metadata, sent as `x-amz-meta-<name>` headers. Names are stored lowercase (S3 does the
    /// same); names and values must be printable ASCII, at most 2 KB in all.
    package var metadata: [String: String]
    /// Server-side encryption, or `nil` for the bucket's default.
    package var encryption: ObjectEncryption?

    /// Creates an upload from bytes.
    ///
    /// - Parameters:
    ///   - body: The object's bytes.
    ///   - contentType: The media type; `application/octet-stream` by default.
    ///   - contentEncoding: The content coding, if any.
    ///   - metadata: User metadata (without the `x-amz-meta-` prefix).
    ///   - encryption: Server-side encryption, if any.
    package init(
        body: [UInt8],
        contentType: String = "application/octet-stream",
        contentEncoding: String? = nil,
        metadata: [String: String] = [:],
        encryption: ObjectEncryption? = nil
    ) {
        self.body = body
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.metadata = metadata
        self.encryption = encryption
    }

    /// Creates an upload from the readable bytes of a buffer.
    ///
    /// - Parameters:
    ///   - buffer: The object's bytes.
    ///   - contentType: The media type; `application/octet-stream` by default.
    ///   - contentEncoding: The content coding, if any.
    ///   - metadata: User metadata (without the `x-amz-meta-` prefix).
    ///   - encryption: Server-side encryption, if any.
    package init(
        buffer: ByteBuffer,
        contentType: String = "application/octet-stream",
        contentEncoding: String? = nil,
        metadata: [String: String] = [:],
        encryption: ObjectEncryption? = nil
    ) {
        self.init(
            body: Array(buffer.readableBytesView),
            contentType: contentType,
            contentEncoding: contentEncoding,
            metadata: metadata,
            encryption: encryption
        )
    }
}
