import Foundation
import TrailTestSupport

/// The CIS monitoring filter patterns of `testdata/filter-patterns` (read there, not copied).
enum CISPatterns {
    /// One published pattern, with the name tests refer to it by.
    struct Entry: Sendable {
        let id: String
        let text: String
    }

    /// The 14 patterns of the Security Hub controls CloudWatch.1 to CloudWatch.14, by control.
    static func securityHub() throws -> [Entry] {
        let root = try document()
        let hub = root["securityhub_cloudwatch_controls"] as? [String: Any]
        let patterns = hub?["patterns"] as? [[String: Any]] ?? []
        return patterns.compactMap { pattern in
            guard let id = pattern["control"] as? String, let text = pattern["filterPattern"] as? String else {
                return nil
            }
            return Entry(id: id, text: text)
        }
    }

    /// The cloudposse CIS 1.2 patterns, by CIS item (`3.1` to `3.14`).
    static func cloudposse() throws -> [Entry] {
        let root = try document()
        let set = root["cloudposse_cis_v1_2"] as? [String: Any]
        let patterns = set?["patterns"] as? [[String: Any]] ?? []
        return patterns.compactMap { pattern in
            guard let id = pattern["cis_v1_2_item"] as? String, let text = pattern["filterPattern"] as? String else {
                return nil
            }
            return Entry(id: id, text: text)
        }
    }

    /// The prowler AWS Organizations pattern.
    static func prowler() throws -> [Entry] {
        let root = try document()
        guard let set = root["prowler_organizations_changes"] as? [String: Any],
            let text = set["filterPattern"] as? String
        else { return [] }
        return [Entry(id: "prowler-organizations", text: text)]
    }

    /// The CloudTrail user guide's alarm examples.
    static func cloudTrailGuide() throws -> [Entry] {
        guard let url = SharedTestData.url("filter-patterns/awsdocs/cloudwatch_alarms_for_cloudtrail_patterns.json")
        else { return [] }
        let list = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
        return list.compactMap { item in
            guard let name = item["name"] as? String, let text = item["filterPattern"] as? String else { return nil }
            return Entry(id: name, text: text)
        }
    }

    private static func document() throws -> [String: Any] {
        guard let url = SharedTestData.url("filter-patterns/cis/cis_metric_filter_patterns.json") else { return [:] }
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }
}
