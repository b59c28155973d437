extension InsightSelector {
    /// Checks the `InsightSelectors` of a PutInsightSelectors request for a trail. An empty list is valid: it turns
    /// Insights off.
    ///
    /// - Each selector has an `InsightType` of `ApiCallRateInsight` or `ApiErrorRateInsight`, and no type appears
    ///   twice.
    /// - `EventCategories`, when given, is non-empty and holds `Management` and/or `Data`, each at most once.
    /// - With `eventSelectors`, the trail must log the events the Insights analyse: write management events for
    ///   `ApiCallRateInsight` on management events, any management events for `ApiErrorRateInsight` on management
    ///   events, and data events for either type on data events.
    ///
    /// - Parameters:
    ///   - selectors: The request's selectors.
    ///   - eventSelectors: The trail's event selectors, to check that it logs what the Insights need; `nil` skips
    ///     that check.
    /// - Throws: ``CloudTrailError`` with code `InvalidInsightSelectorsException`.
    public static func validate(
        _ selectors: [InsightSelector],
        against eventSelectors: EventSelectorConfiguration? = nil
    ) throws(CloudTrailError) {
        var seenTypes: Set<InsightType> = []
        for selector in selectors {
            try selector.validate()
            if let type = selector.insightType, !seenTypes.insert(type).inserted {
                throw invalid("InsightType \(type) appears more than once in InsightSelectors.")
            }
        }
        guard let eventSelectors else { return }
        for selector in selectors {
            guard let type = selector.insightType else { continue }
            for category in selector.effectiveEventCategories {
                switch category {
                case .management where type == .apiCallRateInsight && !eventSelectors.logsWriteManagementEvents:
                    throw invalid(
                        "To log ApiCallRateInsight events on management events, the trail must log write "
                            + "management events."
                    )
                case .management where !eventSelectors.logsManagementEvents:
                    throw invalid(
                        "To log \(type) events on management events, the trail must log management events."
                    )
                case .data where !eventSelectors.logsDataEvents:
                    throw invalid("To log \(type) events on data events, the trail must log data events.")
                default:
                    break
                }
            }
        }
    }

    /// Checks one selector's type and categories; see ``validate(_:against:)``.
    ///
    /// - Throws: ``CloudTrailError`` with code `InvalidInsightSelectorsException`.
    public func validate() throws(CloudTrailError) {
        guard let insightType, InsightType.knownValues.contains(insightType) else {
            throw Self.invalid(
                "Value \(insightType?.rawValue ?? "null") for InsightType is invalid. Valid values are: "
                    + InsightType.knownValues.map(\.rawValue).joined(separator: ", ")
            )
        }
        guard let eventCategories else { return }
        guard !eventCategories.isEmpty else {
            throw Self.invalid("EventCategories for \(insightType) must contain at least one event category.")
        }
        var seen: Set<EventCategory> = []
        for category in eventCategories {
            guard EventCategory.knownValues.contains(category) else {
                throw Self.invalid(
                    "Value \(category.rawValue) for EventCategories is invalid. Valid values are: "
                        + EventCategory.knownValues.map(\.rawValue).joined(separator: ", ")
                )
            }
            guard seen.insert(category).inserted else {
                throw Self.invalid("Event category \(category) appears more than once for \(insightType).")
            }
        }
    }

    private static func invalid(_ message: String) -> CloudTrailError {
        CloudTrailError(.invalidInsightSelectors, message)
    }
}
