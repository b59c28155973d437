import ArgumentParser
import CompressNIO
import Crypto
import Foundation
import NIOCore

/// The floor for `validate-logs` on local files: gunzip and SHA-256 of every log file under a directory,
/// nothing else (no digests, no signatures), on `--threads` threads. `scripts/bench validate` compares
/// `opentrail validate-logs --data-dir` with it in the same run.
struct InflateHash: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inflate-hash",
        abstract: "gunzip + SHA-256 of every *.json.gz log file under a directory (the validation floor)."
    )

    @Option(help: "The directory to read (recursively); only files under a CloudTrail/ folder are read.")
    var directory: String

    @Option(help: "Threads that read, inflate and hash files at once.")
    var threads: Int = 1

    func run() async throws {
        let files = Self.logFiles(under: directory)
        let started = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            let chunks = (0..<threads).map { index in
                stride(from: index, to: files.count, by: threads).map { files[$0] }
            }
            for chunk in chunks {
                group.addTask {
                    var bytes = 0
                    for path in chunk { bytes += try Self.inflateAndHash(path) }
                    return bytes
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        print(
            String(
                format: "inflate-hash: %d files, %.1f MB uncompressed in %.2f s on %d thread(s) = %.0f MB/s",
                files.count,
                Double(total) / 1e6,
                seconds,
                threads,
                Double(total) / 1e6 / seconds
            )
        )
    }

    static func logFiles(under directory: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let path = enumerator.nextObject() as? String {
            if path.hasSuffix(".json.gz"), path.contains("/CloudTrail/") { files.append(directory + "/" + path) }
        }
        return files.sorted()
    }

    /// Returns the uncompressed size.
    static func inflateAndHash(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var input = ByteBuffer(bytes: data)
        let decompressor = CompressionAlgorithm.gzip().decompressor
        try decompressor.startStream()
        defer { try? decompressor.finishStream() }
        var hash = SHA256()
        var size = 0
        var window = ByteBuffer()
        window.reserveCapacity(256 * 1024)
        while true {
            window.clear()
            do {
                try decompressor.streamInflate(from: &input, to: &window)
                window.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
                size += window.readableBytes
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                window.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
                size += window.readableBytes
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                // The input ended: everything is inflated.
                window.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
                size += window.readableBytes
                break
            }
        }
        _ = hash.finalize()
        return size
    }
}
