/// A digest file as stored: its gzipped bytes and its user metadata.
package struct DigestObject: Sendable, Hashable {
    /// The object's bytes (gzipped JSON).
    package var body: [UInt8]
    /// User metadata, names lower-case without `x-amz-meta-`: `signature`, `signature-algorithm`.
    package var metadata: [String: String]

    /// Creates a digest object.
    package init(body: [UInt8], metadata: [String: String]) {
        self.body = body
        self.metadata = metadata
    }
}
