extension CompiledEventSelectors {
    /// The operators of one advanced field selector, compiled.
    ///
    /// A condition holds when every operator present holds. The positive operators hold when the field
    /// `Equals` one of their values, `StartsWith` one of them or `EndsWith` one of them; the negative operators
    /// hold when the field equals none of the `NotEquals` values, starts with none of the `NotStartsWith` values
    /// and ends with none of the `NotEndsWith` values.
    ///
    /// A field the record lacks fails every positive operator and passes every negative one: a condition with
    /// only negative operators holds, one with any positive operator does not.
    ///
    /// For a field with one value per resource (`resources.type`, `resources.ARN`), see ``holds(forEach:)``.
    struct Condition: Sendable {
        private let equals: [Value]?
        private let startsWith: [Value]?
        private let endsWith: [Value]?
        private let notEquals: [Value]?
        private let notStartsWith: [Value]?
        private let notEndsWith: [Value]?
        /// Whether `Equals`, `StartsWith` or `EndsWith` is present.
        let hasPositiveOperators: Bool
        /// Whether `NotEquals`, `NotStartsWith` or `NotEndsWith` is present.
        let hasNegativeOperators: Bool

        /// Compiles the operators of `selector`; its `Field` is resolved by the caller.
        init(_ selector: AdvancedFieldSelector) {
            let compile: ([String]?) -> [Value]? = { $0?.map(Value.init) }
            equals = compile(selector.equals)
            startsWith = compile(selector.startsWith)
            endsWith = compile(selector.endsWith)
            notEquals = compile(selector.notEquals)
            notStartsWith = compile(selector.notStartsWith)
            notEndsWith = compile(selector.notEndsWith)
            hasPositiveOperators = equals != nil || startsWith != nil || endsWith != nil
            hasNegativeOperators = notEquals != nil || notStartsWith != nil || notEndsWith != nil
        }

        /// Whether the condition holds for a single-valued field; `nil` is a field the record lacks.
        func holds(for value: String?) -> Bool {
            guard let value else { return !hasPositiveOperators }
            return Value.withUTF8(value) { satisfiesPositiveOperators($0) && !violatesNegativeOperators($0) }
        }

        /// Whether the condition holds for a field with one value per resource.
        ///
        /// The positive operators hold when at least one value satisfies all of them; the negative operators hold
        /// when no value violates any of them. With no values (no resources), that is the rule for a missing field:
        /// positive operators fail, negative operators pass.
        ///
        /// So `StartsWith` selects an event when some resource starts with the value, and `NotStartsWith` excludes
        /// it when any resource starts with the value.
        func holds(forEach values: some Sequence<String>) -> Bool {
            var isPositiveSatisfied = !hasPositiveOperators
            for value in values {
                if isPositiveSatisfied && !hasNegativeOperators { return true }
                let (violates, satisfies) = Value.withUTF8(value) { bytes in
                    (
                        violatesNegativeOperators(bytes),
                        !isPositiveSatisfied && satisfiesPositiveOperators(bytes)
                    )
                }
                if violates { return false }
                if satisfies { isPositiveSatisfied = true }
            }
            return isPositiveSatisfied
        }

        /// Whether `value` satisfies every positive operator present.
        private func satisfiesPositiveOperators(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            if let equals, !equals.contains(where: { $0.isEqual(to: value) }) { return false }
            if let startsWith, !startsWith.contains(where: { $0.isPrefix(of: value) }) { return false }
            if let endsWith, !endsWith.contains(where: { $0.isSuffix(of: value) }) { return false }
            return true
        }

        /// Whether `value` violates a negative operator present.
        private func violatesNegativeOperators(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
            if let notEquals, notEquals.contains(where: { $0.isEqual(to: value) }) { return true }
            if let notStartsWith, notStartsWith.contains(where: { $0.isPrefix(of: value) }) { return true }
            if let notEndsWith, notEndsWith.contains(where: { $0.isSuffix(of: value) }) { return true }
            return false
        }
    }
}
