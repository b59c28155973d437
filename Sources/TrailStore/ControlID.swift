/// Building blocks of control-store ids.
package enum ControlID {
    /// `value` in decimal, zero-padded to `width` digits (a negative value as 0), so that ids order as their
    /// numbers do: an id range is then a range of times or sequence numbers.
    package static func padded(_ value: Int64, width: Int) -> String {
        let text = String(max(0, value))
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
