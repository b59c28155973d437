/// Reads a pattern's JSON text one token at a time and knows where it stands the way Jackson, the parser
/// behind event-ruler, reports it in EventBridge's messages.
///
/// The text has already been checked to be JSON, so the reader does not validate; it reproduces what the
/// reason texts depend on: after a member name the reader has already consumed the start of the member's
/// value, and a string value is only read up to its opening quote until its text is asked for
/// (``text()``), so a location reported right after such a token points just past the quote.
struct EventPatternTokenizer {
    enum Token: Equatable {
        case startObject, endObject, startArray, endArray, fieldName, string, number
        case `true`, `false`, null, end
    }

    let bytes: [UInt8]
    /// Where the reader stands (Jackson's current location), as a byte offset.
    private(set) var offset = 0
    /// The current token.
    private(set) var token: Token = .end
    /// The name of the current (or last) member.
    private(set) var name = ""
    /// The value token already read after a member name.
    private var pending: Token?
    /// For a string token: where its content starts, and its text once read.
    private var stringStart = 0
    private var stringText: String?
    /// For a number token: its text.
    private var numberText = ""
    /// Open containers, innermost last (`true` = object).
    private var containers: [Bool] = []
    /// Whether the next string inside the current object is a member name.
    private var expectsName = false

    init(text: String) {
        self.bytes = Array(text.utf8)
    }

    /// Moves to the next token.
    @discardableResult
    mutating func next() -> Token {
        if token == .string && stringText == nil { skipString() }
        if let value = pending {
            pending = nil
            token = value
            return value
        }
        skipSeparators()
        guard offset < bytes.count else {
            token = .end
            return .end
        }
        if expectsName, containers.last == true, bytes[offset] == UInt8(ascii: "\"") {
            offset += 1
            name = readString()
            skipSeparators()
            if offset < bytes.count, bytes[offset] == UInt8(ascii: ":") { offset += 1 }
            skipSeparators()
            expectsName = false
            token = .fieldName
            pending = readValueStart()
            return .fieldName
        }
        token = readValueStart()
        return token
    }

    /// The current token's text: a string's content (read now if it was not yet), a number as written,
    /// `true`, `false`, `null`, a member name, or the bracket.
    mutating func text() -> String {
        switch token {
        case .string:
            if let stringText { return stringText }
            let value = readString()
            stringText = value
            return value
        case .number: return numberText
        case .fieldName: return name
        case .true: return "true"
        case .false: return "false"
        case .null: return "null"
        case .startObject: return "{"
        case .endObject: return "}"
        case .startArray: return "["
        case .endArray: return "]"
        case .end: return ""
        }
    }

    /// Jackson's rendering of the current location: `[Source: (String)"<text>"; line: L, column: C]`, the
    /// text cut after 500 characters.
    var location: String {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            } else if byte == 0x0D {
                if index + 1 < offset, bytes[index + 1] == 0x0A { index += 1 }
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).utf16.count + 1
        let source = String(decoding: bytes, as: UTF8.self)
        let units = Array(source.utf16)
        let snippet: String
        if units.count > 500 {
            let head = String(decoding: units[..<500], as: UTF16.self)
            snippet = "\"\(head)\"[truncated \(units.count - 500) chars]"
        } else {
            snippet = "\"\(source)\""
        }
        return "[Source: (String)\(snippet); line: \(line), column: \(column)]"
    }

    // MARK: - Reading

    private mutating func skipSeparators() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","): offset += 1
            default: return
            }
        }
    }

    /// Reads the token that starts at `offset` (a value, or the end of a container).
    private mutating func readValueStart() -> Token {
        guard offset < bytes.count else { return .end }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "{"):
            offset += 1
            containers.append(true)
            expectsName = true
            return .startObject
        case UInt8(ascii: "["):
            offset += 1
            containers.append(false)
            expectsName = false
            return .startArray
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            offset += 1
            if !containers.isEmpty { containers.removeLast() }
            expectsName = containers.last == true
            return byte == UInt8(ascii: "}") ? .endObject : .endArray
        case UInt8(ascii: "\""):
            offset += 1
            stringStart = offset
            stringText = nil
            expectsName = containers.last == true
            return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let length = byte == UInt8(ascii: "f") ? 5 : 4
            offset = min(offset + length, bytes.count)
            expectsName = containers.last == true
            return byte == UInt8(ascii: "t") ? .true : byte == UInt8(ascii: "f") ? .false : .null
        default:
            let start = offset
            while offset < bytes.count, Self.isNumberByte(bytes[offset]) { offset += 1 }
            numberText = String(decoding: bytes[start..<offset], as: UTF8.self)
            expectsName = containers.last == true
            return .number
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
            UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default: false
        }
    }

    /// Skips the rest of a string whose text was never asked for.
    private mutating func skipString() {
        offset = stringStart
        _ = readString()
        stringText = ""
    }

    /// Reads a string's content from `offset` (just past its opening quote) through its closing quote.
    private mutating func readString() -> String {
        var out: [UInt8] = []
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte == UInt8(ascii: "\"") { break }
            guard byte == UInt8(ascii: "\\"), offset < bytes.count else {
                out.append(byte)
                continue
            }
            let escaped = bytes[offset]
            offset += 1
            switch escaped {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = readHex4()
                if (0xD800...0xDBFF).contains(scalar), offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                    bytes[offset + 1] == UInt8(ascii: "u")
                {
                    offset += 2
                    let low = readHex4()
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                }
                let unicode = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: String(unicode).utf8)
            default: out.append(escaped)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func readHex4() -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 where offset < bytes.count {
            let byte = bytes[offset]
            let digit: UInt32 =
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
                default: 0
                }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }
}
