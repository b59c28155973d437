/// A read-only hash table from byte strings to lists of numbers, probed with a slice of the event's
/// storage, without allocating.
///
/// Keys are hashed with FNV-1a over their bytes, first to last, or last to first for a table of suffixes
/// (``init(_:reversed:)``), so that a value's hashes for every prefix (or suffix) length come out of one
/// pass over it. A table of at most ``smallCount`` keys is searched by comparing keys, without hashing.
final class ByteKeyTable: Sendable {
    /// One key: its hash, bytes (a range of ``keyBytes``) and numbers (a range of ``numbers``).
    struct Entry: Sendable {
        var hash: UInt64
        var keyStart: Int32
        var keyCount: Int32
        var numbersStart: Int32
        var numbersCount: Int32
    }

    /// Tables with at most this many keys are searched key by key.
    static let smallCount = 4

    let entries: [Entry]
    let keyBytes: [UInt8]
    let numbers: [Int32]
    /// Open addressing: entry index + 1, 0 = empty.
    let slots: [Int32]
    /// Whether the table is searched key by key.
    let isSmall: Bool
    /// The distinct key lengths, ascending.
    let lengths: [Int]

    /// A table of the given keys.
    ///
    /// - Parameters:
    ///   - contents: each key with its numbers.
    ///   - reversed: whether keys are hashed last byte first (tables of suffixes).
    init(_ contents: [[UInt8]: [Int32]] = [:], reversed: Bool = false) {
        var capacity = 4
        while capacity < contents.count * 2 { capacity <<= 1 }
        var slots = [Int32](repeating: 0, count: capacity)
        var entries: [Entry] = []
        var keyBytes: [UInt8] = []
        var numbers: [Int32] = []
        let mask = capacity - 1
        for (key, list) in contents.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            let hash =
                reversed
                ? Self.reversedHash(FlatJSON.hashSeed, continuingOver: key[...], key.indices) : FlatJSON.hash(key)
            entries.append(
                Entry(
                    hash: hash,
                    keyStart: Int32(keyBytes.count),
                    keyCount: Int32(key.count),
                    numbersStart: Int32(numbers.count),
                    numbersCount: Int32(list.count)
                )
            )
            keyBytes.append(contentsOf: key)
            numbers.append(contentsOf: list)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entries.count)
        }
        self.entries = entries
        self.keyBytes = keyBytes
        self.numbers = numbers
        self.slots = slots
        self.isSmall = entries.count <= Self.smallCount
        self.lengths = Set(contents.keys.map(\.count)).sorted()
    }

    /// Whether the table has no keys.
    var isEmpty: Bool { entries.isEmpty }

    /// The numbers of an entry (a range of ``numbers``).
    @inline(__always)
    func numbers(of entry: Int) -> Range<Int> {
        let start = Int(entries[entry].numbersStart)
        return start..<start + Int(entries[entry].numbersCount)
    }

    /// Whether entry `entry`'s key equals `bytes`.
    @inline(__always)
    func keyEquals(_ entry: Int, _ bytes: ArraySlice<UInt8>) -> Bool {
        let start = Int(entries[entry].keyStart)
        return Int(entries[entry].keyCount) == bytes.count
            && ByteComparison.equal(keyBytes[start..<start + bytes.count], bytes)
    }

    /// The entry whose key is `key`, whose hash (in the table's direction) is `hash`.
    @inline(__always)
    func lookup(hash: UInt64, key: ArraySlice<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(slots[slot])
            if stored == 0 { return nil }
            if entries[stored - 1].hash == hash && keyEquals(stored - 1, key) { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The entry whose key is `key`, found by comparing keys (small tables).
    @inline(__always)
    func find(_ key: ArraySlice<UInt8>) -> Int? {
        for entry in entries.indices where keyEquals(entry, key) { return entry }
        return nil
    }

    /// Continues an FNV-1a hash over `bytes[range]`, first to last.
    @inline(__always)
    static func hash(_ state: UInt64, continuingOver bytes: ArraySlice<UInt8>, _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBufferPointer { buffer in
            var state = state
            let base = bytes.startIndex
            for offset in range { state = (state ^ UInt64(buffer[offset - base])) &* FlatJSON.hashPrime }
            return state
        }
    }

    /// Continues an FNV-1a hash over `bytes[range]`, last to first.
    @inline(__always)
    static func reversedHash(_ state: UInt64, continuingOver bytes: ArraySlice<UInt8>, _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBufferPointer { buffer in
            var state = state
            let base = bytes.startIndex
            for offset in range.reversed() { state = (state ^ UInt64(buffer[offset - base])) &* FlatJSON.hashPrime }
            return state
        }
    }
}
