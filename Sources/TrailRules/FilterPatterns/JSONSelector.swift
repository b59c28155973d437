/// A property selector of a JSON filter pattern: `$` followed by `.name` and `[index]` steps, such as
/// `$.userIdentity.type`, `$.users[0].email`, `$.coordinates[0][1]` or `$.resources[*].ARN`.
///
/// A selector names nodes exactly: an array is entered only where the selector indexes it. `$.a.b` therefore
/// does not look into the elements when `a` is an array, as CloudWatch Logs documents that array elements are
/// addressed with `[NUMBER]` and that a selector naming an array or an object matches no comparison. `[*]`
/// stands for every element of the array.
///
/// Lookup is by the precomputed hash of the path on the shared ``FlatJSON`` view: no allocation when the
/// view has no prefix or the prefix `detail` (a record inside an EventBridge envelope).
struct JSONSelector: Sendable, Hashable {
    /// An index step: which element, after how many keys of the selector.
    struct IndexStep: Sendable, Hashable {
        /// The number of keys before the index.
        let keyCount: Int32
        /// The element index, or `nil` for `[*]`.
        let index: Int32?
    }

    /// The selector as written.
    let text: String
    /// The keys joined by `.`.
    let path: [UInt8]
    /// ``FlatJSON/hash(_:)`` of ``path``.
    let pathHash: UInt64
    /// `detail.` followed by ``path``, and its hash.
    let detailPath: [UInt8]
    let detailPathHash: UInt64
    /// The index steps, outermost first.
    let indexes: [IndexStep]

    init(text: String, keys: [[UInt8]], indexes: [IndexStep]) {
        self.text = text
        var path: [UInt8] = []
        for key in keys {
            if !path.isEmpty { path.append(UInt8(ascii: ".")) }
            path.append(contentsOf: key)
        }
        self.path = path
        self.pathHash = FlatJSON.hash(path)
        self.detailPath = Array("detail.".utf8) + path
        self.detailPathHash = FlatJSON.hash(detailPath)
        self.indexes = indexes
    }

    static func == (a: Self, b: Self) -> Bool { a.path == b.path && a.indexes == b.indexes }
    func hash(into hasher: inout Hasher) {
        hasher.combine(path)
        hasher.combine(indexes)
    }

    /// The number of `[*]` steps.
    var wildcardCount: Int { indexes.count { $0.index == nil } }

    /// Whether some node the selector names satisfies `predicate`.
    @inline(__always)
    func containsNode(in flat: FlatJSON, where predicate: (FlatJSON.Entry) -> Bool) -> Bool {
        if flat.prefix.isEmpty {
            return containsNode(in: flat, pathHash: pathHash, path: path[...], prefixKeys: 0, where: predicate)
        }
        if flat.prefix == "detail" {
            return containsNode(
                in: flat,
                pathHash: detailPathHash,
                path: detailPath[...],
                prefixKeys: 1,
                where: predicate
            )
        }
        let full = Array(flat.prefix.utf8) + [UInt8(ascii: ".")] + path
        let prefixKeys = Int32(flat.prefix.utf8.count { $0 == UInt8(ascii: ".") } + 1)
        return containsNode(
            in: flat,
            pathHash: FlatJSON.hash(full),
            path: full[...],
            prefixKeys: prefixKeys,
            where: predicate
        )
    }

    @inline(__always)
    private func containsNode(
        in flat: FlatJSON,
        pathHash: UInt64,
        path: ArraySlice<UInt8>,
        prefixKeys: Int32,
        where predicate: (FlatJSON.Entry) -> Bool
    ) -> Bool {
        guard var index = flat.firstIndex(pathHash: pathHash, path: path) else { return false }
        while true {
            let entry = flat.entries[index]
            if isNamed(entry, in: flat, prefixKeys: prefixKeys) && predicate(entry) { return true }
            let next = entry.nextSamePath
            if next < 0 { return false }
            index = Int(next)
        }
    }

    /// Whether an entry with the selector's path sits in exactly the arrays the selector indexes.
    @inline(__always)
    private func isNamed(_ entry: FlatJSON.Entry, in flat: FlatJSON, prefixKeys: Int32) -> Bool {
        guard entry.arrays.count == indexes.count else { return false }
        if indexes.isEmpty { return true }
        var position = entry.arrays.lowerBound
        for step in indexes {
            let array = flat.positions[position]
            guard array.keyDepth == prefixKeys + step.keyCount else { return false }
            if let index = step.index, index != array.index { return false }
            position += 1
        }
        return true
    }
}

extension JSONSelector {
    /// Reads a selector at the scanner's position (which holds `$`).
    ///
    /// - Throws: ``FilterPatternError`` when it is not `$` followed by `.name` and `[index]` steps.
    static func read(from scanner: inout PatternScanner) throws(FilterPatternError) -> JSONSelector {
        let start = scanner.index
        scanner.index += 1
        var keys: [[UInt8]] = []
        var indexes: [IndexStep] = []
        while let byte = scanner.peek() {
            if byte == UInt8(ascii: ".") {
                scanner.index += 1
                let keyStart = scanner.index
                while let next = scanner.peek(), PatternScanner.isNameByte(next) { scanner.index += 1 }
                guard scanner.index > keyStart else {
                    if scanner.peek() == UInt8(ascii: "*") {
                        throw scanner.error("'.*' is not supported; use '[*]' for every element of an array")
                    }
                    if let next = scanner.peek(), !PatternScanner.isWhitespace(next) {
                        throw scanner.error(
                            "\(scanner.describe(at: scanner.index)) is not allowed in a property name (letters, digits, '-' and '_')"
                        )
                    }
                    throw scanner.error("expected a property name after '.'")
                }
                keys.append(Array(scanner.bytes[keyStart..<scanner.index]))
            } else if byte == UInt8(ascii: "[") {
                guard !keys.isEmpty else {
                    throw scanner.error("an array index must follow a property name ('$.name[0]')")
                }
                scanner.index += 1
                let indexStart = scanner.index
                if scanner.consume("*") {
                    indexes.append(IndexStep(keyCount: Int32(keys.count), index: nil))
                } else {
                    var value = 0
                    while let digit = scanner.peek(), digit &- 0x30 < 10 {
                        value = value * 10 + Int(digit &- 0x30)
                        guard value <= Int(Int32.max) else {
                            throw scanner.error("the array index is too large", at: indexStart)
                        }
                        scanner.index += 1
                    }
                    guard scanner.index > indexStart else {
                        throw scanner.error("expected an array index or '*' after '['")
                    }
                    indexes.append(IndexStep(keyCount: Int32(keys.count), index: Int32(value)))
                }
                guard scanner.consume("]") else { throw scanner.error("expected ']' to close the array index") }
            } else {
                break
            }
        }
        guard !keys.isEmpty else {
            throw scanner.error("expected '.' and a property name after '$'", at: start + 1)
        }
        let selector = JSONSelector(
            text: String(decoding: scanner.bytes[start..<scanner.index], as: UTF8.self),
            keys: keys,
            indexes: indexes
        )
        if selector.wildcardCount > 1 {
            throw scanner.error("a property selector can contain at most one '[*]'", at: start)
        }
        return selector
    }
}
