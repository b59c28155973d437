/// A `wildcard` value: text in which `*` stands for any run of characters, `\*` for a star and `\\` for a
/// backslash, matched against the whole of a string.
package struct WildcardPattern: Sendable, Hashable {
    /// The literal pieces around the stars, unescaped: `a*b*` is `a`, `b`, `` (one more piece than stars).
    package let segments: [[UInt8]]

    /// Why a wildcard text is not valid, in event-ruler's words.
    struct Invalid: Error {
        let message: String
    }

    /// Parses a wildcard value as EventBridge validates it: no two stars in a row, and a backslash only
    /// before a star or a backslash. Positions in messages count UTF-8 bytes from the value's opening quote,
    /// as event-ruler's do.
    init(parsing text: String) throws(Invalid) {
        let bytes = Array(text.utf8)
        var segments: [[UInt8]] = [[]]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "*") {
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "*") {
                    throw Invalid(message: "Consecutive wildcard characters at pos \(index + 1)")
                }
                segments.append([])
            } else if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count,
                    bytes[index + 1] == UInt8(ascii: "*") || bytes[index + 1] == UInt8(ascii: "\\")
                else {
                    throw Invalid(message: "Invalid escape character at pos \(index + 1)")
                }
                segments[segments.count - 1].append(bytes[index + 1])
                index += 1
            } else {
                segments[segments.count - 1].append(byte)
            }
            index += 1
        }
        self.segments = segments
    }

    /// Whether the whole of `value` matches.
    package func matches(_ value: ArraySlice<UInt8>) -> Bool {
        guard let first = segments.first, let last = segments.last else { return false }
        if segments.count == 1 { return value.elementsEqual(first) }
        guard value.count >= first.count + last.count,
            value.prefix(first.count).elementsEqual(first),
            value.suffix(last.count).elementsEqual(last)
        else { return false }
        var lower = value.startIndex + first.count
        let upper = value.endIndex - last.count
        for piece in segments.dropFirst().dropLast() where !piece.isEmpty {
            guard let found = Self.find(piece, in: value[lower..<upper]) else { return false }
            lower = found + piece.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var start = haystack.startIndex
        let lastStart = haystack.endIndex - needle.count
        while start <= lastStart {
            if haystack[start] == needle[0], haystack[start..<start + needle.count].elementsEqual(needle) {
                return start
            }
            start += 1
        }
        return nil
    }
}
