extension FilterRegex {
    /// Parses the text between the `%` of a regular expression.
    ///
    /// - Parameters:
    ///   - source: the expression's bytes.
    ///   - scanner: the scanner of the whole pattern, to place errors.
    ///   - offset: the byte offset of the expression's first byte in the pattern.
    /// - Throws: ``FilterPatternError`` naming the first unsupported construct.
    init(_ source: ArraySlice<UInt8>, in scanner: PatternScanner, at offset: Int) throws(FilterPatternError) {
        var parser = RegexParser(source: Array(source), scanner: scanner, offset: offset)
        self.branches = try parser.parse()
        self.source = String(decoding: source, as: UTF8.self)
    }
}

/// The parser of ``FilterRegex``.
private struct RegexParser {
    /// An atom with its repetition bounds (`max` nil = unbounded).
    struct Atom {
        var set: FilterRegex.ByteSet
        var min = 1
        var max: Int? = 1
        var isQuantified = false
    }

    let source: [UInt8]
    let scanner: PatternScanner
    let offset: Int
    var index = 0

    init(source: [UInt8], scanner: PatternScanner, offset: Int) {
        self.source = source
        self.scanner = scanner
        self.offset = offset
    }

    func fail(_ reason: String, at position: Int? = nil) -> FilterPatternError {
        scanner.error(reason, at: offset + (position ?? index))
    }

    mutating func parse() throws(FilterPatternError) -> [FilterRegex.Branch] {
        guard !source.isEmpty else { throw fail("the regular expression is empty") }
        var branches: [FilterRegex.Branch] = []
        var total = 0
        while true {
            let branch = try parseBranch()
            total += branch.states.count
            guard total <= FilterRegex.maximumStates else {
                throw fail(
                    "the regular expression is too large (repetitions unroll to over \(FilterRegex.maximumStates) steps)"
                )
            }
            branches.append(branch)
            if index >= source.count { return branches }
            index += 1  // '|'
        }
    }

    mutating func parseBranch() throws(FilterPatternError) -> FilterRegex.Branch {
        let start = index
        var anchoredStart = false
        var anchoredEnd = false
        var atoms: [Atom] = []
        if index < source.count, source[index] == UInt8(ascii: "^") {
            anchoredStart = true
            index += 1
        }
        loop: while index < source.count {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "|"):
                break loop
            case UInt8(ascii: "$"):
                let next = index + 1
                guard next == source.count || source[next] == UInt8(ascii: "|") else {
                    throw fail("'$' is only allowed at the end of the regular expression or of an alternative")
                }
                anchoredEnd = true
                index += 1
                break loop
            case UInt8(ascii: "^"):
                throw fail("'^' is only allowed at the start of the regular expression or of an alternative")
            case UInt8(ascii: "("), UInt8(ascii: ")"):
                throw fail("parentheses are not supported in CloudWatch Logs regular expressions")
            case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"):
                guard var last = atoms.popLast() else {
                    throw fail("'\(Character(Unicode.Scalar(byte)))' has nothing to repeat")
                }
                guard !last.isQuantified else {
                    throw fail("'\(Character(Unicode.Scalar(byte)))' cannot follow another repetition")
                }
                try readQuantifier(into: &last)
                atoms.append(last)
            case UInt8(ascii: "."):
                var set = FilterRegex.ByteSet()
                set.insert(0...255)
                atoms.append(Atom(set: set.subtracting(byte: 0x0A)))
                index += 1
            case UInt8(ascii: "["):
                atoms.append(Atom(set: try readClass()))
            case UInt8(ascii: "\\"):
                atoms.append(Atom(set: try readEscape(inClass: false)))
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                throw fail("'\(Character(Unicode.Scalar(byte)))' has no opening bracket")
            default:
                try checkLiteral(byte)
                var set = FilterRegex.ByteSet()
                set.insert(byte)
                atoms.append(Atom(set: set))
                index += 1
            }
        }
        guard !atoms.isEmpty else {
            throw fail("an alternative of the regular expression is empty", at: start)
        }
        var states: [FilterRegex.State] = []
        for atom in atoms {
            for _ in 0..<atom.min { states.append(FilterRegex.State(set: atom.set, isOptional: false, repeats: false)) }
            if let max = atom.max {
                for _ in atom.min..<max {
                    states.append(FilterRegex.State(set: atom.set, isOptional: true, repeats: false))
                }
            } else {
                states.append(FilterRegex.State(set: atom.set, isOptional: true, repeats: true))
            }
            guard states.count <= FilterRegex.maximumStates else {
                throw fail(
                    "the regular expression is too large (repetitions unroll to over \(FilterRegex.maximumStates) steps)",
                    at: start
                )
            }
        }
        return FilterRegex.Branch(states: states, isAnchoredAtStart: anchoredStart, isAnchoredAtEnd: anchoredEnd)
    }

    /// Reads `?`, `*`, `+` or `{m}`, `{m,}`, `{m,n}` at `index` into `atom`.
    mutating func readQuantifier(into atom: inout Atom) throws(FilterPatternError) {
        let start = index
        atom.isQuantified = true
        switch source[index] {
        case UInt8(ascii: "?"):
            atom.min = 0
            atom.max = 1
            index += 1
        case UInt8(ascii: "*"):
            atom.min = 0
            atom.max = nil
            index += 1
        case UInt8(ascii: "+"):
            atom.min = 1
            atom.max = nil
            index += 1
        default:
            index += 1
            skipSpaces()
            guard let low = readCount() else { throw fail("expected '{m}', '{m,}' or '{m,n}'", at: start) }
            skipSpaces()
            var high: Int? = low
            if index < source.count, source[index] == UInt8(ascii: ",") {
                index += 1
                skipSpaces()
                high = readCount()
                skipSpaces()
            }
            guard index < source.count, source[index] == UInt8(ascii: "}") else {
                throw fail("expected '{m}', '{m,}' or '{m,n}'", at: start)
            }
            index += 1
            if let high, high < low {
                throw fail("the repetition {\(low),\(high)} has its bounds in the wrong order", at: start)
            }
            atom.min = low
            atom.max = high
        }
    }

    mutating func skipSpaces() {
        while index < source.count, source[index] == 0x20 { index += 1 }
    }

    mutating func readCount() -> Int? {
        var value = 0
        let start = index
        while index < source.count, source[index] &- 0x30 < 10 {
            value = Swift.min(value * 10 + Int(source[index] &- 0x30), 100_000)
            index += 1
        }
        return index > start ? value : nil
    }

    /// Reads `[...]` at `index`.
    mutating func readClass() throws(FilterPatternError) -> FilterRegex.ByteSet {
        let start = index
        index += 1
        var negated = false
        if index < source.count, source[index] == UInt8(ascii: "^") {
            negated = true
            index += 1
        }
        var set = FilterRegex.ByteSet()
        var members = 0
        while true {
            guard index < source.count else { throw fail("the character class is not closed with ']'", at: start) }
            let byte = source[index]
            if byte == UInt8(ascii: "]") {
                index += 1
                break
            }
            members += 1
            if byte == UInt8(ascii: "\\") {
                set.formUnion(try readEscape(inClass: true))
                continue
            }
            try checkClassMember(byte)
            index += 1
            if index + 1 < source.count, source[index] == UInt8(ascii: "-"), source[index + 1] != UInt8(ascii: "]") {
                var high = source[index + 1]
                if high == UInt8(ascii: "\\") {
                    index += 1
                    let escaped = try readEscape(inClass: true)
                    guard let single = escaped.onlyMember else {
                        throw fail("a class like \\d cannot end a range")
                    }
                    high = single
                } else {
                    try checkClassMember(high)
                    index += 2
                }
                guard byte <= high else {
                    throw fail(
                        "the range '\(Character(Unicode.Scalar(byte)))-\(Character(Unicode.Scalar(high)))' is in the wrong order"
                    )
                }
                set.insert(byte...high)
            } else {
                set.insert(byte)
            }
        }
        guard members > 0 else { throw fail("the character class is empty", at: start) }
        return negated ? set.inverted : set
    }

    /// Reads `\x` at `index`.
    mutating func readEscape(inClass: Bool) throws(FilterPatternError) -> FilterRegex.ByteSet {
        let start = index
        index += 1
        guard index < source.count else { throw fail("'\\' must be followed by a character to escape", at: start) }
        let byte = source[index]
        index += 1
        var set = FilterRegex.ByteSet()
        switch byte {
        case UInt8(ascii: "d"), UInt8(ascii: "D"):
            set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        case UInt8(ascii: "w"), UInt8(ascii: "W"):
            set.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
            set.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            set.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
            set.insert(UInt8(ascii: "_"))
        case UInt8(ascii: "s"), UInt8(ascii: "S"):
            for space: UInt8 in [0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D] { set.insert(space) }
        case UInt8(ascii: "t"):
            set.insert(0x09)
            return set
        case UInt8(ascii: "n"):
            set.insert(0x0A)
            return set
        case UInt8(ascii: "r"):
            set.insert(0x0D)
            return set
        default:
            guard !PatternScanner.isLetterOrDigit(byte), byte < 0x80 else {
                throw fail("'\\\(Character(Unicode.Scalar(byte)))' is not a supported escape", at: start)
            }
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") {
                throw fail("parentheses are not supported in CloudWatch Logs regular expressions", at: start + 1)
            }
            try checkAllowed(byte, at: start + 1)
            set.insert(byte)
            return set
        }
        // \D, \W, \S are the complements.
        return byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? set.inverted : set
    }

    /// Refuses a byte that cannot stand for itself outside a class.
    func checkLiteral(_ byte: UInt8) throws(FilterPatternError) {
        try checkAllowed(byte, at: index)
    }

    /// Refuses a byte that cannot be a class member.
    func checkClassMember(_ byte: UInt8) throws(FilterPatternError) {
        if byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")") {
            throw fail("parentheses are not supported in CloudWatch Logs regular expressions")
        }
        try checkAllowed(byte, at: index)
    }

    /// The characters CloudWatch Logs accepts in a regular expression: letters, digits, the symbols
    /// `: _ # = @ / ; , -`, the operators, and spaces.
    func checkAllowed(_ byte: UInt8, at position: Int) throws(FilterPatternError) {
        if byte >= 0x80 { throw fail("multi-byte characters are not supported in a regular expression", at: position) }
        if PatternScanner.isLetterOrDigit(byte) { return }
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: "_"), UInt8(ascii: "#"), UInt8(ascii: "="), UInt8(ascii: "@"),
            UInt8(ascii: "/"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: " "),
            UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "\\"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "."):
            return
        default:
            throw fail(
                "'\(Character(Unicode.Scalar(byte)))' is not allowed in a CloudWatch Logs regular expression",
                at: position
            )
        }
    }
}

extension FilterRegex.ByteSet {
    /// The set without one byte.
    func subtracting(byte: UInt8) -> Self {
        var single = Self()
        single.insert(byte)
        return Self(w0: w0 & ~single.w0, w1: w1 & ~single.w1, w2: w2 & ~single.w2, w3: w3 & ~single.w3)
    }

    /// The member of a one-byte set.
    var onlyMember: UInt8? {
        guard (w0.nonzeroBitCount + w1.nonzeroBitCount + w2.nonzeroBitCount + w3.nonzeroBitCount) == 1 else {
            return nil
        }
        for byte in UInt8(0)...UInt8(255) where contains(byte) { return byte }
        return nil
    }
}
