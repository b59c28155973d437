/// The addresses a `cidr` pattern, or a plain string pattern that is an IP address, accepts.
///
/// As in event-ruler, a CIDR block runs from the address as written (host bits not cleared) up to the
/// address with every host bit set, so `10.0.0.33/24` accepts `10.0.0.33` to `10.0.0.255`, and IPv4 and
/// IPv6 never match each other.
package struct IPRange: Sendable, Hashable {
    package var lower: IPAddress
    package var upper: IPAddress

    /// Why a `cidr` value is not valid, in event-ruler's words.
    struct Invalid: Error {
        let message: String
    }

    /// The range holding one address.
    package init(address: IPAddress) {
        self.lower = address
        self.upper = address
    }

    /// Parses a `cidr` value (`10.0.0.0/24`, `2001:db8::/32`).
    init(cidr text: String) throws(Invalid) {
        // Java's String.split: trailing empty pieces are dropped.
        var pieces = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while let last = pieces.last, last.isEmpty { pieces.removeLast() }
        guard pieces.count == 2 else { throw Invalid(message: "Malformed CIDR, one '/' required") }
        guard let maskBits = Self.parseJavaInt(pieces[1]) else {
            throw Invalid(message: "Malformed CIDR, mask bits must be an integer")
        }
        guard maskBits >= 0 else { throw Invalid(message: "Malformed CIDR, mask bits must not be negative") }
        let addressText = pieces[0]
        guard IPAddress.looksLikeAddress(addressText.utf8) else {
            throw Invalid(message: "Nonstandard IP address: \(addressText)")
        }
        guard let address = IPAddress.parse(addressText.utf8) else {
            throw Invalid(message: "Invalid IP address: \(addressText)")
        }
        var upper = address
        if address.isV6 {
            guard maskBits <= 127 else { throw Invalid(message: "IPv6 mask bits must be < 128") }
            let hostBits = 128 - maskBits
            upper.low |= Self.lowBits(min(hostBits, 64))
            upper.high |= Self.lowBits(max(hostBits - 64, 0))
        } else {
            guard maskBits <= 31 else { throw Invalid(message: "IPv4 mask bits must be < 32") }
            upper.low |= Self.lowBits(32 - maskBits)
        }
        self.lower = address
        self.upper = upper
    }

    /// Whether `address` is in the range.
    package func contains(_ address: IPAddress) -> Bool {
        address.isV6 == lower.isV6 && lower <= address && address <= upper
    }

    /// A number whose low `count` bits (0...64) are set.
    private static func lowBits(_ count: Int) -> UInt64 { count >= 64 ? .max : (1 << UInt64(count)) - 1 }

    /// `Integer.parseInt`: an optional sign, then decimal digits, within 32 bits.
    private static func parseJavaInt(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
            return nil
        }
        let signed = negative ? -value : value
        return signed >= Int(Int32.min) && signed <= Int(Int32.max) ? signed : nil
    }
}
