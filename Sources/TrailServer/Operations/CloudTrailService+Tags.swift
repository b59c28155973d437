import Foundation
import TrailModel
import TrailStore

struct TagsRequest: Decodable, Sendable {
    var ResourceId: String?
    var TagsList: [ResourceTag]?
}

struct ListTagsRequest: Decodable, Sendable {
    var ResourceIdList: [String]?
    var NextToken: String?
}

struct ResourceTagShape: Encodable, Sendable {
    var ResourceId: String
    var TagsList: [ResourceTag]
}

struct ListTagsResponse: Encodable, Sendable {
    var ResourceTagList: [ResourceTagShape]
    var NextToken: String?
}

extension CloudTrailService {
    var tagOperations: [Operation] {
        [
            .make("AddTags", readOnly: false, input: TagsRequest.self, addTags),
            .make("RemoveTags", readOnly: false, input: TagsRequest.self, removeTags),
            .make("ListTags", readOnly: true, input: ListTagsRequest.self, listTags),
        ]
    }

    /// The trail a tagging `ResourceId` names. Tagging takes ARNs; trails are the taggable resource so far.
    static func taggedTrailARN(_ resourceId: String) throws -> TrailARN {
        guard resourceId.hasPrefix("arn:") else {
            throw CloudTrailError(
                .cloudTrailARNInvalid,
                "\(resourceId.prefix(256)) is not a valid trail ARN. The format of a trail ARN is arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail."
            )
        }
        let parts = resourceId.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        if parts.count == 6, parts[2] == "cloudtrail",
            parts[5].hasPrefix("eventdatastore/") || parts[5].hasPrefix("channel/")
        {
            throw CloudTrailError(.resourceNotFound, "Resource \(resourceId.prefix(256)) not found.")
        }
        return try TrailARN(parsing: resourceId)
    }

    func changeTags(
        _ request: TagsRequest,
        _ context: OperationContext,
        _ change: @escaping @Sendable (inout TagList, [ResourceTag]) throws -> Void
    ) async throws -> (EmptyResponse, [AuditResource]) {
        let resourceId = try Require.present(request.ResourceId, "resourceId")
        let tags = try Require.present(request.TagsList, "tagsList")
        let arn = try Self.taggedTrailARN(resourceId)
        let account = accountId
        let trail: TrailDocument = try await control.write { tx in
            guard arn.accountID == account,
                let bytes = try tx.document(
                    kind: TrailDocument.kind,
                    id: TrailDocument.id(region: arn.region, name: arn.name.rawValue)
                )
            else { throw CloudTrailError(.resourceNotFound, "Resource \(resourceId) not found.") }
            var trail = try TrailDocument.decoded(bytes)
            try change(&trail.tags, tags)
            try tx.put(kind: TrailDocument.kind, id: trail.id, value: try trail.encoded())
            return trail
        }
        return (EmptyResponse(), [trail.auditResource])
    }

    func addTags(_ request: TagsRequest, _ context: OperationContext) async throws -> (EmptyResponse, [AuditResource]) {
        try await changeTags(request, context) { list, tags in try list.add(tags) }
    }

    func removeTags(
        _ request: TagsRequest,
        _ context: OperationContext
    ) async throws -> (EmptyResponse, [AuditResource]) {
        try await changeTags(request, context) { list, tags in try list.remove(tags) }
    }

    func listTags(
        _ request: ListTagsRequest,
        _ context: OperationContext
    ) async throws -> (ListTagsResponse, [AuditResource]) {
        let ids = try Require.present(request.ResourceIdList, "resourceIdList")
        guard ids.count <= 20 else {
            throw CloudTrailError(.invalidParameter, "ResourceIdList can name at most 20 resources.")
        }
        if request.NextToken != nil {
            // Every answer fits in one page, so no token this server gave out can be presented.
            throw CloudTrailError(.invalidToken, "Invalid NextToken.")
        }
        let arns = try ids.map(Self.taggedTrailARN)
        let account = accountId
        let tagged: [ResourceTagShape] = try await control.read { tx in
            try zip(ids, arns).map { id, arn in
                guard arn.accountID == account,
                    let bytes = try tx.document(
                        kind: TrailDocument.kind,
                        id: TrailDocument.id(region: arn.region, name: arn.name.rawValue)
                    )
                else { throw CloudTrailError(.resourceNotFound, "Resource \(id) not found.") }
                return ResourceTagShape(ResourceId: id, TagsList: try TrailDocument.decoded(bytes).tags.tags)
            }
        }
        return (ListTagsResponse(ResourceTagList: tagged), [])
    }
}
