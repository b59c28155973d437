/// A named, persisted collection of log events (one per record of the trails that stream into it).
package struct LogGroup: Codable, Sendable, Hashable {
    package static let kind = "log-group"
    /// The retention periods CloudWatch Logs accepts, in days.
    package static let retentionValues: Set<Int> = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
    ]

    package var name: String
    /// Epoch milliseconds.
    package var creationTime: Int64
    /// How long log events are kept; `nil` keeps them forever.
    package var retentionInDays: Int?
    /// Defined in the config file (the API may not change it).
    package var isConfigured: Bool

    package init(name: String, creationTime: Int64, retentionInDays: Int? = nil, isConfigured: Bool = false) {
        self.name = name
        self.creationTime = creationTime
        self.retentionInDays = retentionInDays
        self.isConfigured = isConfigured
    }

    /// The group's ARN as CloudTrail's `CloudWatchLogsLogGroupArn` names it.
    package func arn(region: String, accountID: String) -> String {
        "arn:aws:logs:\(region):\(accountID):log-group:\(name):*"
    }

    /// Checks a name as CloudWatch Logs does: 1–512 of `A-Za-z0-9 . _ - / #`.
    package static func validate(name: String) throws(MonitorError) {
        guard (1...512).contains(name.utf8.count) else {
            throw .invalid("logGroupName must be 1 to 512 characters.")
        }
        let allowed = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"),
                UInt8(ascii: "/"), UInt8(ascii: "#"):
                true
            default: false
            }
        }
        guard allowed else {
            throw .invalid(
                "logGroupName '\(name)' may only contain letters, digits, and the characters . _ - / #."
            )
        }
    }

    /// Checks a retention period.
    package static func validate(retentionInDays: Int?) throws(MonitorError) {
        guard let days = retentionInDays else { return }
        guard retentionValues.contains(days) else {
            throw .invalid(
                "retentionInDays \(days) is not one of \(retentionValues.sorted().map(String.init).joined(separator: ", "))."
            )
        }
    }

    /// The group name in a `CloudWatchLogsLogGroupArn` (`arn:<partition>:logs:<region>:<account>:log-group:<name>[:*]`).
    package static func name(fromARN arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "logs", parts[5] == "log-group" else { return nil }
        var name = parts[6]
        if name.hasSuffix(":*") { name = name.dropLast(2) }
        return name.isEmpty ? nil : String(name)
    }
}
