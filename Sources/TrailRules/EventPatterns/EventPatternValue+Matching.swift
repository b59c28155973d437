extension EventPatternValue {
    /// Whether a leaf value of an event is accepted.
    ///
    /// As in event-ruler, which compares JSON texts with strings kept in quotes: string forms (exact
    /// strings, prefix, suffix, wildcard, equals-ignore-case, cidr) accept only strings; numbers and
    /// `numeric` only numbers, by value (`5` equals `5.0` and `5e0`); and every anything-but form accepts
    /// any value of another type (`{"anything-but": [100]}` accepts `"100"`, `null` and `true`).
    func matches(_ leaf: inout EventPatternLeaf) -> Bool {
        let isString = leaf.kind == .string
        switch self {
        case .string(let text): return isString && leaf.bytes.elementsEqual(text)
        case .number(let value): return leaf.number() == value
        case .literal(let kind): return leaf.kind == kind
        case .ipRange(let range): return leaf.address().map(range.contains) ?? false
        case .prefix(let text): return isString && leaf.bytes.starts(with: text)
        case .prefixIgnoringCase(let text): return isString && leaf.folded().starts(with: text)
        case .suffix(let text): return isString && leaf.bytes.reversed().starts(with: text.reversed())
        case .suffixIgnoringCase(let text): return isString && leaf.folded().reversed().starts(with: text.reversed())
        case .equalsIgnoringCase(let text): return isString && leaf.folded() == text
        case .wildcard(let pattern): return isString && pattern.matches(leaf.bytes)
        case .numeric(let range): return leaf.number().map(range.contains) ?? false
        case .exists: return true
        case .anythingButStrings(let texts): return !(isString && texts.contains(leaf.bytes))
        case .anythingButNumbers(let values): return !(leaf.number().map(values.contains) ?? false)
        case .anythingButPrefix(let texts): return !(isString && texts.contains { leaf.bytes.starts(with: $0) })
        case .anythingButSuffix(let texts):
            return !(isString && texts.contains { leaf.bytes.reversed().starts(with: $0.reversed()) })
        case .anythingButIgnoringCase(let texts): return !(isString && texts.contains(leaf.folded()))
        case .anythingButWildcard(let patterns): return !(isString && patterns.contains { $0.matches(leaf.bytes) })
        }
    }
}
