/// Byte comparisons on unsafe buffers, so that matching does not retain or allocate.
enum ByteSearch {
    /// Whether two byte sequences are equal.
    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var index = 0
        while index < a.count {
            if a[index] != b[index] { return false }
            index += 1
        }
        return true
    }

    /// Whether `needle` occurs in `haystack` (an empty needle always does).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = needle.count
        guard count > 0 else { return true }
        guard haystack.count >= count else { return false }
        let first = needle[0]
        let last = haystack.count - count
        var start = 0
        while start <= last {
            if haystack[start] == first {
                var matched = 1
                while matched < count, haystack[start + matched] == needle[matched] { matched += 1 }
                if matched == count { return true }
            }
            start += 1
        }
        return false
    }

    /// Whether `bytes` start with `prefix`.
    @inline(__always)
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= prefix.count && equal(UnsafeBufferPointer(rebasing: bytes[0..<prefix.count]), prefix)
    }

    /// Whether `bytes` end with `suffix`.
    @inline(__always)
    static func hasSuffix(_ bytes: UnsafeBufferPointer<UInt8>, _ suffix: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= suffix.count
            && equal(UnsafeBufferPointer(rebasing: bytes[(bytes.count - suffix.count)...]), suffix)
    }

    /// The FNV-1a hash of bytes, as ``FlatJSON/hash(_:)`` computes it.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state = FlatJSON.hashSeed
        for byte in bytes { state = (state ^ UInt64(byte)) &* FlatJSON.hashPrime }
        return state
    }
}
