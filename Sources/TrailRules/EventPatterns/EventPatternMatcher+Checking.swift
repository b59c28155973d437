extension EventPatternMatcher {
    /// Whether a candidate sub-rule holds, recording its pattern as matched when it does.
    func check(_ number: Int, _ event: FlatJSON, _ scratch: inout Scratch) {
        let subRule = subRules[number]
        let pattern = Int(subRule.pattern)
        guard scratch.patternStamp[pattern] != scratch.generation else { return }
        let fields = Int(subRule.firstSlot)..<Int(subRule.firstSlot + subRule.slotCount)
        var needsSearch = false
        for field in fields where subRuleSlots[field].isRequired {
            let slot = Int(subRuleSlots[field].slot)
            guard isSatisfied(slot, event, &scratch) else { return }
            if !scratch.slots[slot].isUnconstrained { needsSearch = true }
        }
        if subRule.hasAbsence && !needsSearch {
            // With the required fields met outside arrays, a field that absence may satisfy holds when a leaf
            // outside arrays satisfies it or when its path has no leaf; anything else is for the search.
            for field in fields where !subRuleSlots[field].isRequired {
                let slot = Int(subRuleSlots[field].slot)
                if isSatisfied(slot, event, &scratch) && scratch.slots[slot].isUnconstrained { continue }
                if !hasLeaf(at: Int(slots[slot].path), event, &scratch) { continue }
                needsSearch = true
                break
            }
        }
        if needsSearch {
            // Moved out and back rather than copied, so its buffers stay uniquely referenced.
            var search = ArrayConsistencySearch()
            swap(&search, &scratch.search)
            defer { swap(&search, &scratch.search) }
            search.reset()
            for field in fields {
                let slot = Int(subRuleSlots[field].slot)
                let path = Int(slots[slot].path)
                let isRequired = subRuleSlots[field].isRequired
                search.beginField(keyCount: pathKeyCounts[path], matchesAbsence: !isRequired)
                if isSatisfied(slot, event, &scratch) {
                    var node = scratch.slots[slot].head
                    while node >= 0 {
                        search.addCandidate(Int(scratch.nodes[Int(node)].entry))
                        node = scratch.nodes[Int(node)].next
                    }
                }
                if !isRequired, var entryIndex = firstEntry(of: path, event, &scratch) {
                    while true {
                        let entry = event.entries[entryIndex]
                        if entry.kind.isLeaf { search.addPresentLeaf(entryIndex) }
                        if entry.nextSamePath < 0 { break }
                        entryIndex = Int(entry.nextSamePath)
                    }
                }
            }
            guard search.solve(in: event) else { return }
        }
        scratch.patternStamp[pattern] = scratch.generation
        scratch.matched.append(Int32(pattern))
    }

    /// Whether a slot is satisfied by some leaf of the event: known for indexed slots once the event's
    /// leaves have been visited, evaluated on first use (then remembered for the event) for the others.
    @inline(__always)
    func isSatisfied(_ slot: Int, _ event: FlatJSON, _ scratch: inout Scratch) -> Bool {
        let state = scratch.slots[slot]
        if state.stamp == scratch.generation { return true }
        if !slots[slot].isIndexed && state.evaluated != scratch.generation {
            scratch.slots[slot].evaluated = scratch.generation
            evaluate(slot, event, &scratch)
            return scratch.slots[slot].stamp == scratch.generation
        }
        return false
    }

    /// Whether the event has a leaf at a path.
    private func hasLeaf(at path: Int, _ event: FlatJSON, _ scratch: inout Scratch) -> Bool {
        guard var entryIndex = firstEntry(of: path, event, &scratch) else { return false }
        while true {
            let entry = event.entries[entryIndex]
            if entry.kind.isLeaf { return true }
            if entry.nextSamePath < 0 { return false }
            entryIndex = Int(entry.nextSamePath)
        }
    }

    /// Tests a slot's values against every leaf at its path.
    private func evaluate(_ slot: Int, _ event: FlatJSON, _ scratch: inout Scratch) {
        let path = Int(slots[slot].path)
        guard var entryIndex = firstEntry(of: path, event, &scratch) else { return }
        let keyCount = pathKeyCounts[path]
        while true {
            let entry = event.entries[entryIndex]
            if entry.kind.isLeaf {
                // The readings of the leaf (number, address, folded text) serve the next slots tested on it.
                if scratch.leafEntry != entryIndex || scratch.leafGeneration != scratch.generation {
                    scratch.leaf = EventPatternLeaf(entry, in: event)
                    scratch.leafEntry = entryIndex
                    scratch.leafGeneration = scratch.generation
                }
                let matches = slotValues[slot].withUnsafeBufferPointer { values in
                    values.contains { $0.matches(&scratch.leaf) }
                }
                if matches {
                    let arrays = entry.arrays
                    let unconstrained =
                        arrays.isEmpty || (arrays.count == 1 && event.positions[arrays.lowerBound].keyDepth == keyCount)
                    satisfy(Int32(slot), leaf: entryIndex, unconstrained: unconstrained, &scratch)
                }
            }
            if entry.nextSamePath < 0 { break }
            entryIndex = Int(entry.nextSamePath)
        }
    }
}
