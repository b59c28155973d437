import CompressNIO
import NIOCore

/// gzip for fixtures.
enum Gzip {
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var input = ByteBuffer(bytes: bytes)
        var output = try! input.compress(with: .gzip())
        return output.readBytes(length: output.readableBytes) ?? []
    }
}
