/// A leaf value of an event being matched, with the readings of it that patterns need, computed once.
struct EventPatternLeaf {
    /// The value's kind (never `.object` or `.array`).
    let kind: FlatJSON.Kind
    /// A string's unescaped UTF-8, a number's text, or `true` / `false` / `null`.
    let bytes: ArraySlice<UInt8>
    private var parsedNumber: Double??
    private var foldedBytes: [UInt8]?
    private var parsedAddress: IPAddress??

    init(kind: FlatJSON.Kind, bytes: ArraySlice<UInt8>) {
        self.kind = kind
        self.bytes = bytes
    }

    /// The entry's value in `flat`.
    init(_ entry: FlatJSON.Entry, in flat: FlatJSON) {
        self.init(kind: entry.kind, bytes: flat.storage[entry.value])
    }

    /// A number's value.
    mutating func number() -> Double? {
        if let parsedNumber { return parsedNumber }
        let value = kind == .number ? Self.parseNumber(bytes) : nil
        parsedNumber = .some(value)
        return value
    }

    /// A string's case-folded bytes.
    mutating func folded() -> [UInt8] {
        if let foldedBytes { return foldedBytes }
        var out: [UInt8] = []
        CaseFolding.fold(bytes, into: &out)
        foldedBytes = out
        return out
    }

    /// A string's IP address, when it is one.
    mutating func address() -> IPAddress? {
        if let parsedAddress { return parsedAddress }
        let value = kind == .string ? IPAddress.parse(bytes) : nil
        parsedAddress = .some(value)
        return value
    }

    /// The double of a JSON number's text (short texts are parsed without allocating).
    static func parseNumber(_ bytes: ArraySlice<UInt8>) -> Double? {
        // Integers of up to 15 digits are exact as doubles: add them up directly.
        if bytes.count <= 16 {
            var index = bytes.startIndex
            let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            var value: Int64 = 0
            var digits = 0
            while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            if index == bytes.endIndex, digits > 0, digits <= 15 {
                return negative ? -Double(value) : Double(value)
            }
        }
        return Double(String(decoding: bytes, as: UTF8.self))
    }
}
