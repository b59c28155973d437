extension EventPatternMatcher {
    /// Working memory for matching, reused from event to event so that matching does not allocate.
    ///
    /// Per-slot, per-path and per-pattern state is stamped with the event's generation instead of being
    /// cleared. One scratch serves one thread; it may be used with any matcher.
    package struct Scratch: Sendable {
        /// What an event has shown of a slot (one record per slot, so that a check touches one line).
        struct SlotState: Sendable {
            /// The generation the slot was last satisfied in.
            var stamp: UInt32 = 0
            /// For a slot evaluated on demand: the generation it was evaluated in.
            var evaluated: UInt32 = 0
            /// The leaf stamp that last excluded the slot from a plain `anything-but`.
            var excluded: UInt32 = 0
            /// The first node of the leaves satisfying it.
            var head: Int32 = -1
            /// Whether one of those leaves belongs to no array element.
            var isUnconstrained = false
        }

        /// What an event has shown of a path.
        struct PathState: Sendable {
            /// The generation the path was looked up in.
            var stamp: UInt32 = 0
            /// Its first entry (-1: none).
            var first: Int32 = -1
        }

        /// A leaf in a list of leaves.
        struct Node: Sendable {
            var entry: Int32
            var next: Int32
        }

        var generation: UInt32 = 0
        var slots: [SlotState] = []
        var paths: [PathState] = []
        var nodes: [Node] = []
        var leafCounter: UInt32 = 0
        /// Per pattern: the generation it matched in.
        var patternStamp: [UInt32] = []
        /// Groups of sub-rules whose anchor field was satisfied.
        var candidates: [Int32] = []
        /// Patterns that matched, by index.
        var matched: [Int32] = []
        /// A string leaf's folded bytes.
        var folded: [UInt8] = []
        /// The leaf last evaluated on demand, with its entry index and generation.
        var leaf = EventPatternLeaf(kind: .null, bytes: [])
        var leafEntry = -1
        var leafGeneration: UInt32 = 0
        var search = ArrayConsistencySearch()

        package init() {}

        /// Starts an event for a matcher with the given numbers of slots, paths and patterns.
        mutating func begin(slots slotCount: Int, paths pathCount: Int, patterns: Int) {
            if slots.count < slotCount { slots += [SlotState](repeating: SlotState(), count: slotCount - slots.count) }
            if paths.count < pathCount { paths += [PathState](repeating: PathState(), count: pathCount - paths.count) }
            if patternStamp.count < patterns {
                patternStamp += [UInt32](repeating: 0, count: patterns - patternStamp.count)
            }
            generation &+= 1
            if generation == 0 {
                for index in slots.indices {
                    slots[index].stamp = 0
                    slots[index].evaluated = 0
                }
                for index in paths.indices { paths[index].stamp = 0 }
                for index in patternStamp.indices { patternStamp[index] = 0 }
                leafGeneration = 0
                generation = 1
            }
            nodes.removeAll(keepingCapacity: true)
            candidates.removeAll(keepingCapacity: true)
            matched.removeAll(keepingCapacity: true)
        }

        /// A new stamp for a leaf's `anything-but` exclusions.
        mutating func nextLeafStamp() -> UInt32 {
            leafCounter &+= 1
            if leafCounter == 0 {
                for index in slots.indices { slots[index].excluded = 0 }
                leafCounter = 1
            }
            return leafCounter
        }
    }
}
