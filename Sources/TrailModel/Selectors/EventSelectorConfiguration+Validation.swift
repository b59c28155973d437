extension EventSelectorConfiguration {
    /// The most basic event selectors a trail can have.
    public static let maximumEventSelectors = 5
    /// The most data resource values across all basic selectors of a trail.
    public static let maximumDataResourceValues = 250
    /// The most condition values across all advanced selectors of a trail.
    public static let maximumAdvancedConditionValues = 500

    /// Validates the selectors of a PutEventSelectors request and returns what the trail gets, and what the
    /// response echoes: basic selectors normalized (every member present, defaults filled in), or the advanced
    /// selectors as given.
    ///
    /// - Exactly one of the two members must be given (an empty list counts as given).
    /// - Basic: 1 to 5 selectors, each valid (``EventSelector/validate()``), at most 250 data resource values in
    ///   total.
    /// - Advanced: at least one selector, each valid (``AdvancedEventSelector/validate()``), at most 500 condition
    ///   values in total.
    ///
    /// - Parameters:
    ///   - eventSelectors: The request's `EventSelectors`.
    ///   - advancedEventSelectors: The request's `AdvancedEventSelectors`.
    /// - Throws: ``CloudTrailError`` with code `InvalidEventSelectorsException`.
    public init(
        validatingEventSelectors eventSelectors: [EventSelector]?,
        advancedEventSelectors: [AdvancedEventSelector]?
    ) throws(CloudTrailError) {
        switch (eventSelectors, advancedEventSelectors) {
        case (nil, nil):
            throw Self.invalid("Specify either EventSelectors or AdvancedEventSelectors.")
        case (.some, .some):
            throw Self.invalid("Specify either EventSelectors or AdvancedEventSelectors, but not both.")
        case (let basic?, nil):
            self = .basic(try Self.validateBasic(basic))
        case (nil, let advanced?):
            self = .advanced(try Self.validateAdvanced(advanced))
        }
    }

    private static func validateBasic(_ selectors: [EventSelector]) throws(CloudTrailError) -> [EventSelector] {
        guard (1...maximumEventSelectors).contains(selectors.count) else {
            throw invalid("Specify a valid number of event selectors (1 to \(maximumEventSelectors)) for a trail.")
        }
        for selector in selectors {
            try selector.validate()
        }
        let valueCount = selectors.reduce(0) { total, selector in
            total + (selector.dataResources ?? []).reduce(0) { $0 + ($1.values?.count ?? 0) }
        }
        guard valueCount <= maximumDataResourceValues else {
            throw invalid(
                "Specify a valid number of DataResources.Values (0 to \(maximumDataResourceValues)) "
                    + "for all your selectors."
            )
        }
        return selectors.map(\.normalized)
    }

    private static func validateAdvanced(
        _ selectors: [AdvancedEventSelector]
    ) throws(CloudTrailError) -> [AdvancedEventSelector] {
        guard !selectors.isEmpty else {
            throw invalid("Specify at least one advanced event selector.")
        }
        for selector in selectors {
            try selector.validate()
        }
        let valueCount = selectors.reduce(0) { $0 + $1.conditionValueCount }
        guard valueCount <= maximumAdvancedConditionValues else {
            throw invalid(
                "Specify up to \(maximumAdvancedConditionValues) values for all conditions in all advanced event "
                    + "selectors for a trail; the request has \(valueCount)."
            )
        }
        return selectors
    }

    private static func invalid(_ message: String) -> CloudTrailError {
        CloudTrailError(.invalidEventSelectors, message)
    }
}
