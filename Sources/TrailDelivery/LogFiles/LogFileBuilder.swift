import CompressNIO
import Crypto
import NIOCore
import TrailModel

/// Builds one CloudTrail log file at a time: `{"Records":[r1,r2,...]}`, gzipped as it grows.
///
/// Records go in as the JSON bytes the event log holds; they are copied into the file as they are, never parsed
/// or encoded again. Each record is hashed (SHA-256 of the uncompressed file, for digests) and fed to a streaming
/// gzip compressor as it arrives, so the builder holds the compressed file and nothing else: a file that is 50 MB
/// compressed never needs its uncompressed text in memory.
///
/// ```swift
/// let builder = try LogFileBuilder()
/// try builder.append(record.bytes, eventTime: record.fields.eventTime)
/// if let file = try builder.finish() { /* store file.compressed */ }
/// ```
///
/// A builder is reusable: ``finish()`` hands back the file and starts the next one. It is not thread-safe; keep
/// it inside one task or actor. After an error thrown by the compressor, call ``reset()`` before reuse.
package final class LogFileBuilder {
    private static let header = Array(#"{"Records":["#.utf8)
    private static let footer = Array("]}".utf8)
    /// Output space kept free for the compressor.
    private static let minimumWritableBytes = 16 * 1024
    /// How much output space is added at a time.
    private static let outputGrowth = 64 * 1024
    /// Covers what the upper bound does not count exactly: the input zlib keeps as lookahead (at most 262 bytes),
    /// bits not yet flushed, the final block and the 8-byte gzip trailer.
    private static let finishingOverhead = 512

    private let compressionLevel: Int32
    private var compressor: ZlibCompressor
    private var output: ByteBuffer
    private var staging: ByteBuffer
    private var hasher = SHA256()
    /// Whether the file's SHA-256 is computed (digests need it; a trail without log file validation does not).
    private let computesSHA256: Bool
    /// Input given to the compressor since its output last grew: what may still be inside zlib.
    private var inputSinceOutputGrew = 0

    /// The records in the file being built.
    package private(set) var recordCount = 0
    /// The uncompressed bytes written so far (`{"Records":[` and the records with their commas).
    package private(set) var uncompressedByteCount = 0
    /// The earliest `eventTime` so far, in milliseconds since 1970; `nil` while empty.
    package private(set) var oldestEventTime: Int64?
    /// The latest `eventTime` so far, in milliseconds since 1970; `nil` while empty.
    package private(set) var newestEventTime: Int64?

    /// Creates a builder.
    ///
    /// - Parameters:
    ///   - compressionLevel: zlib's level, 1 (fastest) to 9 (smallest); 6 is zlib's default.
    ///   - computesSHA256: whether to hash the uncompressed file (``LogFile/uncompressedSHA256``) as it grows;
    ///     digests need the hash, and it costs about a quarter of the compression.
    /// - Throws: ``LogFileError`` with code ``LogFileError/Code/compressionFailed`` when zlib cannot start.
    package init(compressionLevel: Int = 6, computesSHA256: Bool = true) throws(LogFileError) {
        self.computesSHA256 = computesSHA256
        self.compressionLevel = Int32(min(max(compressionLevel, 1), 9))
        self.compressor = try Self.makeCompressor(level: self.compressionLevel)
        self.output = ByteBufferAllocator().buffer(capacity: Self.outputGrowth)
        self.staging = ByteBufferAllocator().buffer(capacity: 2 * Self.chunkSize)
    }

    /// Whether the file being built has no records.
    package var isEmpty: Bool { recordCount == 0 }

    /// How full the file being built is, for ``LogFileCutPolicy``.
    package var size: LogFileSize {
        guard recordCount > 0 else { return .empty }
        let pending = inputSinceOutputGrew + staging.readableBytes + Self.footer.count
        return LogFileSize(
            recordCount: recordCount,
            uncompressedBytes: uncompressedByteCount,
            compressedBytes: output.readableBytes,
            compressedBytesUpperBound: output.readableBytes + LogFileSize.worstCaseCompressedBytes(forInput: pending)
                + Self.finishingOverhead
        )
    }

    /// Adds one record to the file.
    ///
    /// - Parameters:
    ///   - record: one serialized JSON object, copied into the file byte for byte.
    ///   - eventTime: the record's `eventTime` in milliseconds since 1970, for the file's oldest and newest times.
    /// - Throws: ``LogFileError`` with code ``LogFileError/Code/invalidRecord`` when the bytes do not start with
    ///   `{` and end with `}` (the file is left as it was), or ``LogFileError/Code/compressionFailed``.
    package func append(_ record: some Sequence<UInt8>, eventTime: Int64) throws(LogFileError) {
        let before = staging.writerIndex
        staging.writeBytes(recordCount == 0 ? Self.header : [UInt8(ascii: ",")])
        let recordStart = staging.writerIndex
        staging.writeBytes(record)
        guard
            Self.isObjectShaped(
                staging.readableBytesView.dropFirst(recordStart - staging.readerIndex)
            )
        else {
            staging.moveWriterIndex(to: before)
            throw .invalidRecord("a record must be one JSON object")
        }
        recordCount += 1
        uncompressedByteCount += staging.writerIndex - before
        oldestEventTime = min(oldestEventTime ?? eventTime, eventTime)
        newestEventTime = max(newestEventTime ?? eventTime, eventTime)
        // Records are hashed and compressed in chunks: one zlib call per record costs more than the
        // compression itself.
        if staging.readableBytes >= Self.chunkSize { try compressStaged(flush: .no) }
    }

    /// Input gathered before it is hashed and compressed.
    private static let chunkSize = 64 * 1024

    /// Hashes and compresses what `staging` holds.
    private func compressStaged(flush: CompressNIOFlush) throws(LogFileError) {
        if computesSHA256 { staging.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
        try compress(&staging, flush: flush)
        staging.clear()
    }

    /// Adds a record from the event log, with its indexed `eventTime`.
    ///
    /// - Throws: as ``append(_:eventTime:)``.
    package func append(_ record: EventRecord) throws(LogFileError) {
        try append(record.bytes, eventTime: record.fields.eventTime)
    }

    /// Closes the JSON, finishes the gzip stream and returns the file; `nil` when no record was added.
    ///
    /// The builder is empty again afterwards, ready for the next file.
    ///
    /// - Throws: ``LogFileError`` with code ``LogFileError/Code/compressionFailed``.
    package func finish() throws(LogFileError) -> LogFile? {
        guard recordCount > 0, let oldest = oldestEventTime, let newest = newestEventTime else {
            try reset()
            return nil
        }
        staging.writeBytes(Self.footer)
        try compressStaged(flush: .finish)
        let file = LogFile(
            compressed: output,
            uncompressedSHA256: computesSHA256 ? HexText.encode(hasher.finalize()) : nil,
            recordCount: recordCount,
            uncompressedByteCount: uncompressedByteCount + Self.footer.count,
            oldestEventTime: oldest,
            newestEventTime: newest
        )
        try reset()
        return file
    }

    /// Drops the file being built and starts an empty one.
    ///
    /// - Throws: ``LogFileError`` with code ``LogFileError/Code/compressionFailed`` when zlib cannot restart.
    package func reset() throws(LogFileError) {
        output = ByteBufferAllocator().buffer(capacity: Self.outputGrowth)
        staging.clear()
        hasher = SHA256()
        recordCount = 0
        uncompressedByteCount = 0
        inputSinceOutputGrew = 0
        oldestEventTime = nil
        newestEventTime = nil
        do {
            try compressor.reset()
        } catch {
            compressor = try Self.makeCompressor(level: compressionLevel)
        }
    }

    /// Feeds `input` to zlib until it is consumed (and, for `.finish`, the stream is complete), growing the
    /// output as needed. Returns with no compressed bytes left inside zlib's pending buffer.
    private func compress(_ input: inout ByteBuffer, flush: CompressNIOFlush) throws(LogFileError) {
        let outputBefore = output.writerIndex
        let chunk = input.readableBytes
        var stalls = 0
        while true {
            if output.writableBytes < Self.minimumWritableBytes {
                output.reserveCapacity(minimumWritableBytes: Self.outputGrowth)
            }
            let writableBefore = output.writableBytes
            let readableBefore = input.readableBytes
            do {
                try compressor.deflate(from: &input, to: &output, flush: flush)
                if flush == .finish { break }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // `.finish`: more output to come. `.no`: zlib could make no progress with this much space.
            } catch {
                throw .compressionFailed("zlib failed: \(error)")
            }
            if flush != .finish, input.readableBytes == 0, output.writableBytes > 0 { break }
            if output.writableBytes == writableBefore, input.readableBytes == readableBefore {
                stalls += 1
                guard stalls < 3 else { throw .compressionFailed("zlib made no progress") }
                output.reserveCapacity(minimumWritableBytes: 2 * output.writableBytes + Self.outputGrowth)
            } else {
                stalls = 0
            }
        }
        inputSinceOutputGrew = output.writerIndex > outputBefore ? chunk : inputSinceOutputGrew + chunk
    }

    private static func makeCompressor(level: Int32) throws(LogFileError) -> ZlibCompressor {
        do {
            return try ZlibCompressor(
                algorithm: .gzip,
                configuration: ZlibConfiguration(windowSize: 15, compressionLevel: level, memoryLevel: 8)
            )
        } catch {
            throw .compressionFailed("zlib could not start: \(error)")
        }
    }

    /// Whether the bytes, less surrounding JSON whitespace, start with `{` and end with `}`.
    private static func isObjectShaped(_ bytes: some BidirectionalCollection<UInt8>) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = bytes.first(where: { !isSpace($0) }), let last = bytes.last(where: { !isSpace($0) })
        else { return false }
        return first == UInt8(ascii: "{") && last == UInt8(ascii: "}")
    }
}
