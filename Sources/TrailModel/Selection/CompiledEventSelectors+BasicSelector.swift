extension CompiledEventSelectors {
    /// A basic ``EventSelector``, compiled. Members left `nil` take their defaults (`All`, `true`, none, none).
    ///
    /// It selects:
    /// - a management event when it includes management events, the event's read/write kind matches
    ///   `ReadWriteType`, and the event source is not one of `ExcludeManagementEventSources`;
    /// - a data event when the read/write kind matches and one of the event's resources is covered by a data
    ///   resource of the same type (``ResourcePattern``). Data resources select the resource of their own type:
    ///   `AWS::S3::Object` matches the object entry of an S3 record (`arn:aws:s3:::bucket/key`), never the
    ///   bucket entry (`AWS::S3::Bucket`, `arn:aws:s3:::bucket`) beside it.
    ///
    /// `ReadWriteType` `ReadOnly` takes events with `readOnly` true, `WriteOnly` the others (an event without
    /// `readOnly` counts as a write, ``SelectableEvent/isReadOnly``), `All` both; it applies to management and data
    /// events alike. An unknown `ReadWriteType` (which validation rejects) selects nothing. Basic selectors never
    /// select network activity events or events of any other category.
    struct BasicSelector: Sendable {
        private enum ReadWrite: Sendable {
            case all
            case readOnly
            case writeOnly
            case none
        }

        /// The data resources of one type, merged across the selector's `DataResources`.
        private struct TypedPatterns: Sendable {
            let type: String
            var patterns: [ResourcePattern]
        }

        private let readWrite: ReadWrite
        private let includesManagementEvents: Bool
        private let excludedManagementEventSources: [String]
        private let dataResources: [TypedPatterns]

        /// Compiles `selector`.
        init(_ selector: EventSelector) {
            switch selector.readWriteType ?? .all {
            case .all: readWrite = .all
            case .readOnly: readWrite = .readOnly
            case .writeOnly: readWrite = .writeOnly
            default: readWrite = .none
            }
            includesManagementEvents = selector.includeManagementEvents ?? true
            excludedManagementEventSources = selector.excludeManagementEventSources ?? []
            var dataResources: [TypedPatterns] = []
            for resource in selector.dataResources ?? [] {
                guard let type = resource.type else { continue }
                let patterns = (resource.values ?? []).map { ResourcePattern($0, type: type) }
                if let index = dataResources.firstIndex(where: { $0.type == type }) {
                    dataResources[index].patterns += patterns
                } else {
                    dataResources.append(TypedPatterns(type: type, patterns: patterns))
                }
            }
            self.dataResources = dataResources.filter { !$0.patterns.isEmpty }
        }

        /// Whether the selector selects `event`.
        func selects(_ event: SelectableEvent) -> Bool {
            switch readWrite {
            case .all: break
            case .readOnly: guard event.isReadOnly else { return false }
            case .writeOnly: guard !event.isReadOnly else { return false }
            case .none: return false
            }
            switch event.kind {
            case .management, .activityAuditLog:
                guard includesManagementEvents else { return false }
                guard let source = event.eventSource else { return true }
                return !excludedManagementEventSources.contains(source)
            case .data:
                return event.resources.contains(where: coversResource)
            case .insight, .networkActivity, .other:
                return false
            }
        }

        private func coversResource(_ resource: SelectableEvent.Resource) -> Bool {
            guard let type = resource.type, let arn = resource.arn,
                let typed = dataResources.first(where: { $0.type == type })
            else { return false }
            return Value.withUTF8(arn) { bytes in typed.patterns.contains { $0.covers(bytes) } }
        }
    }
}
