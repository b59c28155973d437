/// One field of a pattern: a path in the event and the values accepted there.
///
/// A field is satisfied when a leaf value (string, number, `true`, `false`, `null`; never an object or
/// an array) at its path matches one of ``values``, or, when ``matchesAbsence`` (`{"exists": false}`),
/// when there is no leaf at the path (in the same elements of any arrays as the rest of the match).
package struct EventPatternField: Sendable, Hashable {
    /// The object keys from the root joined by `.`, as ``FlatJSON`` names paths.
    package let path: String
    /// ``path`` as UTF-8.
    package let pathBytes: [UInt8]
    /// ``FlatJSON/hash(_:)`` of ``pathBytes``.
    package let pathHash: UInt64
    /// How many keys the path has (dots + 1): a leaf is a direct element of its innermost array when that
    /// array's ``FlatJSON/ArrayPosition/keyDepth`` is this.
    package let keyCount: Int32
    /// The accepted values (without the `exists: false` marker).
    package var values: [EventPatternValue]
    /// Whether the field is also satisfied by the path's absence (`{"exists": false}`).
    package var matchesAbsence: Bool

    package init(path: String, values: [EventPatternValue], matchesAbsence: Bool) {
        self.path = path
        self.pathBytes = Array(path.utf8)
        self.pathHash = FlatJSON.hash(pathBytes)
        self.keyCount = Int32(pathBytes.count { $0 == UInt8(ascii: ".") } + 1)
        self.values = values
        self.matchesAbsence = matchesAbsence
    }
}
