/// A question to event history: at most one attribute, a time range, a page.
public struct LookupQuery: Sendable, Hashable {
    /// The attribute an event must have (LookupEvents' `LookupAttributes`).
    public enum Attribute: Sendable, Hashable {
        case eventID(String)
        case eventName(String)
        case readOnly(Bool)
        case username(String)
        case resourceType(String)
        case resourceName(String)
        case eventSource(String)
        case accessKeyId(String)
    }

    /// A place in the newest-first order: events strictly older than it come after.
    public struct Position: Sendable, Hashable, Codable {
        public var eventTime: Int64
        public var sequence: Int64
        public init(eventTime: Int64, sequence: Int64) {
            self.eventTime = eventTime
            self.sequence = sequence
        }
    }

    public var attribute: Attribute?
    /// Earliest event time, inclusive, in milliseconds since 1970.
    public var startTime: Int64?
    /// Latest event time, inclusive, in milliseconds since 1970.
    public var endTime: Int64?
    /// Insights events only (`true`) or every other event (`false`).
    public var insights: Bool
    /// At most this many events.
    public var limit: Int
    /// Resume after this position (the last event of the previous page).
    public var after: Position?
    /// Ignore events committed after this sequence number, so that pages stay stable while new
    /// events arrive.
    public var maxSequence: Int64?

    public init(
        attribute: Attribute? = nil,
        startTime: Int64? = nil,
        endTime: Int64? = nil,
        insights: Bool = false,
        limit: Int = 50,
        after: Position? = nil,
        maxSequence: Int64? = nil
    ) {
        self.attribute = attribute
        self.startTime = startTime
        self.endTime = endTime
        self.insights = insights
        self.limit = limit
        self.after = after
        self.maxSequence = maxSequence
    }
}
