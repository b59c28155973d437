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

    /// What a tagging `ResourceId` names: a trail or a channel, by ARN.
    enum TaggedResource: Sendable {
        case trail(TrailARN)
        case channel(ChannelDocument.Reference)

        init(resourceId: String, accountId: String) throws {
            guard resourceId.hasPrefix("arn:") else {
                throw CloudTrailError(
                    .cloudTrailARNInvalid,
                    "\(resourceId.prefix(256)) is not a valid trail ARN. The format of a trail ARN is "
                        + "arn:aws:cloudtrail:us-east-2:123456789012:trail/MyTrail."
                )
            }
            let parts = resourceId.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            if parts.count == 6, parts[2] == "cloudtrail", parts[5].hasPrefix("channel/") {
                self = .channel(try ChannelDocument.Reference(parsing: resourceId))
            } else if parts.count == 6, parts[2] == "cloudtrail", parts[5].hasPrefix("eventdatastore/") {
                throw CloudTrailError(.resourceNotFound, "Resource \(resourceId.prefix(256)) not found.")
            } else {
                self = .trail(try TrailARN(parsing: resourceId))
            }
        }

        /// The resource's tags, and a way to store changed ones, inside a transaction.
        func tags(
            in tx: any ControlTransaction,
            accountId: String,
            resourceId: String
        ) throws -> (
            tags: TagList, audit: AuditResource, save: (TagList) throws -> Void
        ) {
            let notFound = CloudTrailError(.resourceNotFound, "Resource \(resourceId.prefix(256)) not found.")
            switch self {
            case .trail(let arn):
                guard arn.accountID == accountId,
                    let bytes = try tx.document(
                        kind: TrailDocument.kind,
                        id: TrailDocument.id(region: arn.region, name: arn.name.rawValue)
                    )
                else { throw notFound }
                var trail = try TrailDocument.decoded(bytes)
                return (
                    trail.tags, trail.auditResource,
                    { tags in
                        trail.tags = tags
                        try tx.put(kind: TrailDocument.kind, id: trail.id, value: try trail.encoded())
                    }
                )
            case .channel(let reference):
                // A channel ARN names its region; the channel must be there.
                guard var channel = try reference.resolve(in: tx, accountId: accountId, region: reference.region ?? "")
                else { throw notFound }
                return (
                    channel.tags, channel.auditResource,
                    { tags in
                        channel.tags = tags
                        try tx.put(kind: ChannelDocument.kind, id: channel.id, value: try channel.encoded())
                    }
                )
            }
        }
    }

    func changeTags(
        _ request: TagsRequest,
        _ context: OperationContext,
        _ change: @escaping @Sendable (inout TagList, [ResourceTag]) throws -> Void
    ) async throws -> (EmptyResponse, [AuditResource]) {
        let resourceId = try Require.present(request.ResourceId, "resourceId")
        let tags = try Require.present(request.TagsList, "tagsList")
        let account = accountId
        let resource = try TaggedResource(resourceId: resourceId, accountId: account)
        let audit: AuditResource = try await control.write { tx in
            var (current, audit, save) = try resource.tags(in: tx, accountId: account, resourceId: resourceId)
            try change(&current, tags)
            try save(current)
            return audit
        }
        return (EmptyResponse(), [audit])
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
        let account = accountId
        let resources = try ids.map { try TaggedResource(resourceId: $0, accountId: account) }
        let tagged: [ResourceTagShape] = try await control.read { tx in
            try zip(ids, resources).map { id, resource in
                ResourceTagShape(
                    ResourceId: id,
                    TagsList: try resource.tags(in: tx, accountId: account, resourceId: id).tags.tags
                )
            }
        }
        return (ListTagsResponse(ResourceTagList: tagged), [])
    }
}
