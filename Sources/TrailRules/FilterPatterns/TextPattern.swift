/// A string a value is compared with, where a leading and a trailing `*` are wildcards.
///
/// As CloudWatch Logs documents, `*Event` matches `PutEvent`, `Event*` matches `EventId`, `*html*` matches
/// any text containing `html`, and a `*` inside the text (`Ev*ent`) stands for itself; `*` alone matches
/// any value.
struct TextPattern: Sendable, Hashable {
    /// The text without its wildcards.
    let core: [UInt8]
    /// Whether any text may come before ``core``.
    let leadingWildcard: Bool
    /// Whether any text may come after ``core``.
    let trailingWildcard: Bool

    init(_ written: [UInt8]) {
        var start = 0
        var end = written.count
        let star = UInt8(ascii: "*")
        let leading = start < end && written[start] == star
        if leading { start += 1 }
        let trailing = start < end && written[end - 1] == star
        if trailing { end -= 1 }
        self.core = Array(written[start..<end])
        self.leadingWildcard = leading
        self.trailingWildcard = trailing
    }

    /// Whether the pattern is an exact string (no wildcard).
    var isExact: Bool { !leadingWildcard && !trailingWildcard }

    /// Whether `value` matches.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        core.withUnsafeBufferPointer {
            Self.matches(value, core: $0, leading: leadingWildcard, trailing: trailingWildcard)
        }
    }

    /// Whether `value` matches `core` with the given wildcards.
    @inline(__always)
    static func matches(
        _ value: UnsafeBufferPointer<UInt8>,
        core: UnsafeBufferPointer<UInt8>,
        leading: Bool,
        trailing: Bool
    ) -> Bool {
        switch (leading, trailing) {
        case (false, false): ByteSearch.equal(value, core)
        case (false, true): ByteSearch.hasPrefix(value, core)
        case (true, false): ByteSearch.hasSuffix(value, core)
        case (true, true): ByteSearch.contains(value, core)
        }
    }
}
