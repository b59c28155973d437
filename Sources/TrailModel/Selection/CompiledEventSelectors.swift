/// A trail's event selectors, compiled once to decide for every record whether the trail delivers it.
///
/// ```swift
/// let selectors = CompiledEventSelectors(trail.eventSelectors)
/// for record in records where selectors.selects(SelectableEvent(record: record)) { … }
/// ```
///
/// The rules are CloudTrail's (CloudTrail API Reference: `PutEventSelectors`, `EventSelector`, `DataResource`,
/// `AdvancedEventSelector`, `AdvancedFieldSelector`; CloudTrail User Guide: "Logging management events",
/// "Logging data events"). A trail delivers an event when the event matches any of its selectors.
///
/// Basic selectors (``EventSelector``):
/// - `ReadWriteType` `ReadOnly` matches events whose `readOnly` is true, `WriteOnly` the others, `All` (or
///   nothing) both. An event without `readOnly` counts as a write (``SelectableEvent/isReadOnly``).
/// - A management event matches when `IncludeManagementEvents` is true (or absent), `ReadWriteType` matches, and
///   its `eventSource` is not in `ExcludeManagementEventSources`.
/// - A data event matches when `ReadWriteType` matches and one of its resources is covered by a data resource of
///   the same type: `arn:<partition>:<service>` covers the whole service; an S3 value is an ARN prefix
///   (`arn:aws:s3:::` all buckets, `arn:aws:s3:::bucket/` one bucket, `arn:aws:s3:::bucket/prefix` some keys)
///   matched against the object resource (`AWS::S3::Object`), not the bucket resource beside it; a Lambda
///   function ARN is exact (its versions and aliases included), and so is a DynamoDB table ARN (its indexes
///   included).
/// - Basic selectors never select network activity events.
///
/// Advanced selectors (``AdvancedEventSelector``): an event matches a selector when it satisfies every field
/// selector. A field selector holds when each operator present holds: `Equals`, `StartsWith`, `EndsWith` when
/// the field equals, starts with or ends with one of the values; `NotEquals`, `NotStartsWith`, `NotEndsWith` when
/// it equals, starts with or ends with none of them. Comparisons are case-sensitive and code unit by code unit.
/// - A field the record lacks fails the positive operators and passes the negative ones. `readOnly` is never
///   missing: it is `"true"` or `"false"`, a record without it counting as a write, as for basic selectors.
///   `eventCategory` is never missing either (``SelectableEvent/init(record:)`` derives it).
/// - `resources.type` and `resources.ARN` have one value per resource: positive operators hold when one value
///   satisfies them all, negative operators when no value violates any of them. `resources.ARN` looks only at
///   the resources whose type satisfies the selector's `resources.type` condition, since the API Reference
///   defines it as the ARN of a resource of that type.
/// - A field name OpenTrail does not know is a field every record lacks.
///
/// Insights events are never selected (``SelectableEvent/isSubjectToEventSelectors``). CloudTrail Lake
/// integration records (channel events) are selected as management events: OpenTrail has no event data stores
/// for them to go to instead.
///
/// Selectors are evaluated as stored: they are not validated again, and a configuration that validation would
/// reject still gets a definite answer (an unknown `ReadWriteType` selects nothing; an advanced selector without
/// field selectors selects every event subject to selectors). Compile a trail's selectors when they change, not
/// per record.
public struct CompiledEventSelectors: Sendable {
    private enum Selectors: Sendable {
        case basic([BasicSelector])
        case advanced([AdvancedSelector])
    }

    /// The configuration compiled.
    public let configuration: EventSelectorConfiguration
    private let selectors: Selectors

    /// Compiles a trail's selectors.
    public init(_ configuration: EventSelectorConfiguration) {
        self.configuration = configuration
        switch configuration {
        case .basic(let selectors): self.selectors = .basic(selectors.map(BasicSelector.init))
        case .advanced(let selectors): self.selectors = .advanced(selectors.map(AdvancedSelector.init))
        }
    }

    /// Whether the trail's selectors select `event`, that is whether the trail delivers it to its log files.
    public func selects(_ event: SelectableEvent) -> Bool {
        guard event.isSubjectToEventSelectors else { return false }
        switch selectors {
        case .basic(let selectors): return selectors.contains { $0.selects(event) }
        case .advanced(let selectors): return selectors.contains { $0.selects(event) }
        }
    }
}
