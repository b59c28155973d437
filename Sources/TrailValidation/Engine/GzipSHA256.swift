import CompressNIO
import Crypto
import NIOCore
import TrailModel

/// Inflates a gzip stream part by part and hashes the inflated bytes with SHA-256 as they come, without
/// holding them (unless asked to, for digests).
///
/// Like the AWS CLI (zlib with `MAX_WBITS | 16`), only the first gzip member is read: bytes after its end
/// are ignored. Whether the member was complete is ``isComplete``; the AWS CLI rejects an incomplete digest
/// but hashes whatever an incomplete log file inflates to.
final class GzipSHA256 {
    /// The input is not gzip, or is damaged.
    struct CorruptData: Error {}

    private let decompressor: ZlibDecompressor
    private var hasher = SHA256()
    private var window: ByteBuffer
    private var output: [UInt8]?
    private var hasEnded = false

    /// Creates an inflater.
    ///
    /// - Parameter keepsOutput: Whether to keep the inflated bytes for ``inflated``.
    init(keepsOutput: Bool = false) throws {
        decompressor = try ZlibDecompressor(algorithm: .gzip)
        window = ByteBufferAllocator().buffer(capacity: 64 * 1024)
        output = keepsOutput ? [] : nil
    }

    /// Inflates and hashes the next part of the stream.
    ///
    /// - Throws: ``CorruptData`` when the bytes are not a valid gzip stream.
    func update(_ bytes: UnsafeRawBufferPointer) throws {
        guard !hasEnded, !bytes.isEmpty else { return }
        var input = ByteBuffer(bytes: bytes)
        while input.readableBytes > 0 {
            window.clear()
            do {
                try decompressor.inflate(from: &input, to: &window)
                take()
                // zlib stops short of the input only at the end of the stream.
                if input.readableBytes > 0 { hasEnded = true }
                return
            } catch let error as CompressNIOError where error == .bufferOverflow {
                take()
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                take()
                return
            } catch {
                throw CorruptData()
            }
        }
    }

    /// Inflates and hashes the next part of the stream.
    ///
    /// - Throws: ``CorruptData`` when the bytes are not a valid gzip stream.
    func update(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try update($0) }
    }

    /// Whether the gzip member ended (its trailer was read and checked).
    var isComplete: Bool {
        if hasEnded { return true }
        // zlib answers Z_STREAM_END without consuming input once a stream has ended, and consumes input
        // (or fails) otherwise; a probe byte tells the two apart without touching the hash.
        var probe = ByteBuffer(bytes: [0])
        window.clear()
        do {
            try decompressor.inflate(from: &probe, to: &window)
        } catch {
            return false
        }
        hasEnded = probe.readableBytes == 1 && window.readableBytes == 0
        return hasEnded
    }

    /// The lower-case hex SHA-256 of the bytes inflated so far.
    var hexDigest: String {
        HexText.encode(hasher.finalize())
    }

    /// The bytes inflated so far, when created with `keepsOutput`.
    var inflated: [UInt8] {
        output ?? []
    }

    private func take() {
        guard window.readableBytes > 0 else { return }
        window.withUnsafeReadableBytes { bytes in
            hasher.update(bufferPointer: bytes)
            output?.append(contentsOf: bytes)
        }
    }
}
