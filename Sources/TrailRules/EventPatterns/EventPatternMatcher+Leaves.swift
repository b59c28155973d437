extension EventPatternMatcher {
    /// Runs one leaf of the event through the tables of its path.
    @inline(__always)
    func visit(leaf: Int, _ entry: FlatJSON.Entry, _ index: PathIndex, _ event: FlatJSON, _ scratch: inout Scratch) {
        // A leaf in no array element (or a scalar directly in its only array) constrains nothing.
        let arrays = entry.arrays
        let unconstrained =
            arrays.isEmpty || (arrays.count == 1 && event.positions[arrays.lowerBound].keyDepth == index.keyCount)
        let value = event.storage[entry.value]
        switch entry.kind {
        case .string:
            if index.hasStringTables { visitString(value, index, leaf, unconstrained, &scratch) }
            if index.needsFolding {
                var folded: [UInt8] = []
                swap(&folded, &scratch.folded)
                folded.removeAll(keepingCapacity: true)
                CaseFolding.fold(value, into: &folded)
                visitFolded(folded[...], index, leaf, unconstrained, &scratch)
                swap(&folded, &scratch.folded)
            }
            if !index.anythingBut.isEmpty {
                let stamp = scratch.nextLeafStamp()
                let excluded = index.excludedStrings
                let entry =
                    excluded.isSmall
                    ? excluded.find(value)
                    : excluded.lookup(
                        hash: ByteKeyTable.hash(FlatJSON.hashSeed, continuingOver: value, value.indices),
                        key: value
                    )
                if let entry {
                    for number in excluded.numbers(of: entry) {
                        scratch.slots[Int(excluded.numbers[number])].excluded = stamp
                    }
                }
                for slot in index.anythingBut where scratch.slots[Int(slot)].excluded != stamp {
                    satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch)
                }
            }
        case .number:
            if index.needsNumber || !index.anythingBut.isEmpty {
                let number = EventPatternLeaf.parseNumber(value)
                if let number, let slots = index.numbers[number] {
                    for slot in slots { satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch) }
                }
                if !index.anythingBut.isEmpty {
                    let stamp = scratch.nextLeafStamp()
                    if let number, let excluded = index.excludedNumbers[number] {
                        for slot in excluded { scratch.slots[Int(slot)].excluded = stamp }
                    }
                    for slot in index.anythingBut where scratch.slots[Int(slot)].excluded != stamp {
                        satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch)
                    }
                }
            }
        default:
            let slots =
                entry.kind == .true ? index.trueSlots : entry.kind == .false ? index.falseSlots : index.nullSlots
            for slot in slots { satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch) }
            for slot in index.anythingBut { satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch) }
        }
        if !index.evaluated.isEmpty {
            var view = EventPatternLeaf(kind: entry.kind, bytes: value)
            for (slot, test) in index.evaluated where test.matches(&view) {
                satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch)
            }
        }
        for slot in index.exists { satisfy(slot, leaf: leaf, unconstrained: unconstrained, &scratch) }
    }

    /// Exact values, prefixes and suffixes of a string.
    @inline(__always)
    private func visitString(
        _ value: ArraySlice<UInt8>,
        _ index: PathIndex,
        _ leaf: Int,
        _ unconstrained: Bool,
        _ scratch: inout Scratch
    ) {
        lookUp(value, exact: index.exact, prefixes: index.prefixes, leaf, unconstrained, &scratch)
        lookUpSuffixes(value, index.suffixes, leaf, unconstrained, &scratch)
    }

    /// Case-insensitive values, prefixes and suffixes of a string, from its folded bytes.
    @inline(__always)
    private func visitFolded(
        _ folded: ArraySlice<UInt8>,
        _ index: PathIndex,
        _ leaf: Int,
        _ unconstrained: Bool,
        _ scratch: inout Scratch
    ) {
        lookUp(folded, exact: index.foldedExact, prefixes: index.foldedPrefixes, leaf, unconstrained, &scratch)
        lookUpSuffixes(folded, index.foldedSuffixes, leaf, unconstrained, &scratch)
    }

    /// Satisfies the slots of a table entry.
    @inline(__always)
    private func satisfy(
        _ table: ByteKeyTable,
        _ entry: Int,
        _ leaf: Int,
        _ unconstrained: Bool,
        _ scratch: inout Scratch
    ) {
        for number in table.numbers(of: entry) {
            satisfy(table.numbers[number], leaf: leaf, unconstrained: unconstrained, &scratch)
        }
    }

    /// Finds the value in the exact table and its prefixes in the prefix table: small tables by comparing
    /// keys, others by hash, hashing the value once for every prefix length and the whole.
    @inline(__always)
    private func lookUp(
        _ value: ArraySlice<UInt8>,
        exact: ByteKeyTable,
        prefixes: ByteKeyTable,
        _ leaf: Int,
        _ unconstrained: Bool,
        _ scratch: inout Scratch
    ) {
        let start = value.startIndex
        if prefixes.isSmall {
            for entry in prefixes.entries.indices {
                let count = Int(prefixes.entries[entry].keyCount)
                if count <= value.count && prefixes.keyEquals(entry, value[start..<start + count]) {
                    satisfy(prefixes, entry, leaf, unconstrained, &scratch)
                }
            }
            if exact.isSmall {
                if let entry = exact.find(value) { satisfy(exact, entry, leaf, unconstrained, &scratch) }
                return
            }
        }
        var hash = FlatJSON.hashSeed
        var hashed = start
        if !prefixes.isSmall {
            for length in prefixes.lengths {
                guard length <= value.count else { break }
                hash = ByteKeyTable.hash(hash, continuingOver: value, hashed..<start + length)
                hashed = start + length
                if let entry = prefixes.lookup(hash: hash, key: value[start..<start + length]) {
                    satisfy(prefixes, entry, leaf, unconstrained, &scratch)
                }
            }
        }
        if exact.isSmall {
            if let entry = exact.find(value) { satisfy(exact, entry, leaf, unconstrained, &scratch) }
            return
        }
        hash = ByteKeyTable.hash(hash, continuingOver: value, hashed..<value.endIndex)
        if let entry = exact.lookup(hash: hash, key: value) { satisfy(exact, entry, leaf, unconstrained, &scratch) }
    }

    /// Finds the value's suffixes in the suffix table, hashing from the end for large tables.
    @inline(__always)
    private func lookUpSuffixes(
        _ value: ArraySlice<UInt8>,
        _ suffixes: ByteKeyTable,
        _ leaf: Int,
        _ unconstrained: Bool,
        _ scratch: inout Scratch
    ) {
        guard !suffixes.isEmpty else { return }
        let end = value.endIndex
        if suffixes.isSmall {
            for entry in suffixes.entries.indices {
                let count = Int(suffixes.entries[entry].keyCount)
                if count <= value.count && suffixes.keyEquals(entry, value[end - count..<end]) {
                    satisfy(suffixes, entry, leaf, unconstrained, &scratch)
                }
            }
            return
        }
        var hash = FlatJSON.hashSeed
        var hashed = end
        for length in suffixes.lengths {
            guard length <= value.count else { break }
            hash = ByteKeyTable.reversedHash(hash, continuingOver: value, end - length..<hashed)
            hashed = end - length
            if let entry = suffixes.lookup(hash: hash, key: value[end - length..<end]) {
                satisfy(suffixes, entry, leaf, unconstrained, &scratch)
            }
        }
    }
}
