/// How much a log file being built holds, as ``LogFileCutPolicy`` weighs it.
package struct LogFileSize: Sendable, Hashable {
    /// The records in the file.
    package var recordCount: Int
    /// The bytes of `{"Records":[...]}` so far, without the closing `]}`.
    package var uncompressedBytes: Int
    /// The gzip output the compressor has produced so far.
    package var compressedBytes: Int
    /// An upper bound of the size of the gzip file if it were finished now: what the compressor has produced
    /// plus the worst case (stored blocks) for the input it still holds, the closing `]}` and the gzip trailer.
    package var compressedBytesUpperBound: Int

    /// Creates a size; ``LogFileBuilder/size`` makes the real ones.
    package init(recordCount: Int, uncompressedBytes: Int, compressedBytes: Int, compressedBytesUpperBound: Int) {
        self.recordCount = recordCount
        self.uncompressedBytes = uncompressedBytes
        self.compressedBytes = compressedBytes
        self.compressedBytesUpperBound = compressedBytesUpperBound
    }

    /// The size of an empty file.
    package static let empty = LogFileSize(
        recordCount: 0,
        uncompressedBytes: 0,
        compressedBytes: 0,
        compressedBytesUpperBound: 0
    )

    /// The most that `count` more uncompressed bytes can add to a deflate stream: stored blocks of at most
    /// 16 KiB with a 5-byte header each (zlib's own conservative bound).
    package static func worstCaseCompressedBytes(forInput count: Int) -> Int {
        count + 5 * (count / 16_383 + 1)
    }
}
