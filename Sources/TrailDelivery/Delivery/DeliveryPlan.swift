import TrailModel

/// The delivery settings of one trail through the log: each change of the trail (create, update,
/// start or stop logging, new selectors, delete) takes effect for the events after the change, so a
/// plan keeps a version per change, keyed by the log's sequence number at the time of the change.
///
/// Kept in the control store (kind ``kind``, id the trail's ARN) and written in the same transaction as
/// the change itself.
package struct DeliveryPlan: Codable, Sendable, Hashable {
    package static let kind = "delivery-plan"

    /// The trail's settings for events with a sequence number above ``since``; `nil` once deleted.
    package struct Version: Codable, Sendable, Hashable {
        package var since: Int64
        package var trail: DeliveryTrail?
    }

    package var arn: String
    /// Oldest first, `since` strictly increasing.
    package private(set) var versions: [Version]

    package init(arn: String, versions: [Version] = []) {
        self.arn = arn
        self.versions = versions
    }

    /// The trail's settings for the event at `sequence` (`nil`: not yet created, or deleted).
    package func trail(at sequence: Int64) -> DeliveryTrail? {
        versionIndex(at: sequence).flatMap { versions[$0].trail }
    }

    /// The index in ``versions`` of the settings for the event at `sequence` (`nil` before the first).
    package func versionIndex(at sequence: Int64) -> Int? {
        versions.lastIndex { $0.since < sequence }
    }

    /// The trail's settings that record the event at `sequence`, if it records it: those at the event while the
    /// trail is logging; or, for the record of the `StopLogging` or `DeleteTrail` call that ended its logging,
    /// those before it. A change takes effect for the events after it and the call's own record comes after the
    /// change, but CloudTrail records the call that stops a trail in that trail.
    ///
    /// - Parameters:
    ///   - fields: the event's indexed fields.
    ///   - requestedTrail: the trail the call names (`requestParameters.name`), read only when needed.
    package func loggingTrail(
        at sequence: Int64,
        fields: IndexedFields,
        requestedTrail: () -> String?
    ) -> DeliveryTrail? {
        guard let index = versionIndex(at: sequence) else { return nil }
        if let trail = versions[index].trail, trail.isLogging { return trail }
        guard index > 0, let previous = versions[index - 1].trail, previous.isLogging,
            fields.eventSource == "cloudtrail.amazonaws.com",
            fields.eventName == "StopLogging" || fields.eventName == "DeleteTrail",
            let name = requestedTrail(), name == previous.name || name == previous.arn
        else { return nil }
        return previous
    }

    /// Where a new consumer of the plan starts: just after the trail was created.
    package var firstSequence: Int64 { versions.first?.since ?? 0 }

    /// Whether every event the plan could deliver is at or before `cursor` (the trail is deleted and the
    /// deletion is behind the cursor).
    package func isFinished(at cursor: Int64) -> Bool {
        guard let last = versions.last else { return true }
        return last.trail == nil && cursor >= last.since
    }

    /// Records the settings that hold for events after `sequence`.
    package mutating func record(_ trail: DeliveryTrail?, since sequence: Int64) {
        if let last = versions.last, last.since >= sequence {
            // Several changes with no event between them: the last one counts.
            versions.removeLast()
            versions.append(Version(since: max(last.since, sequence), trail: trail))
        } else {
            versions.append(Version(since: sequence, trail: trail))
        }
    }

    /// Drops the versions no event after `cursor` can use any more.
    package mutating func prune(through cursor: Int64) {
        guard let current = versions.lastIndex(where: { $0.since < cursor + 1 }), current > 0 else { return }
        versions.removeFirst(current)
    }
}
