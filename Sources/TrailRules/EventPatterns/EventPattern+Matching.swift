extension EventPattern {
    /// Whether the pattern matches a flattened event.
    ///
    /// Every leaf of the event is looked at through its path, one pattern at a time; matching many
    /// patterns is ``EventPatternMatcher``'s job, and this is the reference it agrees with.
    ///
    /// - Parameter event: the event (for CloudTrail, the record flattened under `detail` with the
    ///   envelope's fields appended).
    package func matches(_ event: FlatJSON) -> Bool {
        var search = ArrayConsistencySearch()
        return branches.contains { branch in Self.matches(branch, event, &search) }
    }

    static func matches(
        _ branch: [EventPatternField],
        _ event: FlatJSON,
        _ search: inout ArrayConsistencySearch
    ) -> Bool {
        search.reset()
        for field in branch {
            search.beginField(keyCount: field.keyCount, matchesAbsence: field.matchesAbsence)
            event.forEachIndex(pathHash: field.pathHash, path: field.pathBytes[...]) { index in
                let entry = event.entries[index]
                guard entry.kind.isLeaf else { return }
                if field.matchesAbsence { search.addPresentLeaf(index) }
                var leaf = EventPatternLeaf(entry, in: event)
                if field.values.contains(where: { $0.matches(&leaf) }) { search.addCandidate(index) }
            }
            if !field.matchesAbsence && search.currentFieldHasNoCandidate { return false }
        }
        return search.solve(in: event)
    }
}
