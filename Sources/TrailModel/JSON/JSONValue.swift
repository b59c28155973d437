/// A JSON value that keeps object members in the order they were written.
///
/// OpenTrail stores records as received; this type is for the records OpenTrail writes itself
/// (self-audit) and for reading fields out of stored bytes. Numbers keep their source text so that
/// a value round-trips without losing precision.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, kept as its JSON text (e.g. `"42"`, `"1.5e3"`).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in order of appearance.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b || Double(a) == Double(b)
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.key != y.key || x.value != y.value { return false }
            return true
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(Double(n))
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let members):
            for member in members {
                hasher.combine(member.key)
                hasher.combine(member.value)
            }
        }
    }

    /// Creates a number from an integer.
    public static func int(_ value: some BinaryInteger) -> JSONValue { .number(String(value)) }

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// The string value, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The Boolean value, or `nil` when this is not a Boolean.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is JSON `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The same value with every object key rewritten by `transform`, recursively.
    public func mapKeys(_ transform: (String) -> String) -> JSONValue {
        switch self {
        case .array(let values): return .array(values.map { $0.mapKeys(transform) })
        case .object(let members): return .object(members.map { (transform($0.key), $0.value.mapKeys(transform)) })
        default: return self
        }
    }

    /// The same object with `value` set for `key` (replacing an existing member in place).
    public func setting(_ key: String, to value: JSONValue) -> JSONValue {
        guard case .object(var members) = self else { return self }
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].value = value
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    /// Object members with `null` values dropped (top level only).
    public func droppingNullMembers() -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { !$0.value.isNull })
    }
}
