import Crypto
import Foundation
import TrailModel

/// Someone who can call OpenTrail: the account's root user or a configured IAM-style user.
struct Principal: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case root
        case user(name: String)
    }

    let kind: Kind
    let accountId: String
    let accessKey: AccessKey

    /// The `userIdentity` of a record made by this principal, as CloudTrail writes it.
    var userIdentity: JSONValue {
        switch kind {
        case .root:
            return .object([
                ("type", .string("Root")),
                ("principalId", .string(accountId)),
                ("arn", .string("arn:aws:iam::\(accountId):root")),
                ("accountId", .string(accountId)),
                ("accessKeyId", .string(accessKey.accessKeyId)),
            ])
        case .user(let name):
            return .object([
                ("type", .string("IAMUser")),
                ("principalId", .string(Self.principalId(accountId: accountId, userName: name))),
                ("arn", .string("arn:aws:iam::\(accountId):user/\(name)")),
                ("accountId", .string(accountId)),
                ("accessKeyId", .string(accessKey.accessKeyId)),
                ("userName", .string(name)),
            ])
        }
    }

    /// A stable IAM-style unique id (`AIDA` + 17 characters) for a user name.
    static func principalId(accountId: String, userName: String) -> String {
        let digest = SHA256.hash(data: Data("\(accountId)/\(userName)".utf8))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return "AIDA" + String(digest.prefix(17).map { alphabet[Int($0) % alphabet.count] })
    }
}

/// The access keys the server accepts, by access key id.
struct PrincipalDirectory: Sendable {
    private let byAccessKeyId: [String: Principal]

    init(configuration: ServerConfiguration, root: AccessKey) {
        var map: [String: Principal] = [:]
        map[root.accessKeyId] = Principal(kind: .root, accountId: configuration.accountId, accessKey: root)
        for user in configuration.principals {
            map[user.accessKeyId] = Principal(
                kind: .user(name: user.userName),
                accountId: configuration.accountId,
                accessKey: AccessKey(accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey)
            )
        }
        self.byAccessKeyId = map
    }

    func principal(accessKeyId: String) -> Principal? { byAccessKeyId[accessKeyId] }
}
