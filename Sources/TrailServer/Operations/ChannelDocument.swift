import Foundation
import TrailModel

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

    /// The channel id of a `Channel`/`channelArn` argument: a channel ARN of this account, or the bare
    /// id (the ARN's suffix).
    static func id(fromArgument argument: String, accountId: String) throws -> String {
        if !argument.hasPrefix("arn:") {
            guard isValidID(argument) else { throw invalidARN(argument) }
            return argument
        }
        let parts = argument.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[2] == "cloudtrail", parts[5].hasPrefix("channel/") else {
            throw invalidARN(argument)
        }
        let id = String(parts[5].dropFirst("channel/".count))
        guard isValidID(id), parts[4] == accountId || parts[4].isEmpty == false else { throw invalidARN(argument) }
        return id
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
