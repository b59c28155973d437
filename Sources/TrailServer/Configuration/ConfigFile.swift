import Foundation
import TrailModel
import Yams

/// The YAML config file of `opentrail serve --config FILE`.
///
/// ```yaml
/// accountId: "123456789012"
/// region: us-east-1
/// principals:
///   - userName: alice
///     accessKeyId: AKIAALICE000000000001
///     secretAccessKey: ...
///     decryptsObjects: true   # may read KMS-encrypted objects through the S3 read API
/// ```
public struct ConfigFile: Sendable, Codable {
    public var hostname: String?
    public var port: Int?
    public var dataDirectory: String?
    public var accountId: String?
    public var region: String?
    public var regions: [String]?
    public var principals: [PrincipalConfiguration]?
    public var maxTrailsPerRegion: Int?
    public var listTrailsPageSize: Int?
    public var authFailureRecordsPerWindow: Int?
    public var authFailureWindowSeconds: Double?
    public var retentionDays: Double?
    public var checkpointIntervalMilliseconds: Int?
    public var objectStore: ObjectStoreSettings?
    public var deliveryWindowSeconds: Double?
    public var topics: [TopicSettings]?
    /// How long one digest file covers, in seconds (default 3600, at least 60).
    public var digestPeriodSeconds: Double?
    /// How long a digest signing key signs before it is rotated, in seconds (default 30 days).
    public var signingKeyRotationSeconds: Double?
    /// A file with the master key that seals digest signing keys (32 bytes, raw or base64).
    public var signingKeyMasterKeyFile: String?
    /// Log groups, metric filters, alarms and rules (`docs/MONITORING.md`).
    public var monitors: MonitorSettings?

    /// Reads and checks a config file.
    /// - Throws: ``ConfigurationError`` naming the file and the problem.
    public static func load(path: String) throws -> ConfigFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError("cannot read config file \(path): \(error.localizedDescription)")
        }
        do {
            return try YAMLDecoder().decode(ConfigFile.self, from: text)
        } catch {
            throw ConfigurationError("config file \(path) is not valid: \(error)")
        }
    }

    /// Applies the file's settings over a configuration (the command line is applied after).
    public func apply(to configuration: inout ServerConfiguration) {
        if let hostname { configuration.hostname = hostname }
        if let port { configuration.port = port }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if let accountId { configuration.accountId = accountId }
        if let region { configuration.region = region }
        if let regions { configuration.regions = regions }
        if let principals { configuration.principals = principals }
        if let maxTrailsPerRegion { configuration.maxTrailsPerRegion = maxTrailsPerRegion }
        if let listTrailsPageSize { configuration.listTrailsPageSize = listTrailsPageSize }
        if let authFailureRecordsPerWindow { configuration.authFailureRecordsPerWindow = authFailureRecordsPerWindow }
        if let authFailureWindowSeconds { configuration.authFailureWindow = authFailureWindowSeconds }
        if let retentionDays { configuration.retention = retentionDays * 86_400 }
        if let checkpointIntervalMilliseconds {
            configuration.checkpointInterval = Double(checkpointIntervalMilliseconds) / 1000
        }
        if let objectStore { configuration.objectStore = objectStore }
        if let deliveryWindowSeconds { configuration.deliveryWindow = deliveryWindowSeconds }
        if let topics { configuration.topics = topics }
        if let digestPeriodSeconds { configuration.digestPeriod = digestPeriodSeconds }
        if let signingKeyRotationSeconds { configuration.signingKeyRotation = signingKeyRotationSeconds }
        if let signingKeyMasterKeyFile { configuration.signingKeyMasterKeyFile = signingKeyMasterKeyFile }
        if let monitors { configuration.monitors = monitors }
    }
}

/// A configuration a server cannot start with.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ServerConfiguration {
    /// Checks what a server cannot run with: account ID shape, region shape, principals.
    public func validate() throws {
        guard accountId.count == 12, accountId.allSatisfy(\.isASCIIDigit) else {
            throw ConfigurationError("accountId must be 12 digits, got '\(accountId)'")
        }
        for name in [region] + regions where !Region.isValid(name) {
            throw ConfigurationError("region '\(name)' is not a region name like us-east-1")
        }
        guard regions.contains(region) else {
            throw ConfigurationError("the default region \(region) must be one of the enabled regions")
        }
        var seen = Set<String>()
        if let root = rootAccessKey { seen.insert(root.accessKeyId) }
        for principal in principals {
            guard AccessKeyRules.isValidId(principal.accessKeyId) else {
                throw ConfigurationError(
                    "principal \(principal.userName): accessKeyId must be 16-128 letters and digits"
                )
            }
            guard principal.secretAccessKey.count >= 16 else {
                throw ConfigurationError(
                    "principal \(principal.userName): secretAccessKey must be at least 16 characters"
                )
            }
            guard !principal.userName.isEmpty, principal.userName.count <= 64 else {
                throw ConfigurationError("principal userName must be 1-64 characters")
            }
            guard seen.insert(principal.accessKeyId).inserted else {
                throw ConfigurationError("access key id \(principal.accessKeyId) is defined twice")
            }
        }
        guard (1...1000).contains(listTrailsPageSize) else {
            throw ConfigurationError("listTrailsPageSize must be 1-1000")
        }
        guard retention >= 3600 else {
            throw ConfigurationError("retention must be at least one hour (retentionDays >= 0.042)")
        }
        guard (0.01...60).contains(checkpointInterval) else {
            throw ConfigurationError("checkpointIntervalMilliseconds must be 10-60000")
        }
        guard deliveryWindow >= 1 else { throw ConfigurationError("deliveryWindowSeconds must be at least 1") }
        guard digestPeriod >= 60 else { throw ConfigurationError("digestPeriodSeconds must be at least 60") }
        guard signingKeyRotation >= 1 else {
            throw ConfigurationError("signingKeyRotationSeconds must be at least 1")
        }
        try objectStore.validate(environment: ProcessInfo.processInfo.environment)
        var topicNames = Set<String>()
        for topic in topics {
            guard topicNames.insert(topic.name).inserted else {
                throw ConfigurationError("topic \(topic.name) is defined twice")
            }
            try topic.validate()
        }
        guard maxTrailsPerRegion >= 1 else { throw ConfigurationError("maxTrailsPerRegion must be at least 1") }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Region names.
enum Region {
    /// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`...
    static func isValid(_ region: String) -> Bool {
        let parts = region.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, region.count <= 32, let last = parts.last, !last.isEmpty,
            last.allSatisfy(\.isASCIIDigit)
        else {
            return false
        }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }
}

/// Access key id rules (as IAM's: 16-128 word characters).
enum AccessKeyRules {
    static func isValidId(_ id: String) -> Bool {
        (16...128).contains(id.count) && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
