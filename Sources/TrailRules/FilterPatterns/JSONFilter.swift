/// A compiled JSON filter pattern (`{ $.eventName = ConsoleLogin && $.errorMessage = "Failed authentication" }`).
///
/// Conditions are joined with `&&` and `||`, grouped with parentheses; `&&` binds tighter than `||`, as
/// CloudWatch Logs documents (`()` > `&&` > `||`). A condition holds when some node its selector names
/// (``JSONSelector``) satisfies it:
/// - a comparison (`=`, `!=`, `<`, `<=`, `>`, `>=`) needs a string, number or boolean node, so a missing
///   property, `null`, an object or an array satisfies neither `=` nor `!=` (CloudWatch Logs: "The SELECTOR must
///   point to a value node"); see ``ValueTest`` for the comparison itself;
/// - `IS NULL`, `IS TRUE`, `IS FALSE` need a `null`, `true` or `false` node;
/// - `NOT EXISTS` holds when the selector names no node at all.
///
/// The pattern is compiled to plain records in buffers this object owns, and matched over unsafe views of the
/// ``FlatJSON`` arrays, so matching neither allocates nor retains. An `||` of exact string equalities on one
/// selector (most CIS patterns) becomes one lookup and a hash-set test.
final class JSONFilter: @unchecked Sendable {
    // @unchecked: every buffer is written once in `init` and only read afterwards.

    /// What a condition checks on the nodes its selector names (the parsed form).
    enum Test: Sendable, Hashable {
        case compare(ValueTest)
        case oneOf([[UInt8]])
        case isNull
        case isTrue
        case isFalse
        case notExists
    }

    /// A selector and its test (the parsed form).
    struct Condition: Sendable, Hashable {
        let selector: JSONSelector
        let test: Test
    }

    /// A parsed expression.
    indirect enum Expression {
        case all([Expression])
        case any([Expression])
        case condition(Condition)
    }

    /// A range of one of the buffers.
    struct Span {
        var start: Int32
        var count: Int32
    }

    /// What a compiled condition tests.
    enum Kind: UInt8 {
        case text, number, regex, oneOf, isNull, isTrue, isFalse, notExists
    }

    /// A compiled condition: plain values only.
    struct Program {
        var path: Span
        var pathHash: UInt64
        var detailPath: Span
        var detailPathHash: UInt64
        var steps: Span
        var kind: Kind
        var op: ValueTest.Operator
        var leadingWildcard: Bool
        var trailingWildcard: Bool
        /// Text and number literals: bytes in ``pool``; `oneOf`: entries of ``setHashes`` and ``setValues``;
        /// `regex`: `start` indexes ``regexes``.
        var value: Span
        var number: Double
    }

    /// An index step of a selector (`index` -1 for `[*]`).
    struct Step {
        var keyCount: Int32
        var index: Int32
    }

    /// A node of the expression tree: a condition (`span.start`), or `&&` / `||` of ``children``.
    struct Node {
        var kind: UInt8  // 0 condition, 1 all, 2 any
        var span: Span
    }

    private let nodes: UnsafeMutableBufferPointer<Node>
    private let children: UnsafeMutableBufferPointer<Int32>
    private let programs: UnsafeMutableBufferPointer<Program>
    private let steps: UnsafeMutableBufferPointer<Step>
    private let pool: UnsafeMutableBufferPointer<UInt8>
    private let setHashes: UnsafeMutableBufferPointer<UInt64>
    private let setValues: UnsafeMutableBufferPointer<Span>
    private let regexes: [FilterRegex]
    private let root: Int

    /// Compiles a parsed expression.
    init(_ expression: Expression) {
        var builder = Builder()
        let root = builder.emit(expression)
        self.root = root
        self.nodes = Self.copy(builder.nodes)
        self.children = Self.copy(builder.children)
        self.programs = Self.copy(builder.programs)
        self.steps = Self.copy(builder.steps)
        self.pool = Self.copy(builder.pool)
        self.setHashes = Self.copy(builder.setHashes)
        self.setValues = Self.copy(builder.setValues)
        self.regexes = builder.regexes
    }

    deinit {
        nodes.deallocate()
        children.deallocate()
        programs.deallocate()
        steps.deallocate()
        pool.deallocate()
        setHashes.deallocate()
        setValues.deallocate()
    }

    private static func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
    }

    // MARK: - Matching

    /// Unsafe views of a flattened event.
    private struct Event {
        let entries: UnsafeBufferPointer<FlatJSON.Entry>
        let storage: UnsafeBufferPointer<UInt8>
        let positions: UnsafeBufferPointer<FlatJSON.ArrayPosition>
        let table: UnsafeBufferPointer<Int32>
        /// 0: no prefix, 1: `detail`, 2: another prefix (``otherPrefix``).
        let prefixMode: Int
        let prefixKeys: Int32
        let otherPrefix: [UInt8]
    }

    /// Whether the flattened event satisfies the pattern.
    func matches(_ flat: borrowing FlatJSON) -> Bool {
        let prefixMode: Int
        let prefixKeys: Int32
        var otherPrefix: [UInt8] = []
        if flat.prefix.isEmpty {
            prefixMode = 0
            prefixKeys = 0
        } else if flat.prefix == "detail" {
            prefixMode = 1
            prefixKeys = 1
        } else {
            prefixMode = 2
            otherPrefix = Array(flat.prefix.utf8) + [UInt8(ascii: ".")]
            prefixKeys = Int32(otherPrefix.count { $0 == UInt8(ascii: ".") })
        }
        return flat.entries.withUnsafeBufferPointer { entries in
            flat.storage.withUnsafeBufferPointer { storage in
                flat.positions.withUnsafeBufferPointer { positions in
                    flat.table.withUnsafeBufferPointer { table in
                        let event = Event(
                            entries: entries,
                            storage: storage,
                            positions: positions,
                            table: table,
                            prefixMode: prefixMode,
                            prefixKeys: prefixKeys,
                            otherPrefix: otherPrefix
                        )
                        return evaluate(root, event)
                    }
                }
            }
        }
    }

    private func evaluate(_ index: Int, _ event: Event) -> Bool {
        let node = nodes[index]
        let start = Int(node.span.start)
        switch node.kind {
        case 0:
            return holds(programs[start], event)
        case 1:
            for child in start..<(start + Int(node.span.count)) where !evaluate(Int(children[child]), event) {
                return false
            }
            return true
        default:
            for child in start..<(start + Int(node.span.count)) where evaluate(Int(children[child]), event) {
                return true
            }
            return false
        }
    }

    @inline(__always)
    private func bytes(_ span: Span) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: pool[Int(span.start)..<Int(span.start + span.count)])
    }

    private func holds(_ program: Program, _ event: Event) -> Bool {
        var index = firstEntry(program, event)
        while index >= 0 {
            let entry = event.entries[index]
            if isNamed(entry, program, event) {
                if program.kind == .notExists { return false }
                if test(entry, program, event) { return true }
            }
            index = Int(entry.nextSamePath)
        }
        return program.kind == .notExists
    }

    /// The first entry with the condition's path, or -1.
    @inline(__always)
    private func firstEntry(_ program: Program, _ event: Event) -> Int {
        switch event.prefixMode {
        case 0:
            return probe(bytes(program.path), hash: program.pathHash, event)
        case 1:
            return probe(bytes(program.detailPath), hash: program.detailPathHash, event)
        default:
            let full = event.otherPrefix + Array(bytes(program.path))
            return full.withUnsafeBufferPointer { probe($0, hash: ByteSearch.hash($0), event) }
        }
    }

    /// Looks a path up in the view's open-addressing table (``FlatJSON/firstIndex(pathHash:path:)`` on
    /// unsafe buffers).
    @inline(__always)
    private func probe(_ path: UnsafeBufferPointer<UInt8>, hash: UInt64, _ event: Event) -> Int {
        let table = event.table
        guard !table.isEmpty else { return -1 }
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = Int(table[slot])
            if stored == 0 { return -1 }
            let entry = event.entries[stored - 1]
            if entry.pathHash == hash,
                ByteSearch.equal(UnsafeBufferPointer(rebasing: event.storage[entry.path]), path)
            {
                return stored - 1
            }
            slot = (slot + 1) & mask
        }
    }

    /// Whether an entry with the condition's path sits in exactly the arrays its selector indexes.
    @inline(__always)
    private func isNamed(_ entry: FlatJSON.Entry, _ program: Program, _ event: Event) -> Bool {
        let count = Int(program.steps.count)
        guard entry.arrays.count == count else { return false }
        var position = entry.arrays.lowerBound
        var step = Int(program.steps.start)
        for _ in 0..<count {
            let array = event.positions[position]
            let wanted = steps[step]
            guard array.keyDepth == event.prefixKeys + wanted.keyCount else { return false }
            if wanted.index >= 0 && wanted.index != array.index { return false }
            position += 1
            step += 1
        }
        return true
    }

    @inline(__always)
    private func test(_ entry: FlatJSON.Entry, _ program: Program, _ event: Event) -> Bool {
        switch program.kind {
        case .isNull: return entry.kind == .null
        case .isTrue: return entry.kind == .true
        case .isFalse: return entry.kind == .false
        case .notExists: return true
        case .text, .number, .regex, .oneOf: break
        }
        switch entry.kind {
        case .string, .number, .true, .false: break
        case .null, .object, .array: return false
        }
        let value = UnsafeBufferPointer(rebasing: event.storage[entry.value])
        switch program.kind {
        case .text:
            let matched = TextPattern.matches(
                value,
                core: bytes(program.value),
                leading: program.leadingWildcard,
                trailing: program.trailingWildcard
            )
            return program.op == .notEqual ? !matched : matched
        case .number:
            return ValueTest.compare(
                value,
                allowExponent: entry.kind == .number,
                op: program.op,
                literalText: bytes(program.value),
                literal: program.number
            )
        case .regex:
            let matched = regexes[Int(program.value.start)].isFound(in: value)
            return program.op == .notEqual ? !matched : matched
        default:
            let hash = ByteSearch.hash(value)
            let start = Int(program.value.start)
            for member in start..<(start + Int(program.value.count)) where setHashes[member] == hash {
                if ByteSearch.equal(bytes(setValues[member]), value) { return true }
            }
            return false
        }
    }
}

extension JSONFilter {
    /// Lays a parsed expression out in arrays.
    private struct Builder {
        var nodes: [Node] = []
        var children: [Int32] = []
        var programs: [Program] = []
        var steps: [Step] = []
        var pool: [UInt8] = []
        var setHashes: [UInt64] = []
        var setValues: [Span] = []
        var regexes: [FilterRegex] = []

        mutating func emit(_ expression: Expression) -> Int {
            switch expression {
            case .condition(let condition):
                programs.append(compile(condition))
                nodes.append(Node(kind: 0, span: Span(start: Int32(programs.count - 1), count: 1)))
                return nodes.count - 1
            case .all(let members):
                return append(members.map { emit($0) }, kind: 1)
            case .any(let members):
                return append(Self.mergeEqualities(members).map { emit($0) }, kind: 2)
            }
        }

        mutating func append(_ indexes: [Int], kind: UInt8) -> Int {
            if indexes.count == 1 { return indexes[0] }
            let start = Int32(children.count)
            children.append(contentsOf: indexes.map { Int32($0) })
            nodes.append(Node(kind: kind, span: Span(start: start, count: Int32(indexes.count))))
            return nodes.count - 1
        }

        mutating func store(_ bytes: [UInt8]) -> Span {
            let start = Int32(pool.count)
            pool.append(contentsOf: bytes)
            return Span(start: start, count: Int32(bytes.count))
        }

        mutating func compile(_ condition: Condition) -> Program {
            let selector = condition.selector
            let stepStart = Int32(steps.count)
            for step in selector.indexes { steps.append(Step(keyCount: step.keyCount, index: step.index ?? -1)) }
            var program = Program(
                path: store(selector.path),
                pathHash: selector.pathHash,
                detailPath: store(selector.detailPath),
                detailPathHash: selector.detailPathHash,
                steps: Span(start: stepStart, count: Int32(selector.indexes.count)),
                kind: .notExists,
                op: .equal,
                leadingWildcard: false,
                trailingWildcard: false,
                value: Span(start: 0, count: 0),
                number: 0
            )
            switch condition.test {
            case .isNull: program.kind = .isNull
            case .isTrue: program.kind = .isTrue
            case .isFalse: program.kind = .isFalse
            case .notExists: program.kind = .notExists
            case .oneOf(let values):
                program.kind = .oneOf
                program.value = Span(start: Int32(setHashes.count), count: Int32(values.count))
                for value in values {
                    setHashes.append(FlatJSON.hash(value))
                    setValues.append(store(value))
                }
            case .compare(let test):
                program.op = test.op
                switch test.operand {
                case .text(let text):
                    program.kind = .text
                    program.value = store(text.core)
                    program.leadingWildcard = text.leadingWildcard
                    program.trailingWildcard = text.trailingWildcard
                case .number(let literal):
                    program.kind = .number
                    program.value = store(literal.text)
                    program.number = literal.value
                case .regex(let regex):
                    program.kind = .regex
                    program.value = Span(start: Int32(regexes.count), count: 0)
                    regexes.append(regex)
                }
            }
            return program
        }

        /// Replaces the exact `=` comparisons on one selector among the members of an `||` by one set test.
        static func mergeEqualities(_ members: [Expression]) -> [Expression] {
            var values: [JSONSelector: [[UInt8]]] = [:]
            for member in members {
                if case .condition(let condition) = member, let value = exactValue(condition) {
                    values[condition.selector, default: []].append(value)
                }
            }
            var merged: Set<JSONSelector> = []
            var out: [Expression] = []
            for member in members {
                guard case .condition(let condition) = member, exactValue(condition) != nil,
                    let group = values[condition.selector], group.count > 1
                else {
                    out.append(member)
                    continue
                }
                if merged.insert(condition.selector).inserted {
                    out.append(.condition(Condition(selector: condition.selector, test: .oneOf(group))))
                }
            }
            return out
        }

        static func exactValue(_ condition: Condition) -> [UInt8]? {
            guard case .compare(let test) = condition.test, test.op == .equal, case .text(let text) = test.operand,
                text.isExact
            else { return nil }
            return text.core
        }
    }
}
