/// Where `validate-logs` reads digest and log files from.
///
/// Three implementations: ``ObjectStoreSource`` over any `ObjectStore` (the embedded store read from the
/// server's data directory, or S3, OpenTrail's own S3 read API included) and ``DirectorySource`` (a
/// directory of downloaded files with signature sidecars). Failures other than a missing or unreadable
/// object are thrown and stop the run, as they do for the AWS CLI.
package protocol ValidationSource: Sendable {
    /// How many objects to read at once unless configured: a few per core for local files, more for
    /// remote stores.
    var defaultConcurrency: Int { get }

    /// One page of keys in ascending order of their UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - prefix: Only keys that begin with this.
    ///   - startAfter: Only keys after this one (ignored with a `continuationToken`).
    ///   - continuationToken: The ``KeyPage/nextContinuationToken`` of the previous page.
    func listKeys(
        bucket: String,
        prefix: String,
        startAfter: String?,
        continuationToken: String?
    ) async throws
        -> KeyPage

    /// A digest file's bytes (as stored: gzipped) and its signature metadata.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The digest's key.
    func digest(bucket: String, key: String) async throws -> SourceRead<DigestObject>

    /// Streams an object's bytes, in order, to `consume`.
    ///
    /// - Parameters:
    ///   - bucket: The bucket.
    ///   - key: The object's key.
    ///   - consume: Called with successive parts of the bytes; what it throws is rethrown.
    func read(
        bucket: String,
        key: String,
        into consume: (UnsafeRawBufferPointer) throws -> Void
    ) async throws
        -> SourceRead<Void>
}
