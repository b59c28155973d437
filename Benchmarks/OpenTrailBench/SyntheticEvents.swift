import Foundation
import TrailModel

/// A deterministic stream of realistic CloudTrail records for benchmarks.
///
/// Distributions: 200 event names over 20 sources, 50 users with 2 keys each, 60% read-only, one or two
/// resources from 10 types and 10,000 names; event times spread evenly over `days` ending at `end`.
struct SyntheticEvents {
    static let end = EventTime.parseMilliseconds("2026-11-20T00:00:00Z")!
    static let sources = (0..<20).map { "service\($0).amazonaws.com" }
    static let names = (0..<200).map { "Operation\($0)" }
    static let users = (0..<50).map { "user\($0)" }
    static let resourceTypes = (0..<10).map { "AWS::Service\($0)::Thing" }

    var random: SplitMix64
    let count: Int
    let days: Int

    init(count: Int, days: Int = 90, seed: UInt64 = 42) {
        self.random = SplitMix64(seed: seed)
        self.count = count
        self.days = days
    }

    static func accessKey(user: Int, key: Int) -> String {
        "AKIA" + String(format: "%06dBENCH%05d", user, key)
    }

    static func resourceName(_ index: Int) -> String { "arn:aws:service:us-east-1:123456789012:thing/\(index)" }

    /// The `index`-th event ID (a UUID-shaped string derived from the index).
    static func eventID(_ index: Int) -> String {
        var r = SplitMix64(seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let a = r.next()
        let b = r.next()
        let hex = String(format: "%016llx%016llx", a, b)
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }

    /// The record at `index` (index 0 is the oldest).
    mutating func record(_ index: Int) -> EventRecord {
        let span = Int64(days) * 86_400_000
        let time = Self.end - span + Int64(index) * span / Int64(count) + Int64(random.next() % 1000)
        let nameIndex = Int(random.next() % UInt64(Self.names.count))
        let user = Int(random.next() % UInt64(Self.users.count))
        let key = Self.accessKey(user: user, key: Int(random.next() % 2))
        let readOnly = random.next() % 10 < 6
        var resources: [JSONValue] = []
        for _ in 0..<(1 + Int(random.next() % 2)) {
            let type = Self.resourceTypes[Int(random.next() % UInt64(Self.resourceTypes.count))]
            resources.append(
                .object([
                    ("accountId", .string("123456789012")), ("type", .string(type)),
                    ("ARN", .string(Self.resourceName(Int(random.next() % 10_000)))),
                ])
            )
        }
        let id = Self.eventID(index)
        let value = JSONValue.object([
            ("eventVersion", .string("1.11")),
            (
                "userIdentity",
                .object([
                    ("type", .string("IAMUser")), ("principalId", .string("AIDABENCH\(user)")),
                    ("arn", .string("arn:aws:iam::123456789012:user/\(Self.users[user])")),
                    ("accountId", .string("123456789012")), ("accessKeyId", .string(key)),
                    ("userName", .string(Self.users[user])),
                ])
            ),
            ("eventTime", .string(EventTime.format(milliseconds: time))),
            ("eventSource", .string(Self.sources[nameIndex % Self.sources.count])),
            ("eventName", .string(Self.names[nameIndex])),
            ("awsRegion", .string("us-east-1")),
            ("sourceIPAddress", .string("192.0.2.\(user)")),
            ("userAgent", .string("aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64 prompt/off command/bench")),
            ("requestParameters", .object([("thing", .string("value-\(index % 977)")), ("count", .int(index % 13))])),
            ("responseElements", readOnly ? .null : .object([("result", .string("ok"))])),
            ("requestID", .string(Self.eventID(index + 10_000_000))),
            ("eventID", .string(id)),
            ("readOnly", .bool(readOnly)),
            ("resources", .array(resources)),
            ("eventType", .string("AwsApiCall")),
            ("managementEvent", .bool(true)),
            ("recipientAccountId", .string("123456789012")),
            ("eventCategory", .string("Management")),
        ])
        return EventRecord(
            bytes: value.serialized,
            fields: IndexedFields(record: value, fallbackTime: time, fallbackEventID: id)
        )
    }
}

/// A small, fast, deterministic generator.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
