/// The event selectors of a trail: basic or advanced, never both.
///
/// Build one from a PutEventSelectors request with
/// ``init(validatingEventSelectors:advancedEventSelectors:)``; a trail that was never given selectors has
/// ``default``. Encodes and decodes as the selector members of the GetEventSelectors response:
/// `{"EventSelectors": [...]}` or `{"AdvancedEventSelectors": [...]}`.
public enum EventSelectorConfiguration: Hashable, Sendable, Codable {
    /// Up to five basic selectors, stored normalized (every member present).
    case basic([EventSelector])
    /// Advanced selectors.
    case advanced([AdvancedEventSelector])

    /// The configuration of a new trail: one basic selector for all read and write management events and no
    /// data events. GetEventSelectors answers with it for a trail never given selectors.
    public static let `default` = EventSelectorConfiguration.basic([.default])

    /// The `EventSelectors` member of a PutEventSelectors or GetEventSelectors response (`nil` for advanced).
    public var eventSelectors: [EventSelector]? {
        if case .basic(let selectors) = self { selectors } else { nil }
    }

    /// The `AdvancedEventSelectors` member of a PutEventSelectors or GetEventSelectors response (`nil` for basic).
    public var advancedEventSelectors: [AdvancedEventSelector]? {
        if case .advanced(let selectors) = self { selectors } else { nil }
    }

    /// Whether the trail logs any management events.
    public var logsManagementEvents: Bool {
        switch self {
        case .basic(let selectors):
            selectors.contains { $0.includeManagementEvents ?? true }
        case .advanced(let selectors):
            selectors.contains { $0.categories.contains(Self.management) }
        }
    }

    /// Whether the trail logs write (non-read-only) management events, as CloudTrail Insights on the API call
    /// rate requires.
    public var logsWriteManagementEvents: Bool {
        switch self {
        case .basic(let selectors):
            selectors.contains { selector in
                (selector.includeManagementEvents ?? true) && selector.readWriteType != .readOnly
            }
        case .advanced(let selectors):
            selectors.contains { selector in
                guard selector.categories.contains(Self.management) else { return false }
                guard let readOnly = selector.fieldSelectors.first(where: { $0.field == "readOnly" }) else {
                    return true
                }
                return readOnly.equals?.contains("false") ?? false
            }
        }
    }

    /// Whether the trail logs any data events.
    public var logsDataEvents: Bool {
        switch self {
        case .basic(let selectors):
            selectors.contains { !($0.dataResources ?? []).isEmpty }
        case .advanced(let selectors):
            selectors.contains { $0.categories.contains(Self.data) }
        }
    }

    static let management = "Management"
    static let data = "Data"
    static let networkActivity = "NetworkActivity"

    enum CodingKeys: String, CodingKey {
        case eventSelectors = "EventSelectors"
        case advancedEventSelectors = "AdvancedEventSelectors"
    }

    /// Decodes `{"EventSelectors": [...]}` or `{"AdvancedEventSelectors": [...]}`; no rule is checked.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let basic = try container.decodeIfPresent([EventSelector].self, forKey: .eventSelectors)
        let advanced = try container.decodeIfPresent([AdvancedEventSelector].self, forKey: .advancedEventSelectors)
        switch (basic, advanced) {
        case (let basic?, nil): self = .basic(basic)
        case (nil, let advanced?): self = .advanced(advanced)
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "Expected exactly one of EventSelectors and AdvancedEventSelectors."
                )
            )
        }
    }

    /// Encodes the selectors under `EventSelectors` or `AdvancedEventSelectors`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .basic(let selectors): try container.encode(selectors, forKey: .eventSelectors)
        case .advanced(let selectors): try container.encode(selectors, forKey: .advancedEventSelectors)
        }
    }
}

extension AdvancedEventSelector {
    /// The values of the selector's `eventCategory` condition (`Equals`), empty if it has none.
    var categories: [String] {
        fieldSelectors.first { $0.field == "eventCategory" }?.equals ?? []
    }
}
