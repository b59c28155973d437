/// Splits a message into space-delimited fields, as byte ranges, without allocating.
///
/// Fields are separated by runs of spaces and tabs; a field that starts with `"` or `[` runs to the next `"` or
/// `]` and its text excludes them (an unclosed one runs to the end of the message).
struct FieldTokenizer {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func next() -> Range<Int>? {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "[") {
            let closing = first == UInt8(ascii: "\"") ? UInt8(ascii: "\"") : UInt8(ascii: "]")
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] != closing { end += 1 }
            index = min(end + 1, bytes.count)
            return start..<end
        }
        let start = index
        while index < bytes.count, bytes[index] != 0x20, bytes[index] != 0x09 { index += 1 }
        return start..<index
    }
}
