/// A set of byte strings kept sorted, searched without hashing or allocating (the texts of an
/// `anything-but`).
package struct SortedByteStrings: Sendable, Hashable {
    /// The strings, sorted bytewise, without duplicates.
    package let elements: [[UInt8]]

    package init(_ strings: some Sequence<[UInt8]>) {
        var sorted = Array(strings)
        sorted.sort { $0.lexicographicallyPrecedes($1) }
        var unique: [[UInt8]] = []
        for string in sorted where unique.last != string { unique.append(string) }
        self.elements = unique
    }

    /// Whether `bytes` is one of the strings.
    package func contains(_ bytes: some Collection<UInt8>) -> Bool {
        var lower = 0
        var upper = elements.count
        while lower < upper {
            let middle = (lower + upper) / 2
            switch Self.compare(elements[middle], bytes) {
            case 0: return true
            case ..<0: lower = middle + 1
            default: upper = middle
            }
        }
        return false
    }

    /// Bytewise order: negative when `a` sorts first, 0 when equal.
    private static func compare(_ a: [UInt8], _ b: some Collection<UInt8>) -> Int {
        var index = b.startIndex
        for byte in a {
            guard index != b.endIndex else { return 1 }
            let other = b[index]
            if byte != other { return byte < other ? -1 : 1 }
            index = b.index(after: index)
        }
        return index == b.endIndex ? 0 : -1
    }
}
