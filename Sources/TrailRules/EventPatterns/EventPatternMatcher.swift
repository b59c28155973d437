/// Many event patterns compiled together, to find the ones one flattened event matches.
///
/// Identical fields of different patterns (the same path and values) share one *slot*. Each branch of a
/// pattern (a *sub-rule*, one per `$or` alternative) has an *anchor*: its most selective required field
/// (an exact value before a range or text pattern before an `anything-but` or `exists`, then the field the
/// fewest sub-rules share). Only anchors are indexed (``PathIndex``, by path): matching an event looks
/// each anchor path up in the event (by the entry's precomputed path hash and a byte compare) and runs the
/// leaves found there through that path's hash tables, which name the anchors they satisfy; the sub-rules
/// of those anchors are the candidates. A candidate's other fields are then evaluated on demand, once per
/// event whatever the number of sub-rules sharing them, and when a leaf involved sits in an array element
/// or a field may be satisfied by absence, ``ArrayConsistencySearch`` settles it.
///
/// The cost of an event thus depends on its leaves at anchor paths and on its candidates, not on the
/// number of patterns.
package struct EventPatternMatcher: Sendable {
    /// A branch of a pattern: its pattern, and its fields (a range of ``subRuleSlots``, anchor first).
    struct SubRule: Sendable {
        var pattern: Int32
        var firstSlot: Int32
        var slotCount: Int32
        /// Whether a field may be satisfied by absence.
        var hasAbsence: Bool
    }

    /// A field of a sub-rule.
    struct SlotReference: Sendable {
        var slot: Int32
        /// Whether the field must have a satisfying leaf (it is not satisfiable by absence).
        var isRequired: Bool
    }

    /// A distinct field: its path, the groups of sub-rules it anchors (a range of ``groups``), and whether
    /// it is indexed (anchors, and fields whose values all have tables: exact values, prefixes, suffixes,
    /// their case-insensitive forms, `exists: true`) or evaluated on demand.
    struct Slot: Sendable {
        var path: Int32
        var firstGroup: Int32
        var groupCount: Int32
        var isIndexed: Bool
    }

    /// Sub-rules with the same anchor and the same second required field (a range of
    /// ``anchoredSubRules``): when the anchor is satisfied, the second field is tested once for them all.
    struct Group: Sendable {
        /// The second required field, or -1.
        var second: Int32
        var firstSubRule: Int32
        var subRuleCount: Int32
    }

    /// The caller's id of each pattern, by pattern index.
    let ids: [Int]
    /// Per path: its bytes, hash and number of keys.
    let pathBytes: [[UInt8]]
    let pathHashes: [UInt64]
    let pathKeyCounts: [Int32]
    /// The indexes of the paths that have indexed fields.
    let anchorPaths: [(path: Int, index: PathIndex)]
    let slots: [Slot]
    /// Per slot: the values it accepts (for evaluation on demand).
    let slotValues: [[EventPatternValue]]
    let groups: [Group]
    let anchoredSubRules: [Int32]
    let subRules: [SubRule]
    let subRuleSlots: [SlotReference]
    /// Sub-rules without a required field, checked for every event.
    let alwaysChecked: [Int32]

    /// The number of distinct fields.
    var slotCount: Int { slots.count }

    /// Compiles patterns together.
    ///
    /// - Parameter patterns: each pattern with the id ``matchingIDs(_:)`` reports it by.
    package init(_ patterns: [(id: Int, pattern: EventPattern)]) {
        struct SlotKey: Hashable {
            let path: String
            let values: [EventPatternValue]
            let matchesAbsence: Bool
        }
        var slotNumbers: [SlotKey: Int32] = [:]
        var slotFields: [EventPatternField] = []
        var subRules: [(pattern: Int32, slots: [(slot: Int32, isRequired: Bool)])] = []
        for (patternIndex, entry) in patterns.enumerated() {
            for branch in entry.pattern.branches {
                var slots: [(slot: Int32, isRequired: Bool)] = []
                for field in branch {
                    let key = SlotKey(path: field.path, values: field.values, matchesAbsence: field.matchesAbsence)
                    let slot: Int32
                    if let existing = slotNumbers[key] {
                        slot = existing
                    } else {
                        slot = Int32(slotFields.count)
                        slotNumbers[key] = slot
                        slotFields.append(field)
                    }
                    slots.append((slot, !field.matchesAbsence))
                }
                subRules.append((Int32(patternIndex), slots))
            }
        }

        // Anchors: the most selective required field of each sub-rule, put first in its slot list.
        var popularity = [Int](repeating: 0, count: slotFields.count)
        for subRule in subRules {
            for (slot, _) in subRule.slots { popularity[Int(slot)] += 1 }
        }
        let classes = slotFields.map(Self.selectivityClass)
        let hasTables = slotFields.map { !$0.values.isEmpty && $0.values.allSatisfy(Self.hasTable) }
        var anchored = [[Int32]](repeating: [], count: slotFields.count)
        var alwaysChecked: [Int32] = []
        var compiledSubRules: [SubRule] = []
        var subRuleSlots: [SlotReference] = []
        for (number, subRule) in subRules.enumerated() {
            var slots = subRule.slots
            let anchor = slots.indices.filter { slots[$0].isRequired }.min { a, b in
                let x = Int(slots[a].slot)
                let y = Int(slots[b].slot)
                return (classes[x], popularity[x], x) < (classes[y], popularity[y], y)
            }
            if let anchor {
                anchored[Int(slots[anchor].slot)].append(Int32(number))
                slots.swapAt(0, anchor)
            } else {
                alwaysChecked.append(Int32(number))
            }
            // After the anchor: required fields with tables (a stamp to read) before those evaluated on
            // demand, so that a candidate is usually rejected cheaply; fields absence may satisfy last.
            if slots.count > 2 {
                let start = anchor == nil ? 0 : 1
                slots[start...].sort { a, b in
                    let x = (a.isRequired ? 0 : 2) + (hasTables[Int(a.slot)] ? 0 : 1)
                    let y = (b.isRequired ? 0 : 2) + (hasTables[Int(b.slot)] ? 0 : 1)
                    return (x, a.slot) < (y, b.slot)
                }
            }
            compiledSubRules.append(
                SubRule(
                    pattern: subRule.pattern,
                    firstSlot: Int32(subRuleSlots.count),
                    slotCount: Int32(slots.count),
                    hasAbsence: slots.contains { !$0.isRequired }
                )
            )
            subRuleSlots += slots.map { SlotReference(slot: $0.slot, isRequired: $0.isRequired) }
        }
        var groups: [Group] = []
        var anchoredSubRules: [Int32] = []
        var slotGroups: [Range<Int>] = []
        for list in anchored {
            let groupStart = groups.count
            let bySecond = Dictionary(grouping: list) { subRule -> Int32 in
                let first = Int(compiledSubRules[Int(subRule)].firstSlot)
                let count = Int(compiledSubRules[Int(subRule)].slotCount)
                return count > 1 && subRuleSlots[first + 1].isRequired ? subRuleSlots[first + 1].slot : -1
            }
            for (second, members) in bySecond.sorted(by: { $0.key < $1.key }) {
                groups.append(
                    Group(
                        second: second,
                        firstSubRule: Int32(anchoredSubRules.count),
                        subRuleCount: Int32(members.count)
                    )
                )
                anchoredSubRules += members.sorted()
            }
            slotGroups.append(groupStart..<groups.count)
        }

        // Paths, and the indexes of those with anchors.
        var pathNumbers: [String: Int] = [:]
        var pathFields: [EventPatternField] = []
        var anchorSlots: [[(slot: Int32, field: EventPatternField)]] = []
        var compiledSlots: [Slot] = []
        for (slot, field) in slotFields.enumerated() {
            let number: Int
            if let existing = pathNumbers[field.path] {
                number = existing
            } else {
                number = pathFields.count
                pathNumbers[field.path] = number
                pathFields.append(field)
                anchorSlots.append([])
            }
            let isIndexed = !anchored[slot].isEmpty || hasTables[slot]
            compiledSlots.append(
                Slot(
                    path: Int32(number),
                    firstGroup: Int32(slotGroups[slot].lowerBound),
                    groupCount: Int32(slotGroups[slot].count),
                    isIndexed: isIndexed
                )
            )
            if isIndexed { anchorSlots[number].append((Int32(slot), field)) }
        }
        self.anchorPaths = anchorSlots.indices.filter { !anchorSlots[$0].isEmpty }.map { number in
            let field = pathFields[number]
            return (number, PathIndex(path: field.pathBytes, keyCount: field.keyCount, slots: anchorSlots[number]))
        }
        self.pathBytes = pathFields.map(\.pathBytes)
        self.pathHashes = pathFields.map(\.pathHash)
        self.pathKeyCounts = pathFields.map(\.keyCount)
        self.ids = patterns.map(\.id)
        self.slots = compiledSlots
        self.slotValues = slotFields.map(\.values)
        self.groups = groups
        self.anchoredSubRules = anchoredSubRules
        self.subRules = compiledSubRules
        self.subRuleSlots = subRuleSlots
        self.alwaysChecked = alwaysChecked
    }

    /// Whether ``PathIndex`` finds the fields a value satisfies by table lookups (rather than by testing
    /// each field).
    private static func hasTable(_ value: EventPatternValue) -> Bool {
        switch value {
        case .string, .number, .literal, .prefix, .prefixIgnoringCase, .suffix, .suffixIgnoringCase,
            .equalsIgnoringCase, .exists:
            true
        case .ipRange, .wildcard, .numeric, .anythingButStrings, .anythingButNumbers, .anythingButPrefix,
            .anythingButSuffix, .anythingButIgnoringCase, .anythingButWildcard:
            false
        }
    }

    /// How often a field is expected to be satisfied: 0 for exact values, 1 for ranges and text
    /// patterns, 2 when `anything-but` or `exists: true` makes it satisfied by nearly any value.
    private static func selectivityClass(_ field: EventPatternField) -> Int {
        field.values.map { value in
            switch value {
            case .string, .number, .literal, .equalsIgnoringCase: 0
            case .ipRange, .prefix, .prefixIgnoringCase, .suffix, .suffixIgnoringCase, .wildcard, .numeric: 1
            case .exists, .anythingButStrings, .anythingButNumbers, .anythingButPrefix, .anythingButSuffix,
                .anythingButIgnoringCase, .anythingButWildcard:
                2
            }
        }.max() ?? 2
    }

    // MARK: - Matching

    /// The ids of the patterns the event matches, in the order the patterns were given.
    ///
    /// Allocates its working memory; ``matchingIDs(_:into:scratch:)`` reuses it.
    package func matchingIDs(_ event: FlatJSON) -> [Int] {
        var ids: [Int] = []
        var scratch = Scratch()
        matchingIDs(event, into: &ids, scratch: &scratch)
        return ids
    }

    /// The ids of the patterns the event matches, in the order the patterns were given.
    ///
    /// - Parameters:
    ///   - event: the flattened event.
    ///   - ids: replaced with the ids.
    ///   - scratch: working memory, kept by the caller for the next event.
    package func matchingIDs(_ event: FlatJSON, into ids: inout [Int], scratch: inout Scratch) {
        ids.removeAll(keepingCapacity: true)
        scratch.begin(slots: slotCount, paths: pathBytes.count, patterns: self.ids.count)
        for (pathNumber, index) in anchorPaths {
            guard var entryIndex = firstEntry(of: pathNumber, event, &scratch) else { continue }
            while true {
                let entry = event.entries[entryIndex]
                if entry.kind.isLeaf { visit(leaf: entryIndex, entry, index, event, &scratch) }
                if entry.nextSamePath < 0 { break }
                entryIndex = Int(entry.nextSamePath)
            }
        }
        var candidate = 0
        while candidate < scratch.candidates.count {
            let group = groups[Int(scratch.candidates[candidate])]
            candidate += 1
            if group.second >= 0 && !isSatisfied(Int(group.second), event, &scratch) { continue }
            let first = Int(group.firstSubRule)
            for subRule in anchoredSubRules[first..<first + Int(group.subRuleCount)] {
                check(Int(subRule), event, &scratch)
            }
        }
        for subRule in alwaysChecked { check(Int(subRule), event, &scratch) }
        scratch.matched.sort()
        for pattern in scratch.matched { ids.append(self.ids[Int(pattern)]) }
    }

    /// The first entry of the event at a path, looked up once per event.
    @inline(__always)
    func firstEntry(of path: Int, _ event: FlatJSON, _ scratch: inout Scratch) -> Int? {
        if scratch.paths[path].stamp != scratch.generation {
            let first = Self.firstIndex(in: event, pathHash: pathHashes[path], path: pathBytes[path])
            scratch.paths[path] = Scratch.PathState(stamp: scratch.generation, first: Int32(first))
        }
        let first = scratch.paths[path].first
        return first < 0 ? nil : Int(first)
    }

    /// ``FlatJSON/firstIndex(pathHash:path:)`` with a word-at-a-time byte compare; -1 when there is none.
    @inline(__always)
    static func firstIndex(in event: FlatJSON, pathHash: UInt64, path: [UInt8]) -> Int {
        let table = event.table
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: pathHash) & mask
        while true {
            let stored = Int(table[slot])
            if stored == 0 { return -1 }
            if event.entries[stored - 1].pathHash == pathHash
                && ByteComparison.equal(event.storage[event.entries[stored - 1].path], path[...])
            {
                return stored - 1
            }
            slot = (slot + 1) & mask
        }
    }

    /// Records that a leaf satisfies a slot; the first time in an event, the groups of sub-rules the slot
    /// anchors become candidates.
    @inline(__always)
    func satisfy(_ slot: Int32, leaf: Int, unconstrained: Bool, _ scratch: inout Scratch) {
        let slot = Int(slot)
        var state = scratch.slots[slot]
        if state.stamp != scratch.generation {
            state.stamp = scratch.generation
            state.head = -1
            state.isUnconstrained = false
            let info = slots[slot]
            var group = info.firstGroup
            while group < info.firstGroup + info.groupCount {
                scratch.candidates.append(group)
                group += 1
            }
        } else if scratch.nodes[Int(state.head)].entry == Int32(leaf) {
            return
        }
        if unconstrained { state.isUnconstrained = true }
        scratch.nodes.append(Scratch.Node(entry: Int32(leaf), next: state.head))
        state.head = Int32(scratch.nodes.count - 1)
        scratch.slots[slot] = state
    }
}
