import Foundation
import TrailModel
import TrailStore

struct PutEventSelectorsRequest: Decodable, Sendable {
    var TrailName: String?
    var EventSelectors: [EventSelector]?
    var AdvancedEventSelectors: [AdvancedEventSelector]?
}

struct TrailNameOnlyRequest: Decodable, Sendable {
    var TrailName: String?
    var EventDataStore: String?
}

struct EventSelectorsResponse: Encodable, Sendable {
    var TrailARN: String
    var EventSelectors: [EventSelector]?
    var AdvancedEventSelectors: [AdvancedEventSelector]?
}

struct PutInsightSelectorsRequest: Decodable, Sendable {
    var TrailName: String?
    var InsightSelectors: [InsightSelector]?
    var EventDataStore: String?
    var InsightsDestination: String?
}

struct InsightSelectorsResponse: Encodable, Sendable {
    var TrailARN: String
    var InsightSelectors: [InsightSelector]
}

extension CloudTrailService {
    var selectorOperations: [Operation] {
        [
            .make("PutEventSelectors", readOnly: false, input: PutEventSelectorsRequest.self, putEventSelectors),
            .make("GetEventSelectors", readOnly: true, input: TrailNameOnlyRequest.self, getEventSelectors),
            .make("PutInsightSelectors", readOnly: false, input: PutInsightSelectorsRequest.self, putInsightSelectors),
            .make("GetInsightSelectors", readOnly: true, input: TrailNameOnlyRequest.self, getInsightSelectors),
        ]
    }

    static func response(_ trail: TrailDocument) -> EventSelectorsResponse {
        let selectors = trail.selectors ?? .default
        return EventSelectorsResponse(
            TrailARN: trail.arn,
            EventSelectors: selectors.eventSelectors,
            AdvancedEventSelectors: selectors.advancedEventSelectors
        )
    }

    func putEventSelectors(
        _ request: PutEventSelectorsRequest,
        _ context: OperationContext
    ) async throws -> (EventSelectorsResponse, [AuditResource]) {
        let configuration = try EventSelectorConfiguration(
            validatingEventSelectors: request.EventSelectors,
            advancedEventSelectors: request.AdvancedEventSelectors
        )
        let (trail, _) = try await modifyTrail(request.TrailName, member: "trailName", context: context) { trail in
            // Insights need the management events they measure.
            try InsightSelector.validate(trail.insightSelectors, against: configuration)
            trail.selectors = configuration
            trail.hasCustomEventSelectors = true
        }
        return (Self.response(trail), [trail.auditResource])
    }

    func getEventSelectors(
        _ request: TrailNameOnlyRequest,
        _ context: OperationContext
    ) async throws -> (EventSelectorsResponse, [AuditResource]) {
        let trail = try await readTrail(request.TrailName, member: "trailName", context: context)
        return (Self.response(trail), [trail.auditResource])
    }

    static func rejectEventDataStore(_ eventDataStore: String?, trailName: String?) throws {
        if eventDataStore != nil && trailName != nil {
            throw CloudTrailError(.invalidParameterCombination, "You cannot specify both TrailName and EventDataStore.")
        }
        if eventDataStore != nil {
            throw CloudTrailError(
                .unsupportedOperation,
                "Event data stores are not supported by this OpenTrail version; name a trail."
            )
        }
    }

    func putInsightSelectors(
        _ request: PutInsightSelectorsRequest,
        _ context: OperationContext
    ) async throws -> (InsightSelectorsResponse, [AuditResource]) {
        try Self.rejectEventDataStore(
            request.EventDataStore ?? request.InsightsDestination,
            trailName: request.TrailName
        )
        guard request.TrailName != nil else {
            throw CloudTrailError(.invalidParameterCombination, "You must specify a TrailName.")
        }
        let selectors = try Require.present(request.InsightSelectors, "insightSelectors")
        let (trail, _) = try await modifyTrail(request.TrailName, member: "trailName", context: context) { trail in
            try InsightSelector.validate(selectors, against: trail.selectors ?? .default)
            trail.insightSelectors = selectors
        }
        return (
            InsightSelectorsResponse(TrailARN: trail.arn, InsightSelectors: trail.insightSelectors),
            [trail.auditResource]
        )
    }

    func getInsightSelectors(
        _ request: TrailNameOnlyRequest,
        _ context: OperationContext
    ) async throws -> (InsightSelectorsResponse, [AuditResource]) {
        try Self.rejectEventDataStore(request.EventDataStore, trailName: request.TrailName)
        guard request.TrailName != nil else {
            throw CloudTrailError(.invalidParameterCombination, "You must specify a TrailName.")
        }
        let trail = try await readTrail(request.TrailName, member: "trailName", context: context)
        guard !trail.insightSelectors.isEmpty else {
            throw CloudTrailError(.insightNotEnabled, "Trail \(trail.name) does not have Insights enabled.")
        }
        return (
            InsightSelectorsResponse(TrailARN: trail.arn, InsightSelectors: trail.insightSelectors),
            [trail.auditResource]
        )
    }
}
