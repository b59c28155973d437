/// The escapes of JSON strings (RFC 8259 §7), decoded the same way by every JSON reader of the project.
package enum JSONEscape {
    /// Decodes the escape that starts at `bytes[index]` (just after its backslash): appends its UTF-8 to `out`
    /// and moves `index` past it, a `\uD83D\uDE00` surrogate pair included.
    ///
    /// - Returns: `nil`, or why the escape is not valid (`index` then points where the problem is).
    @inlinable
    package static func decode<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes,
        at index: inout Int,
        into out: inout [UInt8]
    ) -> String? where Bytes.Index == Int {
        guard index < bytes.endIndex else { return "unexpected end of input" }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var code: UInt32 = 0
            if let failure = hex4(bytes, at: &index, into: &code) { return failure }
            if (0xD800...0xDBFF).contains(code) {
                guard index + 1 < bytes.endIndex, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { return "unpaired surrogate" }
                index += 2
                var low: UInt32 = 0
                if let failure = hex4(bytes, at: &index, into: &low) { return failure }
                guard (0xDC00...0xDFFF).contains(low) else { return "unpaired surrogate" }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                return "unpaired surrogate"
            }
            guard let scalar = Unicode.Scalar(code) else { return "invalid escape" }
            out.append(contentsOf: UTF8.encode(scalar)!)
        default:
            return "invalid escape"
        }
        return nil
    }

    /// Reads the four hex digits of a `\u` escape.
    @inlinable
    static func hex4<Bytes: RandomAccessCollection<UInt8>>(
        _ bytes: Bytes,
        at index: inout Int,
        into value: inout UInt32
    ) -> String? where Bytes.Index == Int {
        guard index + 4 <= bytes.endIndex else { return "unexpected end of input" }
        value = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return "invalid \\u escape"
            }
            value = value << 4 | digit
            index += 1
        }
        return nil
    }
}
