extension EventPatternMatcher {
    /// Everything the patterns test at one path, arranged so that a leaf's value finds the fields it
    /// satisfies with a few hash probes: exact and case-folded values in hash tables, prefixes and
    /// suffixes in hash tables probed once per distinct length, the `anything-but` values a leaf may hit in
    /// a table, and the forms that need evaluating (numeric ranges, cidr, wildcards, the anything-but
    /// prefix, suffix, case and wildcard forms) in a list.
    ///
    /// A class, so that reaching a path's tables while matching costs one reference, not one per table.
    final class PathIndex: Sendable {
        let path: [UInt8]
        let pathHash: UInt64
        let keyCount: Int32
        let exact: ByteKeyTable
        let prefixes: ByteKeyTable
        let suffixes: ByteKeyTable
        let foldedExact: ByteKeyTable
        let foldedPrefixes: ByteKeyTable
        let foldedSuffixes: ByteKeyTable
        let numbers: [Double: [Int32]]
        /// Slots of `true`, `false` and `null`.
        let trueSlots: [Int32]
        let falseSlots: [Int32]
        let nullSlots: [Int32]
        /// Slots with a plain `anything-but`, and the values that exclude each.
        let anythingBut: [Int32]
        let excludedStrings: ByteKeyTable
        let excludedNumbers: [Double: [Int32]]
        /// Values evaluated one by one.
        let evaluated: [(slot: Int32, value: EventPatternValue)]
        /// Slots of `{"exists": true}`.
        let exists: [Int32]
        let needsNumber: Bool
        let needsFolding: Bool
        let hasStringTables: Bool

        /// Builds the index of one path from its slots.
        init(path: [UInt8], keyCount: Int32, slots: [(slot: Int32, field: EventPatternField)]) {
            self.path = path
            self.pathHash = FlatJSON.hash(path)
            self.keyCount = keyCount
            var exact: [[UInt8]: [Int32]] = [:]
            var prefixes: [[UInt8]: [Int32]] = [:]
            var suffixes: [[UInt8]: [Int32]] = [:]
            var foldedExact: [[UInt8]: [Int32]] = [:]
            var foldedPrefixes: [[UInt8]: [Int32]] = [:]
            var foldedSuffixes: [[UInt8]: [Int32]] = [:]
            var excludedStrings: [[UInt8]: [Int32]] = [:]
            var numbers: [Double: [Int32]] = [:]
            var trueSlots: [Int32] = []
            var falseSlots: [Int32] = []
            var nullSlots: [Int32] = []
            var anythingBut: [Int32] = []
            var excludedNumbers: [Double: [Int32]] = [:]
            var evaluated: [(slot: Int32, value: EventPatternValue)] = []
            var exists: [Int32] = []
            func add(_ slot: Int32, to list: inout [Int32]) {
                if list.last != slot { list.append(slot) }
            }
            for (slot, field) in slots {
                for value in field.values {
                    switch value {
                    case .string(let text): add(slot, to: &exact[text, default: []])
                    case .number(let number): add(slot, to: &numbers[number, default: []])
                    case .literal(let kind):
                        switch kind {
                        case .true: add(slot, to: &trueSlots)
                        case .false: add(slot, to: &falseSlots)
                        default: add(slot, to: &nullSlots)
                        }
                    case .prefix(let text): add(slot, to: &prefixes[text, default: []])
                    case .suffix(let text): add(slot, to: &suffixes[text, default: []])
                    case .equalsIgnoringCase(let text): add(slot, to: &foldedExact[text, default: []])
                    case .prefixIgnoringCase(let text): add(slot, to: &foldedPrefixes[text, default: []])
                    case .suffixIgnoringCase(let text): add(slot, to: &foldedSuffixes[text, default: []])
                    case .exists: add(slot, to: &exists)
                    case .anythingButStrings(let texts):
                        add(slot, to: &anythingBut)
                        for text in texts.elements { add(slot, to: &excludedStrings[text, default: []]) }
                    case .anythingButNumbers(let values):
                        add(slot, to: &anythingBut)
                        for number in values { add(slot, to: &excludedNumbers[number, default: []]) }
                    case .ipRange, .wildcard, .numeric, .anythingButPrefix, .anythingButSuffix,
                        .anythingButIgnoringCase, .anythingButWildcard:
                        evaluated.append((slot, value))
                    }
                }
            }
            self.exact = ByteKeyTable(exact)
            self.prefixes = ByteKeyTable(prefixes)
            self.suffixes = ByteKeyTable(suffixes, reversed: true)
            self.foldedExact = ByteKeyTable(foldedExact)
            self.foldedPrefixes = ByteKeyTable(foldedPrefixes)
            self.foldedSuffixes = ByteKeyTable(foldedSuffixes, reversed: true)
            self.excludedStrings = ByteKeyTable(excludedStrings)
            self.numbers = numbers
            self.trueSlots = trueSlots
            self.falseSlots = falseSlots
            self.nullSlots = nullSlots
            self.anythingBut = anythingBut
            self.excludedNumbers = excludedNumbers
            self.evaluated = evaluated
            self.exists = exists
            self.needsNumber = !numbers.isEmpty || !excludedNumbers.isEmpty
            self.needsFolding = !foldedExact.isEmpty || !foldedPrefixes.isEmpty || !foldedSuffixes.isEmpty
            self.hasStringTables = !exact.isEmpty || !prefixes.isEmpty || !suffixes.isEmpty
        }
    }
}
