/// A compiled space-delimited filter pattern (`[ip, user, ..., status_code = 4*, bytes > 1000]`).
///
/// The message is split into fields at spaces and tabs; text between double quotes or between `[` and `]`
/// is one field, without its delimiters (CloudWatch Logs: "The characters between a pair of square brackets []
/// or two double quotes ("") are treated as a single field"). Each entry of the pattern stands for one field:
/// a name, a name with conditions (`status_code = 4* && status_code != 403`, `w1 = ERROR || w1 = WARN`), or
/// nothing (`[a,,b]`, a trailing `,`). One `...` stands for any number of fields; without it the message must
/// have exactly as many fields as the pattern has entries.
struct SpaceDelimitedFilter: Sendable {
    /// A condition on one field.
    indirect enum Condition: Sendable {
        case all([Condition])
        case any([Condition])
        case test(ValueTest)

        func holds(for value: ArraySlice<UInt8>) -> Bool {
            switch self {
            case .test(let test): test.holds(for: value, allowExponent: false)
            case .all(let members): members.allSatisfy { $0.holds(for: value) }
            case .any(let members): members.contains { $0.holds(for: value) }
            }
        }
    }

    /// One entry of the pattern.
    struct Field: Sendable {
        /// The field's name, or `nil` for an unnamed entry.
        let name: String?
        /// What the field must satisfy, if anything.
        let condition: Condition?
    }

    /// Where a field sits.
    enum Slot: Sendable, Hashable {
        /// Counted from the first field.
        case leading(Int)
        /// Counted from the first of the fields after `...`.
        case trailing(Int)
    }

    /// The entries before `...` (all of them when there is none).
    let leading: [Field]
    /// The entries after `...`.
    let trailing: [Field]
    /// Whether the pattern has `...`.
    let hasEllipsis: Bool

    /// The slot of the field with a name.
    func slot(named name: String) -> Slot? {
        if let index = leading.firstIndex(where: { $0.name == name }) { return .leading(index) }
        if let index = trailing.firstIndex(where: { $0.name == name }) { return .trailing(index) }
        return nil
    }

    /// Whether a message satisfies the pattern.
    func matches(_ message: [UInt8]) -> Bool {
        guard let count = fieldCount(message) else { return false }
        let tail = count - trailing.count
        var fields = FieldTokenizer(message)
        var position = 0
        while let range = fields.next() {
            let field: Field? =
                position < leading.count ? leading[position] : position >= tail ? trailing[position - tail] : nil
            if let condition = field?.condition, !condition.holds(for: message[range]) { return false }
            position += 1
        }
        return true
    }

    /// The text of a field of a message, or `nil` when the message does not have the pattern's fields.
    func value(at slot: Slot, in message: [UInt8]) -> ArraySlice<UInt8>? {
        guard let count = fieldCount(message) else { return nil }
        let wanted: Int
        switch slot {
        case .leading(let index): wanted = index
        case .trailing(let index): wanted = count - trailing.count + index
        }
        var fields = FieldTokenizer(message)
        var position = 0
        while let range = fields.next() {
            if position == wanted { return message[range] }
            position += 1
        }
        return nil
    }

    /// The number of fields of a message, or `nil` when it does not fit the pattern.
    private func fieldCount(_ message: [UInt8]) -> Int? {
        var fields = FieldTokenizer(message)
        var count = 0
        while fields.next() != nil { count += 1 }
        let fixed = leading.count + trailing.count
        return (hasEllipsis ? count >= fixed : count == fixed) ? count : nil
    }
}
