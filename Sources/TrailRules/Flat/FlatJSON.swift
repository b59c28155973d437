#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A JSON object flattened to its values, each with its key path, in document order.
///
/// Monitors and rules match on this view rather than on decoded objects: one pass over the bytes produces
/// every value with its path (object keys joined by `.`, arrays transparent, as EventBridge names fields),
/// the hash of that path, its unescaped bytes and the arrays that enclose it. Metric filters and event
/// patterns then compare bytes.
///
/// - A record flattened with the prefix `detail` has paths such as `detail.eventName`; envelope fields
///   (`source`, `detail-type`, ...) are appended after parsing with ``append(path:string:)``.
/// - Objects and arrays are entries too (before their members), so a pattern can ask whether a field
///   exists whatever its value; the root object is not an entry.
package struct FlatJSON: Sendable {
    /// What kind of value an entry holds.
    package enum Kind: UInt8, Sendable {
        case string, number, `true`, `false`, null, object, array

        /// Whether the value is a scalar (neither object nor array).
        package var isLeaf: Bool { self != .object && self != .array }
    }

    /// One value of the document.
    package struct Entry: Sendable {
        package var kind: Kind
        /// ``FlatJSON/hash(_:)`` of the path bytes (prefix included).
        package var pathHash: UInt64
        /// Into ``FlatJSON/storage``: the object keys from the root, joined by `.`.
        package var path: Range<Int>
        /// Into ``FlatJSON/storage``: a string's unescaped UTF-8, a number's text as written, or
        /// `true` / `false` / `null`; empty for objects and arrays.
        package var value: Range<Int>
        /// The value's JSON text in ``FlatJSON/source`` (empty for appended entries).
        package var source: Range<Int>
        /// Into ``FlatJSON/positions``: the arrays that enclose the value, outermost first.
        package var arrays: Range<Int>
        /// The next entry with the same path, or -1.
        package var nextSamePath: Int32
    }

    /// Where a value sits in one enclosing array.
    package struct ArrayPosition: Sendable, Hashable {
        /// Which array of the document (numbered in document order).
        package var array: Int32
        /// The element's index in that array.
        package var index: Int32
        /// How many path keys precede the array (prefix keys included).
        package var keyDepth: Int32

        package init(array: Int32, index: Int32, keyDepth: Int32) {
            self.array = array
            self.index = index
            self.keyDepth = keyDepth
        }
    }

    /// The parsed JSON text.
    package let source: [UInt8]
    /// The path every parsed entry starts with (`detail` for an EventBridge envelope), or empty.
    package let prefix: String
    /// Every value, in document order.
    package internal(set) var entries: [Entry] = []
    /// Paths and values of the entries.
    package internal(set) var storage: [UInt8] = []
    /// Array positions of the entries.
    package internal(set) var positions: [ArrayPosition] = []
    /// Open-addressing table of the first entry of each path (entry index + 1; 0 = empty).
    var table: [Int32] = []
    /// The number of arrays numbered so far.
    var arrayCount: Int32 = 0

    /// Flattens a JSON object.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text whose root is an object.
    ///   - prefix: a path to put in front of every key path (`detail`), or empty.
    ///   - maxDepth: nesting limit, so hostile input cannot exhaust the stack.
    /// - Throws: ``FlatJSONError`` when the text is not a JSON object.
    package init(parsing bytes: [UInt8], prefix: String = "", maxDepth: Int = 128) throws(FlatJSONError) {
        var flat = FlatJSON(source: bytes, prefix: prefix)
        flat.storage.reserveCapacity(bytes.count + bytes.count / 2)
        flat.entries.reserveCapacity(bytes.count / 20)
        try bytes.withUnsafeBufferPointer { (buffer) throws(FlatJSONError) in
            var parser = FlatJSONParser(bytes: buffer, maxDepth: maxDepth)
            try parser.flatten(into: &flat)
        }
        flat.rebuildTable()
        self = flat
    }

    private init(source: [UInt8], prefix: String) {
        self.source = source
        self.prefix = prefix
    }

    /// An empty document (an envelope built only from appended fields).
    package init(prefix: String = "") {
        self.source = []
        self.prefix = prefix
        rebuildTable()
    }

    // MARK: - Reading

    /// The path of an entry.
    package func pathBytes(_ entry: Entry) -> ArraySlice<UInt8> { storage[entry.path] }

    /// The value bytes of an entry.
    package func valueBytes(_ entry: Entry) -> ArraySlice<UInt8> { storage[entry.value] }

    /// The path of an entry as text.
    package func pathString(_ entry: Entry) -> String { String(decoding: storage[entry.path], as: UTF8.self) }

    /// The value of an entry as text.
    package func valueString(_ entry: Entry) -> String { String(decoding: storage[entry.value], as: UTF8.self) }

    /// The array positions of an entry, outermost first.
    package func arrayPositions(_ entry: Entry) -> ArraySlice<ArrayPosition> { positions[entry.arrays] }

    /// The first entry whose path is `path` (object keys joined by `.`, the whole path, prefix included).
    package func firstIndex(atPath path: String) -> Int? {
        let bytes = Array(path.utf8)
        return firstIndex(pathHash: Self.hash(bytes), path: bytes[...])
    }

    /// The first entry whose path, below ``prefix``, is `path`.
    package func firstIndex(atRelativePath path: String) -> Int? {
        firstIndex(atPath: prefix.isEmpty ? path : prefix + "." + path)
    }

    /// The first entry with a path of the given hash and bytes, without allocating.
    package func firstIndex(pathHash: UInt64, path: ArraySlice<UInt8>) -> Int? {
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: pathHash) & mask
        while true {
            let stored = table[slot]
            if stored == 0 { return nil }
            let entry = entries[Int(stored) - 1]
            if entry.pathHash == pathHash && Self.equal(storage[entry.path], path) { return Int(stored) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Calls `body` with the index of every entry whose path is the given one, in document order.
    package func forEachIndex(pathHash: UInt64, path: ArraySlice<UInt8>, _ body: (Int) -> Void) {
        guard var index = firstIndex(pathHash: pathHash, path: path) else { return }
        while true {
            body(index)
            let next = entries[index].nextSamePath
            if next < 0 { return }
            index = Int(next)
        }
    }

    // MARK: - Hashing

    /// FNV-1a (64-bit) of some bytes: the path hash of entries and of patterns' field names.
    @inlinable
    package static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var state = hashSeed
        for byte in bytes { state = (state ^ UInt64(byte)) &* hashPrime }
        return state
    }

    /// The FNV-1a offset basis.
    @usableFromInline static let hashSeed: UInt64 = 0xcbf2_9ce4_8422_2325
    /// The FNV-1a prime.
    @usableFromInline static let hashPrime: UInt64 = 0x0000_0100_0000_01b3

    // MARK: - Appending

    /// A path given once, with its hash computed once (for fields appended to every document).
    package struct Path: Sendable {
        package let bytes: [UInt8]
        package let hash: UInt64

        package init(_ path: String) {
            bytes = Array(path.utf8)
            hash = FlatJSON.hash(bytes)
        }
    }

    /// Adds a string at a top-level path (an envelope field such as `source`).
    package mutating func append(path: String, string: String) {
        appendLeaf(path: Array(path.utf8), kind: .string, value: Array(string.utf8), arrays: [])
    }

    /// Adds a string at a top-level path given once.
    package mutating func append(path: Path, string: String) {
        appendLeaf(path: path.bytes, hash: path.hash, kind: .string, value: string.utf8, arrays: [])
    }

    /// Adds a number, given as its JSON text, at a top-level path.
    package mutating func append(path: String, number: String) {
        appendLeaf(path: Array(path.utf8), kind: .number, value: Array(number.utf8), arrays: [])
    }

    /// Adds an array of strings at a top-level path (the envelope's `resources`).
    package mutating func append(path: String, strings: [String]) {
        let pathBytes = Array(path.utf8)
        let array = arrayCount
        arrayCount += 1
        appendLeaf(path: pathBytes, kind: .array, value: [], arrays: [])
        for (index, string) in strings.enumerated() {
            appendLeaf(
                path: pathBytes,
                kind: .string,
                value: Array(string.utf8),
                arrays: [ArrayPosition(array: array, index: Int32(index), keyDepth: 1)]
            )
        }
    }

    private mutating func appendLeaf(path: [UInt8], kind: Kind, value: [UInt8], arrays: [ArrayPosition]) {
        appendLeaf(path: path, hash: Self.hash(path), kind: kind, value: value, arrays: arrays)
    }

    private mutating func appendLeaf(
        path: [UInt8],
        hash: UInt64,
        kind: Kind,
        value: some Collection<UInt8>,
        arrays: [ArrayPosition]
    ) {
        let pathStart = storage.count
        storage.append(contentsOf: path)
        let valueStart = storage.count
        storage.append(contentsOf: value)
        let positionStart = positions.count
        if !arrays.isEmpty { positions.append(contentsOf: arrays) }
        entries.append(
            Entry(
                kind: kind,
                pathHash: hash,
                path: pathStart..<valueStart,
                value: valueStart..<storage.count,
                source: 0..<0,
                arrays: positionStart..<positions.count,
                nextSamePath: -1
            )
        )
        if entries.count * 2 > table.count {
            rebuildTable()
        } else {
            insertIntoTable(entries.count - 1)
        }
    }

    /// Adds one entry (the last of its path so far) to the path table.
    private mutating func insertIntoTable(_ index: Int) {
        let mask = table.count - 1
        let hash = entries[index].pathHash
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = table[slot]
            if stored == 0 {
                table[slot] = Int32(index + 1)
                return
            }
            let first = Int(stored) - 1
            if entries[first].pathHash == hash && Self.equal(storage[entries[first].path], storage[entries[index].path])
            {
                var last = first
                while entries[last].nextSamePath >= 0 { last = Int(entries[last].nextSamePath) }
                entries[last].nextSamePath = Int32(index)
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// Byte equality of two slices (memcmp rather than a generic element loop).
    @inline(__always)
    static func equal(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }

    /// Rebuilds the path table and the same-path chains from ``entries``.
    mutating func rebuildTable() {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var table = [Int32](repeating: 0, count: capacity)
        // The last entry of each path seen so far, to chain the next one to.
        var last = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for index in entries.indices {
            entries[index].nextSamePath = -1
            let hash = entries[index].pathHash
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let stored = table[slot]
                if stored == 0 {
                    table[slot] = Int32(index + 1)
                    last[slot] = Int32(index)
                    break
                }
                let first = entries[Int(stored) - 1]
                if first.pathHash == hash && Self.equal(storage[first.path], storage[entries[index].path]) {
                    entries[Int(last[slot])].nextSamePath = Int32(index)
                    last[slot] = Int32(index)
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        self.table = table
    }
}
