import TrailModel

/// Why some bytes could not be flattened, with the byte offset where it was found.
package struct FlatJSONError: Error, Hashable, CustomStringConvertible, Sendable {
    /// What is wrong.
    package let reason: String
    /// Byte offset in the input.
    package let offset: Int

    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// One pass over JSON text that appends every value, with its path, to a ``FlatJSON``.
struct FlatJSONParser {
    /// The text being read (valid for the parser's life: the caller holds the array).
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0
    var depth = 0
    /// The path of the value being read (prefix included), and its running hash.
    var path: [UInt8] = []
    var pathHash = FlatJSON.hashSeed
    /// The arrays enclosing the value being read.
    var arrays: [FlatJSON.ArrayPosition] = []
    /// The number of keys in ``path``.
    var keyDepth: Int32 = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func fail(_ reason: String) -> FlatJSONError { FlatJSONError(reason: reason, offset: index) }

    mutating func flatten(into flat: inout FlatJSON) throws(FlatJSONError) {
        if !flat.prefix.isEmpty {
            path.append(contentsOf: flat.prefix.utf8)
            pathHash = FlatJSON.hash(path)
            keyDepth = Int32(flat.prefix.utf8.count { $0 == UInt8(ascii: ".") } + 1)
        }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            throw fail("the document must be a JSON object")
        }
        try readObjectMembers(into: &flat)
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected data after the object") }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Reads `{ ... }` at `index`, appending an entry for each member under the current path.
    mutating func readObjectMembers(into flat: inout FlatJSON) throws(FlatJSONError) {
        depth += 1
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        let savedLength = path.count
        let savedHash = pathHash
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
            // Path of the member: parent path, ".", key.
            if !path.isEmpty {
                path.append(UInt8(ascii: "."))
                pathHash = (pathHash ^ UInt64(UInt8(ascii: "."))) &* FlatJSON.hashPrime
            }
            let keyStart = path.count
            // The path is moved out and back (not copied): reading into a property of self would overlap.
            var buffer: [UInt8] = []
            swap(&buffer, &path)
            try readString(into: &buffer)
            swap(&buffer, &path)
            for byte in path[keyStart...] { pathHash = (pathHash ^ UInt64(byte)) &* FlatJSON.hashPrime }
            keyDepth += 1
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            try readValue(into: &flat)
            keyDepth -= 1
            path.removeLast(path.count - savedLength)
            pathHash = savedHash
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw fail("expected ',' or '}'") }
            index += 1
            depth -= 1
            return
        }
    }

    /// Reads the value at `index` under the current path.
    mutating func readValue(into flat: inout FlatJSON) throws(FlatJSONError) {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"):
            let entry = appendEntry(kind: .object, valueStart: flat.storage.count, sourceStart: start, into: &flat)
            try readObjectMembers(into: &flat)
            flat.entries[entry].source = start..<index
        case UInt8(ascii: "["):
            let entry = appendEntry(kind: .array, valueStart: flat.storage.count, sourceStart: start, into: &flat)
            try readArray(into: &flat)
            flat.entries[entry].source = start..<index
        case UInt8(ascii: "\""):
            let pathStart = flat.storage.count
            flat.storage.append(contentsOf: path)
            let valueStart = flat.storage.count
            try readString(into: &flat.storage)
            appendScalar(.string, pathStart: pathStart, valueStart: valueStart, sourceStart: start, into: &flat)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            appendLiteral(.true, start: start, into: &flat)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            appendLiteral(.false, start: start, into: &flat)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            appendLiteral(.null, start: start, into: &flat)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try skipNumber()
            appendLiteral(.number, start: start, into: &flat)
        default:
            throw fail("unexpected character")
        }
    }

    /// Reads `[ ... ]` at `index`; its elements share the array's path.
    mutating func readArray(into flat: inout FlatJSON) throws(FlatJSONError) {
        depth += 1
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return
        }
        let array = flat.arrayCount
        flat.arrayCount += 1
        arrays.append(FlatJSON.ArrayPosition(array: array, index: 0, keyDepth: keyDepth))
        var element: Int32 = 0
        while true {
            arrays[arrays.count - 1].index = element
            try readValue(into: &flat)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in an array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                element += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw fail("expected ',' or ']'") }
            index += 1
            depth -= 1
            arrays.removeLast()
            return
        }
    }

    /// Appends an object or array entry (its members follow); returns its index.
    mutating func appendEntry(
        kind: FlatJSON.Kind,
        valueStart: Int,
        sourceStart: Int,
        into flat: inout FlatJSON
    ) -> Int {
        let pathStart = flat.storage.count
        flat.storage.append(contentsOf: path)
        appendScalar(kind, pathStart: pathStart, valueStart: flat.storage.count, sourceStart: sourceStart, into: &flat)
        return flat.entries.count - 1
    }

    /// Appends a number or literal whose text is `bytes[start..<index]`.
    mutating func appendLiteral(_ kind: FlatJSON.Kind, start: Int, into flat: inout FlatJSON) {
        let pathStart = flat.storage.count
        flat.storage.append(contentsOf: path)
        let valueStart = flat.storage.count
        flat.storage.append(contentsOf: bytes[start..<index])
        appendScalar(kind, pathStart: pathStart, valueStart: valueStart, sourceStart: start, into: &flat)
    }

    /// Appends the entry whose path and value are already in storage.
    mutating func appendScalar(
        _ kind: FlatJSON.Kind,
        pathStart: Int,
        valueStart: Int,
        sourceStart: Int,
        into flat: inout FlatJSON
    ) {
        let positionStart = flat.positions.count
        if !arrays.isEmpty { flat.positions.append(contentsOf: arrays) }
        flat.entries.append(
            FlatJSON.Entry(
                kind: kind,
                pathHash: pathHash,
                path: pathStart..<valueStart,
                value: valueStart..<flat.storage.count,
                source: sourceStart..<index,
                arrays: positionStart..<flat.positions.count,
                nextSamePath: -1
            )
        )
    }

    mutating func expectLiteral(_ literal: StaticString) throws(FlatJSONError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("unexpected end of input") }
        let matches = literal.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw fail("invalid literal") }
        index += count
    }

    mutating func skipNumber() throws(FlatJSONError) {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        func digits() -> Int {
            let from = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - from
        }
        let integer = digits()
        guard integer > 0 else { throw fail("invalid number") }
        if integer > 1, bytes[index - integer] == UInt8(ascii: "0") {
            index = start
            throw fail("leading zeros are not allowed")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw fail("invalid number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits() > 0 else { throw fail("invalid number") }
        }
    }

    /// Reads a string at `index` (at its opening quote), appending its unescaped UTF-8 to `out`.
    mutating func readString(into out: inout [UInt8]) throws(FlatJSONError) {
        index += 1
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<index])
                index += 1
                return
            }
            if byte < 0x20 { throw fail("control character in a string") }
            if byte == UInt8(ascii: "\\") {
                out.append(contentsOf: bytes[runStart..<index])
                try readEscape(into: &out)
                runStart = index
                continue
            }
            index += 1
        }
        throw fail("unterminated string")
    }

    mutating func readEscape(into out: inout [UInt8]) throws(FlatJSONError) {
        index += 1
        if let failure = JSONEscape.decode(bytes, at: &index, into: &out) { throw fail(failure) }
    }
}
