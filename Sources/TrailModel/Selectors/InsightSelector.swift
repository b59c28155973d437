/// An Insights selector, as in the botocore `InsightSelector` shape:
/// `{"InsightType": "ApiCallRateInsight", "EventCategories": ["Management"]}`.
///
/// Both members are optional on the wire; validation requires `InsightType`. Without `EventCategories`,
/// Insights analyse management events.
public struct InsightSelector: Codable, Hashable, Sendable {
    /// The kind of Insights analysis. Open: any string decodes, so that an unknown value reaches validation and
    /// gets `InvalidInsightSelectorsException` rather than a decoding error.
    public struct InsightType: OpenWireValue {
        /// The value on the wire.
        public let rawValue: String

        /// Wraps a wire value, known or not.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Unusual volumes of API calls.
        public static let apiCallRateInsight = Self(rawValue: "ApiCallRateInsight")
        /// Unusual volumes of API calls that fail.
        public static let apiErrorRateInsight = Self(rawValue: "ApiErrorRateInsight")

        /// The values CloudTrail accepts.
        public static let knownValues: [Self] = [.apiCallRateInsight, .apiErrorRateInsight]

    }

    /// The events Insights analyse (botocore `SourceEventCategory`). Open, like ``InsightType``.
    public struct EventCategory: OpenWireValue {
        /// The value on the wire.
        public let rawValue: String

        /// Wraps a wire value, known or not.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Management events; the default.
        public static let management = Self(rawValue: "Management")
        /// Data events.
        public static let data = Self(rawValue: "Data")

        /// The values CloudTrail accepts.
        public static let knownValues: [Self] = [.management, .data]

    }

    /// The kind of Insights analysis.
    public var insightType: InsightType?
    /// The events analysed; `nil` means management events.
    public var eventCategories: [EventCategory]?

    /// Creates a selector.
    public init(insightType: InsightType?, eventCategories: [EventCategory]? = nil) {
        self.insightType = insightType
        self.eventCategories = eventCategories
    }

    enum CodingKeys: String, CodingKey {
        case insightType = "InsightType"
        case eventCategories = "EventCategories"
    }

    /// The categories analysed, with the default applied: ``eventCategories``, or `[.management]` when absent.
    public var effectiveEventCategories: [EventCategory] {
        eventCategories ?? [.management]
    }
}
