import NIOCore

/// A finished CloudTrail log file: gzipped `{"Records":[...]}` and what a digest needs to know about it.
package struct LogFile: Sendable {
    /// The gzip bytes, ready to store as `<key>.json.gz`.
    package let compressed: ByteBuffer
    /// Lower-case hex SHA-256 of the uncompressed JSON, as a digest file's `hashValue`; `nil` when the builder
    /// was told not to compute it.
    package let uncompressedSHA256: String?
    /// The number of records in the file.
    package let recordCount: Int
    /// The size of the uncompressed JSON.
    package let uncompressedByteCount: Int
    /// The earliest `eventTime` of the records, in milliseconds since 1970.
    package let oldestEventTime: Int64
    /// The latest `eventTime` of the records, in milliseconds since 1970.
    package let newestEventTime: Int64

    /// Creates a log file description; ``LogFileBuilder/finish()`` makes the real ones.
    package init(
        compressed: ByteBuffer,
        uncompressedSHA256: String?,
        recordCount: Int,
        uncompressedByteCount: Int,
        oldestEventTime: Int64,
        newestEventTime: Int64
    ) {
        self.compressed = compressed
        self.uncompressedSHA256 = uncompressedSHA256
        self.recordCount = recordCount
        self.uncompressedByteCount = uncompressedByteCount
        self.oldestEventTime = oldestEventTime
        self.newestEventTime = newestEventTime
    }

    /// The size of the gzip file.
    package var compressedByteCount: Int { compressed.readableBytes }
}
