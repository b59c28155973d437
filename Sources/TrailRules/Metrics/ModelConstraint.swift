/// The member constraints of the CloudWatch service model (`min`, `max`, `pattern`), checked the way the
/// service checks them and worded the way it reports them.
///
/// Lengths are counted in UTF-16 code units, as the Java services behind AWS count them.
enum ModelConstraint {
    /// The length of `text` as the service counts it.
    static func length(_ text: String) -> Int { text.utf16.count }

    /// The violation sentences of a string member with a length range, empty when it fits.
    static func lengthViolations(_ text: String, member: String, min: Int, max: Int) -> [String] {
        let count = length(text)
        if count < min {
            return [
                CloudWatchError.violation(
                    value: text,
                    member: member,
                    constraint: "Member must have length greater than or equal to \(min)"
                )
            ]
        }
        if count > max {
            return [
                CloudWatchError.violation(
                    value: text,
                    member: member,
                    constraint: "Member must have length less than or equal to \(max)"
                )
            ]
        }
        return []
    }

    /// The violation sentence of an integer member below its minimum, empty when it is not.
    static func minimumViolations(_ value: Int, member: String, min: Int) -> [String] {
        guard value < min else { return [] }
        return [
            CloudWatchError.violation(
                value: "\(value)",
                member: member,
                constraint: "Member must have value greater than or equal to \(min)"
            )
        ]
    }

    /// Whether `text` contains an ASCII control character (U+0000–U+001F or U+007F).
    static func containsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
    }
}
