extension CompiledEventSelectors {
    /// An ``AdvancedEventSelector``, compiled: it selects an event when every one of its field selectors holds
    /// (``Condition``).
    ///
    /// `resources.type` and `resources.ARN` have one value per resource. A selector's `resources.ARN` condition
    /// is evaluated on the ARNs of the resources whose type satisfies its `resources.type` condition (on every
    /// resource's ARN when it has none): the CloudTrail API Reference describes `resources.ARN` as the ARN of a
    /// resource of the type given in `resources.type`. So a selector for `AWS::S3::Object` with
    /// `NotStartsWith arn:aws:s3:::amzn-s3-demo-bucket/` looks at the object of an S3 record, not at its bucket
    /// or access point resources.
    struct AdvancedSelector: Sendable {
        /// A condition on a single-valued field.
        struct SingleCondition: Sendable {
            let field: SelectableEvent.SingleField
            let condition: Condition
        }

        /// Conditions on single-valued fields, `eventCategory` first: it is the cheapest and most selective.
        private let singleConditions: [SingleCondition]
        private let resourceTypeConditions: [Condition]
        private let resourceARNConditions: [Condition]
        /// Whether a condition on a field OpenTrail does not know has a positive operator, which no record can
        /// satisfy. (Validation rejects unknown fields; this only makes their treatment definite.)
        private let isUnsatisfiable: Bool

        /// Compiles `selector`.
        init(_ selector: AdvancedEventSelector) {
            var singles: [SingleCondition] = []
            var resourceTypes: [Condition] = []
            var resourceARNs: [Condition] = []
            var isUnsatisfiable = false
            for fieldSelector in selector.fieldSelectors {
                let condition = Condition(fieldSelector)
                switch SelectableEvent.Field(name: fieldSelector.field) {
                case .single(let field): singles.append(SingleCondition(field: field, condition: condition))
                case .resourceType: resourceTypes.append(condition)
                case .resourceARN: resourceARNs.append(condition)
                case .unknown: isUnsatisfiable = isUnsatisfiable || condition.hasPositiveOperators
                }
            }
            let categoryFirst =
                singles.filter { $0.field == .eventCategory } + singles.filter { $0.field != .eventCategory }
            singleConditions = categoryFirst
            resourceTypeConditions = resourceTypes
            resourceARNConditions = resourceARNs
            self.isUnsatisfiable = isUnsatisfiable
        }

        /// Whether the selector selects `event`.
        func selects(_ event: SelectableEvent) -> Bool {
            guard !isUnsatisfiable else { return false }
            for single in singleConditions where !single.condition.holds(for: event.value(of: single.field)) {
                return false
            }
            return resourcesSatisfyConditions(event.resources)
        }

        private func resourcesSatisfyConditions(_ resources: [SelectableEvent.Resource]) -> Bool {
            for condition in resourceTypeConditions
            where !condition.holds(forEach: resources.lazy.compactMap(\.type)) {
                return false
            }
            guard !resourceARNConditions.isEmpty else { return true }
            let typeConditions = resourceTypeConditions
            let arns = resources.lazy
                .filter { resource in typeConditions.allSatisfy { $0.holds(for: resource.type) } }
                .compactMap(\.arn)
            for condition in resourceARNConditions where !condition.holds(forEach: arns) {
                return false
            }
            return true
        }
    }
}
