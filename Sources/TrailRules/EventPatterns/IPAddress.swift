/// An IPv4 or IPv6 address, read as event-ruler reads addresses in `cidr` patterns and event values.
///
/// Text is an address only if it looks like one (four dot-separated decimal runs, or hex digits and colons
/// with at least one colon) and then parses as a literal the way Java's `InetAddress` does: IPv4 parts of
/// at most 255 (leading zeros allowed, at most 15 characters in all), IPv6 groups of one to four hex
/// digits with at most one `::`; an IPv4-mapped IPv6 address (`::ffff:a00:1`) is the IPv4 address.
package struct IPAddress: Sendable, Hashable, Comparable {
    /// Whether this is an IPv6 address.
    package var isV6: Bool
    /// The address as a 128-bit big-endian number (an IPv4 address in the low 32 bits).
    package var high: UInt64
    package var low: UInt64

    package static func < (a: Self, b: Self) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// Whether the text has the shape of an address at all (event-ruler's two regular expressions).
    static func looksLikeAddress(_ bytes: some Collection<UInt8>) -> Bool {
        looksLikeV4(bytes) || looksLikeV6(bytes)
    }

    /// Parses an address literal, or returns `nil` for text that is not one.
    package static func parse(_ bytes: some Collection<UInt8>) -> IPAddress? {
        if looksLikeV4(bytes) { return parseV4(bytes) }
        if looksLikeV6(bytes) { return parseV6(Array(bytes)) }
        return nil
    }

    /// `[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+`
    private static func looksLikeV4(_ bytes: some Collection<UInt8>) -> Bool {
        var dots = 0
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                dots += 1
                digits = 0
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits += 1
            } else {
                return false
            }
        }
        return dots == 3 && digits > 0
    }

    /// `[0-9a-fA-F:]*:[0-9a-fA-F:]*`
    private static func looksLikeV6(_ bytes: some Collection<UInt8>) -> Bool {
        var colon = false
        for byte in bytes {
            if byte == UInt8(ascii: ":") {
                colon = true
            } else if hexValue(byte) == nil {
                return false
            }
        }
        return colon
    }

    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt64(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func parseV4(_ bytes: some Collection<UInt8>) -> IPAddress? {
        guard bytes.count <= 15 else { return nil }
        var value: UInt64 = 0
        var part: UInt64 = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                value = value << 8 | part
                part = 0
            } else {
                part = part * 10 + UInt64(byte - UInt8(ascii: "0"))
                guard part <= 255 else { return nil }
            }
        }
        return IPAddress(isV6: false, high: 0, low: value << 8 | part)
    }

    private static func parseV6(_ bytes: [UInt8]) -> IPAddress? {
        // Split into groups; an empty group marks "::".
        var head: [UInt64] = []
        var tail: [UInt64] = []
        var sawDoubleColon = false
        var index = 0
        if bytes.starts(with: [UInt8(ascii: ":"), UInt8(ascii: ":")]) {
            sawDoubleColon = true
            index = 2
        } else if bytes.first == UInt8(ascii: ":") {
            return nil
        }
        while index < bytes.count {
            var group: UInt64 = 0
            var digits = 0
            while index < bytes.count, let digit = hexValue(bytes[index]) {
                group = group << 4 | digit
                digits += 1
                index += 1
            }
            guard digits >= 1, digits <= 4 else { return nil }
            if sawDoubleColon { tail.append(group) } else { head.append(group) }
            guard index < bytes.count else { break }
            // bytes[index] is ':'
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                guard !sawDoubleColon else { return nil }
                sawDoubleColon = true
                index += 1
            } else if index == bytes.count {
                return nil  // a single trailing ':'
            }
        }
        let groups: [UInt64]
        if sawDoubleColon {
            guard head.count + tail.count <= 7 else { return nil }
            groups = head + [UInt64](repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard head.count == 8 else { return nil }
            groups = head
        }
        let high = groups[0..<4].reduce(0) { $0 << 16 | $1 }
        let low = groups[4..<8].reduce(0) { $0 << 16 | $1 }
        if high == 0, low >> 32 == 0xFFFF {
            return IPAddress(isV6: false, high: 0, low: low & 0xFFFF_FFFF)
        }
        return IPAddress(isV6: true, high: high, low: low)
    }
}
