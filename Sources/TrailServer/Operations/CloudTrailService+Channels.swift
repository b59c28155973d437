import Foundation
import TrailModel
import TrailStore

struct DestinationShape: Codable, Sendable, Hashable {
    var `Type`: String?
    var Location: String?
}

struct CreateChannelRequest: Decodable, Sendable {
    var Name: String?
    var Source: String?
    var Destinations: [DestinationShape]?
    var Tags: [ResourceTag]?
}

struct ChannelRequest: Decodable, Sendable {
    var Channel: String?
}

struct UpdateChannelRequest: Decodable, Sendable {
    var Channel: String?
    var Destinations: [DestinationShape]?
    var Name: String?
}

struct ListChannelsRequest: Decodable, Sendable {
    var MaxResults: Int?
    var NextToken: String?
}

struct ChannelShape: Encodable, Sendable {
    var ChannelArn: String
    var Name: String
    var Source: String?
    var Destinations: [DestinationShape]?
    var Tags: [ResourceTag]?
}

struct IngestionStatusShape: Codable, Sendable {
    var LatestIngestionSuccessTime: Date?
    var LatestIngestionSuccessEventID: String?
    var LatestIngestionErrorCode: String?
    var LatestIngestionAttemptTime: Date?
    var LatestIngestionAttemptEventID: String?
}

struct SourceConfigShape: Encodable, Sendable {
    var ApplyToAllRegions: Bool
    var AdvancedEventSelectors: [AdvancedEventSelector]
}

struct GetChannelResponse: Encodable, Sendable {
    var ChannelArn: String
    var Name: String
    var Source: String
    var SourceConfig: SourceConfigShape
    var Destinations: [DestinationShape]
    var IngestionStatus: IngestionStatusShape
}

struct ChannelSummary: Encodable, Sendable {
    var ChannelArn: String
    var Name: String
}

struct ListChannelsResponse: Encodable, Sendable {
    var Channels: [ChannelSummary]
    var NextToken: String?
}

extension CloudTrailService {
    /// CloudTrail's quota of channels per region.
    static let maxChannelsPerRegion = 25

    var channelOperations: [Operation] {
        [
            .make("CreateChannel", readOnly: false, input: CreateChannelRequest.self, createChannel),
            .make("GetChannel", readOnly: true, input: ChannelRequest.self, getChannel),
            .make("UpdateChannel", readOnly: false, input: UpdateChannelRequest.self, updateChannel),
            .make("DeleteChannel", readOnly: false, input: ChannelRequest.self, deleteChannel),
            .make("ListChannels", readOnly: true, input: ListChannelsRequest.self, listChannels),
        ]
    }

    static func validateChannelName(_ name: String) throws {
        guard (3...128).contains(name.count),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") })
        else {
            throw CloudTrailError(
                .invalidParameter,
                "Channel name \(name.prefix(128)) is invalid: use 3 to 128 letters, digits, '.', '_' or '-'."
            )
        }
    }

    static func validateDestinations(_ destinations: [DestinationShape]) throws -> [ChannelDocument.Destination] {
        guard (1...200).contains(destinations.count) else {
            throw CloudTrailError(.invalidParameter, "A channel needs 1 to 200 destinations.")
        }
        return try destinations.map { destination in
            guard let type = destination.Type, ["EVENT_DATA_STORE", "AWS_SERVICE"].contains(type) else {
                throw CloudTrailError(.invalidParameter, "Destination Type must be EVENT_DATA_STORE or AWS_SERVICE.")
            }
            guard let location = destination.Location, (3...1024).contains(location.count),
                location.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._/-:*".contains($0)) })
            else {
                throw CloudTrailError(
                    .invalidParameter,
                    "Destination Location must be 3 to 1024 characters of letters, digits and ._/-:*."
                )
            }
            return ChannelDocument.Destination(Type: type, Location: location)
        }
    }

    func createChannel(
        _ request: CreateChannelRequest,
        _ context: OperationContext
    ) async throws -> (ChannelShape, [AuditResource]) {
        let name = try Require.present(request.Name, "name")
        try Self.validateChannelName(name)
        let source = try Require.present(request.Source, "source")
        guard (1...256).contains(source.count) else {
            throw CloudTrailError(
                .init("InvalidSourceException"),
                "Source must be Custom or a partner event source name."
            )
        }
        let destinations = try Self.validateDestinations(try Require.present(request.Destinations, "destinations"))
        let tags = try TagList(validating: request.Tags ?? [])
        let channel = ChannelDocument(
            id: UUID().uuidString.lowercased(),
            name: name,
            region: context.region,
            accountId: accountId,
            source: source,
            destinations: destinations,
            tags: tags,
            createdTime: context.now
        )
        let region = context.region
        try await control.write { tx in
            let existing = try tx.documents(kind: ChannelDocument.kind).map { try ChannelDocument.decoded($0.value) }
                .filter { $0.region == region }
            if existing.contains(where: { $0.name == name }) {
                throw CloudTrailError(.init("ChannelAlreadyExistsException"), "Channel \(name) already exists.")
            }
            guard existing.count < Self.maxChannelsPerRegion else {
                throw CloudTrailError(
                    .init("ChannelMaxLimitExceededException"),
                    "The account already has \(existing.count) channels in \(region), the maximum."
                )
            }
            try tx.put(kind: ChannelDocument.kind, id: channel.id, value: try channel.encoded())
        }
        return (
            ChannelShape(
                ChannelArn: channel.arn,
                Name: name,
                Source: source,
                Destinations: destinations.map { DestinationShape(Type: $0.Type, Location: $0.Location) },
                Tags: request.Tags == nil ? nil : tags.tags
            ),
            [channel.auditResource]
        )
    }

    /// Reads a channel named by ARN or id, in the caller's account and region.
    func readChannel(_ argument: String?, region: String) async throws -> ChannelDocument {
        let text = try Require.present(argument, "channel")
        let reference = try ChannelDocument.Reference(parsing: text)
        let account = accountId
        return try await control.read { tx in
            guard let channel = try reference.resolve(in: tx, accountId: account, region: region) else {
                throw Self.channelNotFound(text)
            }
            return channel
        }
    }

    static func channelNotFound(_ argument: String) -> CloudTrailError {
        CloudTrailError(.init("ChannelNotFoundException"), "Channel \(argument.prefix(256)) not found.")
    }

    func getChannel(
        _ request: ChannelRequest,
        _ context: OperationContext
    ) async throws -> (GetChannelResponse, [AuditResource]) {
        let channel = try await readChannel(request.Channel, region: context.region)
        let status = try await ingestionStatus.status(of: channel.id)
        return (
            GetChannelResponse(
                ChannelArn: channel.arn,
                Name: channel.name,
                Source: channel.source,
                SourceConfig: SourceConfigShape(
                    ApplyToAllRegions: false,
                    AdvancedEventSelectors: [
                        AdvancedEventSelector(
                            name: nil,
                            fieldSelectors: [
                                AdvancedFieldSelector(field: "eventCategory", equals: ["ActivityAuditLog"])
                            ]
                        )
                    ]
                ),
                Destinations: channel.destinations.map { DestinationShape(Type: $0.Type, Location: $0.Location) },
                IngestionStatus: status
            ),
            [channel.auditResource]
        )
    }

    func updateChannel(
        _ request: UpdateChannelRequest,
        _ context: OperationContext
    ) async throws -> (ChannelShape, [AuditResource]) {
        let argument = try Require.present(request.Channel, "channel")
        let reference = try ChannelDocument.Reference(parsing: argument)
        let region = context.region
        if let name = request.Name { try Self.validateChannelName(name) }
        let destinations = try request.Destinations.map(Self.validateDestinations)
        let account = accountId
        let channel: ChannelDocument = try await control.write { tx in
            guard var channel = try reference.resolve(in: tx, accountId: account, region: region) else {
                throw Self.channelNotFound(argument)
            }
            if let name = request.Name, name != channel.name {
                let taken = try tx.documents(kind: ChannelDocument.kind).map { try ChannelDocument.decoded($0.value) }
                    .contains { $0.region == channel.region && $0.name == name }
                if taken {
                    throw CloudTrailError(.init("ChannelAlreadyExistsException"), "Channel \(name) already exists.")
                }
                channel.name = name
            }
            if let destinations { channel.destinations = destinations }
            try tx.put(kind: ChannelDocument.kind, id: channel.id, value: try channel.encoded())
            return channel
        }
        return (
            ChannelShape(
                ChannelArn: channel.arn,
                Name: channel.name,
                Source: channel.source,
                Destinations: channel.destinations.map { DestinationShape(Type: $0.Type, Location: $0.Location) },
                Tags: nil
            ),
            [channel.auditResource]
        )
    }

    func deleteChannel(
        _ request: ChannelRequest,
        _ context: OperationContext
    ) async throws -> (EmptyResponse, [AuditResource]) {
        let argument = try Require.present(request.Channel, "channel")
        let reference = try ChannelDocument.Reference(parsing: argument)
        let region = context.region
        let account = accountId
        let channel: ChannelDocument = try await control.write { tx in
            guard let channel = try reference.resolve(in: tx, accountId: account, region: region) else {
                throw Self.channelNotFound(argument)
            }
            try tx.delete(kind: ChannelDocument.kind, id: channel.id)
            return channel
        }
        try await ingestionStatus.remove(channelID: channel.id)
        return (EmptyResponse(), [channel.auditResource])
    }

    func listChannels(
        _ request: ListChannelsRequest,
        _ context: OperationContext
    ) async throws -> (ListChannelsResponse, [AuditResource]) {
        let limit = request.MaxResults ?? 1000
        guard (1...1000).contains(limit) else {
            throw CloudTrailError(.invalidParameter, "MaxResults must be 1 to 1000.")
        }
        var after: String?
        if let token = request.NextToken {
            guard let decoded = PageToken.decodeString(token, kind: "ListChannels") else {
                throw CloudTrailError(.invalidNextToken, "Invalid NextToken.")
            }
            after = decoded
        }
        let account = accountId
        let region = context.region
        let channels: [ChannelDocument] = try await control.read { tx in
            try tx.documents(kind: ChannelDocument.kind).map { try ChannelDocument.decoded($0.value) }
                .filter { $0.accountId == account && $0.region == region }
        }
        let ordered = channels.sorted { $0.arn < $1.arn }.filter { after == nil || $0.arn > after! }
        let page = Array(ordered.prefix(limit))
        let next = ordered.count > limit ? page.last.map { PageToken.encodeString($0.arn, kind: "ListChannels") } : nil
        return (
            ListChannelsResponse(
                Channels: page.map { ChannelSummary(ChannelArn: $0.arn, Name: $0.name) },
                NextToken: next
            ), []
        )
    }
}
