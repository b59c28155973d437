/// A regular expression of the subset CloudWatch Logs supports in filter patterns (`%...%`).
///
/// Letters, digits, `: _ # = @ / ; , -` and spaces stand for themselves; the operators are `^` and `$`
/// (anchors), `.`, `[...]` and `[^...]` (classes with ranges), `\d \D \w \W \s \S` and `\` before an operator
/// (escapes), `?`, `*`, `+`, `{m}`, `{m,}` and `{m,n}` (repetition) and `|` (alternatives of the whole
/// expression). Parentheses and multi-byte characters are refused, as CloudWatch Logs refuses them.
///
/// A regular expression matches text in which it is found anywhere, unless anchored. Matching simulates the
/// automaton over all its states at once, so it takes time linear in the text whatever the expression.
struct FilterRegex: Sendable, Hashable {
    /// CloudWatch Logs allows two regular expressions in one filter pattern.
    static let maximumPerPattern = 2
    /// The largest automaton accepted (repetitions are unrolled).
    static let maximumStates = 1000

    /// A set of bytes.
    struct ByteSet: Sendable, Hashable {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var w2: UInt64 = 0
        var w3: UInt64 = 0

        func contains(_ byte: UInt8) -> Bool {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: return w0 & bit != 0
            case 1: return w1 & bit != 0
            case 2: return w2 & bit != 0
            default: return w3 & bit != 0
            }
        }

        mutating func insert(_ byte: UInt8) {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: w0 |= bit
            case 1: w1 |= bit
            case 2: w2 |= bit
            default: w3 |= bit
            }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        mutating func formUnion(_ other: ByteSet) {
            w0 |= other.w0
            w1 |= other.w1
            w2 |= other.w2
            w3 |= other.w3
        }

        var inverted: ByteSet { ByteSet(w0: ~w0, w1: ~w1, w2: ~w2, w3: ~w3) }
        var isEmpty: Bool { w0 | w1 | w2 | w3 == 0 }
    }

    /// One step of a branch: a byte of ``set``, once, at most once (``isOptional``) or any number of times
    /// (``repeats``).
    struct State: Sendable, Hashable {
        let set: ByteSet
        let isOptional: Bool
        let repeats: Bool
    }

    /// One alternative: a sequence of states, possibly anchored at the start or the end of the text.
    struct Branch: Sendable, Hashable {
        let states: [State]
        let isAnchoredAtStart: Bool
        let isAnchoredAtEnd: Bool
    }

    /// The expression as written between the `%`.
    let source: String
    /// The alternatives.
    let branches: [Branch]

    static func == (a: Self, b: Self) -> Bool { a.source == b.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// Whether the expression is found in `text`.
    func isFound(in text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBufferPointer { isFound(in: $0) }
    }

    /// ``isFound(in:)`` on a buffer.
    func isFound(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        for branch in branches where branch.isFound(in: text) { return true }
        return false
    }
}

extension FilterRegex.Branch {
    /// Whether the branch matches somewhere in `text`.
    func isFound(in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let accept = states.count
        let words = (accept + 64) / 64
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words * 2) { buffer in
            var current = UnsafeMutableBufferPointer(rebasing: buffer[0..<words])
            var next = UnsafeMutableBufferPointer(rebasing: buffer[words..<(words * 2)])
            current.update(repeating: 0)
            Self.insert(0, into: current)
            close(current)
            if Self.has(accept, current), !isAnchoredAtEnd || text.isEmpty { return true }
            var remaining = text.count
            for byte in text {
                remaining -= 1
                next.update(repeating: 0)
                var any = false
                for word in 0..<words {
                    var bits = current[word]
                    while bits != 0 {
                        let state = word * 64 + bits.trailingZeroBitCount
                        bits &= bits - 1
                        guard state < accept else { continue }
                        let step = states[state]
                        if step.set.contains(byte) {
                            Self.insert(step.repeats ? state : state + 1, into: next)
                            any = true
                        }
                    }
                }
                if !isAnchoredAtStart {
                    Self.insert(0, into: next)
                    any = true
                }
                if !any { return false }
                close(next)
                swap(&current, &next)
                if Self.has(accept, current), !isAnchoredAtEnd || remaining == 0 { return true }
            }
            return false
        }
    }

    /// Adds the states reachable by skipping optional ones.
    private func close(_ set: UnsafeMutableBufferPointer<UInt64>) {
        for state in states.indices where states[state].isOptional && Self.has(state, set) {
            Self.insert(state + 1, into: set)
        }
    }

    private static func insert(_ state: Int, into set: UnsafeMutableBufferPointer<UInt64>) {
        set[state >> 6] |= UInt64(1) << UInt64(state & 63)
    }

    private static func has(_ state: Int, _ set: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        set[state >> 6] & (UInt64(1) << UInt64(state & 63)) != 0
    }
}
