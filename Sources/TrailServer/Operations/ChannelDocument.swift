import Foundation
import TrailModel
import TrailStore

/// A channel (CloudTrail Lake's ingestion endpoint for events from outside AWS), as persisted in the
/// control store (kind ``kind``, id = the channel's UUID).
struct ChannelDocument: Codable, Sendable {
    static let kind = "channel"

    /// A destination as given; until event data stores exist, events go to the event log regardless.
    struct Destination: Codable, Sendable, Hashable {
        var `Type`: String?
        var Location: String?
    }

    var id: String
    var name: String
    var region: String
    var accountId: String
    var source: String
    var destinations: [Destination]
    var tags: TagList
    var createdTime: Date

    var arn: String { "arn:\(TrailDocument.partition(region)):cloudtrail:\(region):\(accountId):channel/\(id)" }

    var auditResource: AuditResource { AuditResource(arn: arn, accountId: accountId, type: "AWS::CloudTrail::Channel") }

    func encoded() throws -> [UInt8] { try [UInt8](DocumentCoding.encoder.encode(self)) }
    static func decoded(_ bytes: [UInt8]) throws -> ChannelDocument {
        try DocumentCoding.decoder.decode(ChannelDocument.self, from: Data(bytes))
    }

    /// What a `Channel`/`channelArn` argument names: a channel ARN (id, region and account), or a bare id
    /// (the ARN's suffix), which names a channel of the caller's region.
    struct Reference: Sendable {
        var id: String
        var region: String?
        var accountId: String?

        init(parsing argument: String) throws {
            guard argument.hasPrefix("arn:") else {
                guard ChannelDocument.isValidID(argument) else { throw ChannelDocument.invalidARN(argument) }
                self.id = argument
                return
            }
            let parts = argument.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6, parts[2] == "cloudtrail", parts[5].hasPrefix("channel/"),
                Region.isValid(String(parts[3])), parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit)
            else { throw ChannelDocument.invalidARN(argument) }
            let id = String(parts[5].dropFirst("channel/".count))
            guard ChannelDocument.isValidID(id) else { throw ChannelDocument.invalidARN(argument) }
            self.id = id
            self.region = String(parts[3])
            self.accountId = String(parts[4])
        }

        /// The channel this names, seen from `region` by the owner of `accountId`; `nil` when there is
        /// none (another account's or another region's channel is not found, as in AWS).
        func resolve(
            in tx: any ControlTransaction,
            accountId owner: String,
            region callerRegion: String
        ) throws
            -> ChannelDocument?
        {
            guard let bytes = try tx.document(kind: ChannelDocument.kind, id: id) else { return nil }
            let channel = try ChannelDocument.decoded(bytes)
            guard channel.accountId == owner, channel.accountId == (accountId ?? owner),
                channel.region == (region ?? callerRegion)
            else { return nil }
            return channel
        }
    }

    static func isValidID(_ id: String) -> Bool {
        (1...128).contains(id.count)
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func invalidARN(_ argument: String) -> CloudTrailError {
        CloudTrailError(
            .init("ChannelARNInvalidException"),
            "\(argument.prefix(256)) is not a valid channel ARN or id."
        )
    }
}
