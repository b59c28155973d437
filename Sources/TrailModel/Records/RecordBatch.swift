/// Splits a batch of CloudTrail records into the byte ranges of its records, without decoding them, so
/// that each record can be stored exactly as it was sent.
///
/// Two forms are read: a CloudTrail log file's `{"Records":[...]}` (other top-level members are
/// ignored), and newline-delimited JSON, one record per line (blank lines are skipped).
public enum RecordBatch {
    /// The byte ranges of the records in `bytes`.
    /// - Throws: ``JSONParseError`` when the batch is neither form; a malformed record inside the
    ///   `Records` array makes the whole document malformed, while in NDJSON each line stands alone (its
    ///   range is returned and the record is rejected on its own when parsed).
    public static func recordRanges(in bytes: [UInt8]) throws(JSONParseError) -> [Range<Int>] {
        var scanner = Scanner(bytes: bytes)
        scanner.skipWhitespace()
        if scanner.index < bytes.count, bytes[scanner.index] == UInt8(ascii: "{"),
            let ranges = try scanner.recordsArray()
        {
            return ranges
        }
        // Newline-delimited JSON.
        var ranges: [Range<Int>] = []
        var start = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            var lower = start
            var upper = index
            while lower < upper, Scanner.isWhitespace(bytes[lower]) { lower += 1 }
            while upper > lower, Scanner.isWhitespace(bytes[upper - 1]) { upper -= 1 }
            if lower < upper { ranges.append(lower..<upper) }
            start = index + 1
        }
        return ranges
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        func fail(_ reason: String) -> JSONParseError { JSONParseError(reason: reason, offset: index) }

        mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        /// If the object at `index` is a whole document with a `Records` array member, the ranges of its
        /// elements; `nil` when the object has no `Records` member (then it is one NDJSON record).
        mutating func recordsArray() throws(JSONParseError) -> [Range<Int>]? {
            index += 1
            var ranges: [Range<Int>]?
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                return try finish(ranges)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw fail("expected a member name")
                }
                let keyStart = index
                try skipString()
                let isRecords = bytes[keyStart..<index].elementsEqual("\"Records\"".utf8)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                index += 1
                skipWhitespace()
                if isRecords {
                    // A log file's Records member is an array; anything else is a malformed document.
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else {
                        throw fail("Records must be an array")
                    }
                    ranges = try arrayElements()
                } else {
                    try skipValue(depth: 0)
                }
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    return try finish(ranges)
                } else {
                    throw fail("expected ',' or '}'")
                }
            }
        }

        /// After the top-level object: only whitespace may follow (else it is NDJSON).
        mutating func finish(_ ranges: [Range<Int>]?) throws(JSONParseError) -> [Range<Int>]? {
            skipWhitespace()
            guard let ranges else { return nil }
            guard index == bytes.count else { throw fail("unexpected data after the Records document") }
            return ranges
        }

        mutating func arrayElements() throws(JSONParseError) -> [Range<Int>] {
            index += 1
            var ranges: [Range<Int>] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                return ranges
            }
            while true {
                skipWhitespace()
                let start = index
                try skipValue(depth: 1)
                ranges.append(start..<index)
                skipWhitespace()
                guard index < bytes.count else { throw fail("unexpected end of input") }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    return ranges
                } else {
                    throw fail("expected ',' or ']'")
                }
            }
        }

        mutating func skipString() throws(JSONParseError) {
            index += 1
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"): index += 2
                default: index += 1
                }
            }
            throw fail("unterminated string")
        }

        mutating func skipValue(depth: Int) throws(JSONParseError) {
            guard depth < 128 else { throw fail("nesting deeper than 128") }
            guard index < bytes.count else { throw fail("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                try skipString()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == close {
                    index += 1
                    return
                }
                while true {
                    skipWhitespace()
                    if isObject {
                        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                            throw fail("expected a member name")
                        }
                        try skipString()
                        skipWhitespace()
                        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                        index += 1
                        skipWhitespace()
                    }
                    try skipValue(depth: depth + 1)
                    skipWhitespace()
                    guard index < bytes.count else { throw fail("unexpected end of input") }
                    if bytes[index] == UInt8(ascii: ",") {
                        index += 1
                    } else if bytes[index] == close {
                        index += 1
                        return
                    } else {
                        throw fail("expected ',' or a closing bracket")
                    }
                }
            default:
                // A literal or number: up to the next structural character or whitespace.
                let start = index
                while index < bytes.count, !Self.isWhitespace(bytes[index]),
                    ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[index])
                {
                    index += 1
                }
                guard index > start else { throw fail("expected a value") }
            }
        }
    }
}
