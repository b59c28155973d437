/// One entry of a field's list of accepted values: a literal, or one of the filter expressions.
///
/// String-valued forms hold UTF-8 bytes; the `...IgnoringCase` forms hold their text already folded
/// (``CaseFolding``). Which event values each form accepts is in ``EventPatternValue/matches(_:)``.
package enum EventPatternValue: Sendable, Hashable {
    /// `"text"`: a string equal to the text (a text that is an IP address becomes ``ipRange(_:)``).
    case string([UInt8])
    /// `12.5`: a number equal to this one.
    case number(Double)
    /// `true`, `false` or `null`: that literal (the kind is `.true`, `.false` or `.null`).
    case literal(FlatJSON.Kind)
    /// `{"cidr": ...}`, or an IP address written as a plain string: a string that is an address in range.
    case ipRange(IPRange)
    /// `{"prefix": ...}`: a string starting with the bytes.
    case prefix([UInt8])
    /// `{"prefix": {"equals-ignore-case": ...}}`.
    case prefixIgnoringCase([UInt8])
    /// `{"suffix": ...}`: a string ending with the bytes.
    case suffix([UInt8])
    /// `{"suffix": {"equals-ignore-case": ...}}`.
    case suffixIgnoringCase([UInt8])
    /// `{"equals-ignore-case": ...}`.
    case equalsIgnoringCase([UInt8])
    /// `{"wildcard": ...}`.
    case wildcard(WildcardPattern)
    /// `{"numeric": [...]}`: a number in range.
    case numeric(NumericRange)
    /// `{"exists": true}`: any value.
    case exists
    /// `{"anything-but": "text"}` or a list of strings: any value but a string in the set.
    case anythingButStrings(SortedByteStrings)
    /// `{"anything-but": 12}` or a list of numbers: any value but a number in the set.
    case anythingButNumbers(Set<Double>)
    /// `{"anything-but": {"prefix": ...}}`: any value but a string starting with one of the texts.
    case anythingButPrefix([[UInt8]])
    /// `{"anything-but": {"suffix": ...}}`.
    case anythingButSuffix([[UInt8]])
    /// `{"anything-but": {"equals-ignore-case": ...}}`.
    case anythingButIgnoringCase(SortedByteStrings)
    /// `{"anything-but": {"wildcard": ...}}`.
    case anythingButWildcard([WildcardPattern])
}
