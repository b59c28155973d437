/// Decides whether one branch of a pattern is satisfied by leaves that agree on their array elements.
///
/// event-ruler's array consistency (`rulesForJSONEvent`): a match may not use two leaves that sit in
/// different elements of the same array. Each leaf's membership is the list of arrays enclosing it with
/// the element it is in, except that a scalar directly inside an array is not a member of that array (only
/// objects and arrays inside an array are), so `{"tags": ["a", "b"]}` constrains nothing.
///
/// The fields are filled in with the leaves that satisfy each one (their candidates) and, for a field
/// that `{"exists": false}` may satisfy, every leaf at its path; ``solve(in:)`` then looks for one
/// candidate per field, pairwise consistent, such that every field satisfied by absence has no leaf
/// consistent with all the chosen ones. (event-ruler checks an absence against the fields it matched
/// before it in key order; checking against the whole match makes the result independent of key order.)
struct ArrayConsistencySearch: Sendable {
    private var candidateRanges: [Range<Int>] = []
    private var candidates: [Int32] = []
    private var presentRanges: [Range<Int>] = []
    private var present: [Int32] = []
    private var matchesAbsence: [Bool] = []
    private var keyCounts: [Int32] = []
    private var order: [Int] = []
    /// Search state: the chains of the chosen leaves, and the fields taken as absent.
    private var chosen: [Range<Int>] = []
    private var absent: [Int] = []

    init() {}

    /// Forgets every field.
    mutating func reset() {
        candidateRanges.removeAll(keepingCapacity: true)
        candidates.removeAll(keepingCapacity: true)
        presentRanges.removeAll(keepingCapacity: true)
        present.removeAll(keepingCapacity: true)
        matchesAbsence.removeAll(keepingCapacity: true)
        keyCounts.removeAll(keepingCapacity: true)
    }

    /// Starts the next field.
    mutating func beginField(keyCount: Int32, matchesAbsence: Bool) {
        candidateRanges.append(candidates.count..<candidates.count)
        presentRanges.append(present.count..<present.count)
        self.matchesAbsence.append(matchesAbsence)
        keyCounts.append(keyCount)
    }

    /// Adds a leaf (entry index) that satisfies the current field.
    mutating func addCandidate(_ entry: Int) {
        candidates.append(Int32(entry))
        candidateRanges[candidateRanges.count - 1] =
            candidateRanges[candidateRanges.count - 1].lowerBound..<candidates.count
    }

    /// Adds a leaf at the current field's path (for fields that absence may satisfy).
    mutating func addPresentLeaf(_ entry: Int) {
        present.append(Int32(entry))
        presentRanges[presentRanges.count - 1] = presentRanges[presentRanges.count - 1].lowerBound..<present.count
    }

    /// Whether the current field has no candidate.
    var currentFieldHasNoCandidate: Bool { candidateRanges.last?.isEmpty ?? true }

    /// Whether the fields can be satisfied together.
    mutating func solve(in flat: FlatJSON) -> Bool {
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: candidateRanges.indices)
        // Required fields first, fewest candidates first.
        order.sort {
            (matchesAbsence[$0] ? 1 : 0, candidateRanges[$0].count) < (
                matchesAbsence[$1] ? 1 : 0, candidateRanges[$1].count
            )
        }
        chosen.removeAll(keepingCapacity: true)
        absent.removeAll(keepingCapacity: true)
        return search(0, flat)
    }

    private mutating func search(_ depth: Int, _ flat: FlatJSON) -> Bool {
        guard depth < order.count else { return absencesHold(flat) }
        let field = order[depth]
        var triedUnconstrained = false
        var previous: Range<Int>?
        for candidate in candidates[candidateRanges[field]] {
            let chain = Self.chain(of: Int(candidate), keyCount: keyCounts[field], in: flat)
            // Leaves with the same membership are interchangeable.
            if chain.isEmpty {
                if triedUnconstrained { continue }
                triedUnconstrained = true
            } else if let previous, Self.sameMembership(previous, chain, flat.positions) {
                continue
            }
            previous = chain
            guard isConsistentWithChosen(chain, flat.positions) else { continue }
            chosen.append(chain)
            if search(depth + 1, flat) { return true }
            chosen.removeLast()
        }
        if matchesAbsence[field] {
            absent.append(field)
            if search(depth + 1, flat) { return true }
            absent.removeLast()
        }
        return false
    }

    private func absencesHold(_ flat: FlatJSON) -> Bool {
        for field in absent {
            for leaf in present[presentRanges[field]] {
                let chain = Self.chain(of: Int(leaf), keyCount: keyCounts[field], in: flat)
                if isConsistentWithChosen(chain, flat.positions) { return false }
            }
        }
        return true
    }

    private func isConsistentWithChosen(_ chain: Range<Int>, _ positions: [FlatJSON.ArrayPosition]) -> Bool {
        if chain.isEmpty { return true }
        for other in chosen where !Self.consistent(other, chain, positions) { return false }
        return true
    }

    // MARK: - Memberships

    /// The array memberships of a leaf (a range of ``FlatJSON/positions``): its enclosing arrays, less
    /// the innermost one when the leaf is a direct element of it.
    static func chain(of entry: Int, keyCount: Int32, in flat: FlatJSON) -> Range<Int> {
        let arrays = flat.entries[entry].arrays
        guard let last = arrays.last else { return arrays }
        return flat.positions[last].keyDepth == keyCount ? arrays.lowerBound..<last : arrays
    }

    /// Whether two leaves may be used together: every array both are members of, they are members of
    /// through the same element. Enclosing arrays form a path from the root, so the shared ones are a
    /// common prefix of both chains.
    static func consistent(_ a: Range<Int>, _ b: Range<Int>, _ positions: [FlatJSON.ArrayPosition]) -> Bool {
        var i = a.lowerBound
        var j = b.lowerBound
        while i < a.upperBound && j < b.upperBound {
            let p = positions[i]
            let q = positions[j]
            if p.array != q.array { return true }
            if p.index != q.index { return false }
            i += 1
            j += 1
        }
        return true
    }

    private static func sameMembership(
        _ a: Range<Int>,
        _ b: Range<Int>,
        _ positions: [FlatJSON.ArrayPosition]
    ) -> Bool {
        a.count == b.count
            && zip(positions[a], positions[b]).allSatisfy { $0.array == $1.array && $0.index == $1.index }
    }
}
