import Foundation
import Testing
import TrailRules
import TrailTestSupport

/// The CIS AWS Foundations Benchmark monitoring patterns, as Security Hub, cloudposse and prowler publish them,
/// over fixture records written for them and over the CloudTrail samples of `testdata/cloudtrail-logs`.
@Suite(.enabled(if: SharedTestData.isAvailable)) struct CISFilterPatternTests {
    @Test func everyPublishedPatternParses() throws {
        let all =
            try CISPatterns.securityHub() + CISPatterns.cloudposse() + CISPatterns.prowler()
            + CISPatterns.cloudTrailGuide()
        #expect(all.count == 14 + 14 + 1 + 3)
        for entry in all {
            let pattern = try FilterPattern(entry.text)
            #expect(pattern.isJSON, "\(entry.id)")
        }
    }

    @Test(arguments: ["", "detail"])
    func securityHubPatternsOnFixtures(prefix: String) throws {
        let patterns = try CISPatterns.securityHub()
        #expect(patterns.map(\.id) == (1...14).map { "CloudWatch.\($0)" })
        for entry in patterns {
            let pattern = try FilterPattern(entry.text)
            let fixtures = try #require(CISFixtures.byControl[entry.id])
            for record in fixtures.matching {
                #expect(pattern.matches(logEvent(record, prefix: prefix)), "\(entry.id) must count \(record)")
            }
            for record in fixtures.notMatching {
                #expect(!pattern.matches(logEvent(record, prefix: prefix)), "\(entry.id) must not count \(record)")
            }
        }
    }

    /// Each control's fixtures that match are counted by that control only (CloudWatch.1 and .3 overlap on
    /// nothing here: their sign-ins differ in the user type).
    @Test func fixturesAreCountedByTheirControlOnly() throws {
        let patterns = try CISPatterns.securityHub().map { ($0.id, try FilterPattern($0.text)) }
        for (control, fixtures) in CISFixtures.byControl {
            for record in fixtures.matching {
                let counted = patterns.filter { $0.1.matches(logEvent(record)) }.map(\.0)
                #expect(counted == [control], "\(record)")
            }
        }
    }

    /// cloudposse's CIS 1.2 items 3.1 and 3.3 to 3.14 are the Security Hub patterns written differently; 3.2
    /// drops the user-type and success conditions of CloudWatch.3.
    @Test func cloudposseVariantsAgreeWithSecurityHub() throws {
        let hub = Dictionary(
            uniqueKeysWithValues: try CISPatterns.securityHub().map { ($0.id, try FilterPattern($0.text)) }
        )
        let control = [
            "3.1": "CloudWatch.2", "3.3": "CloudWatch.1", "3.4": "CloudWatch.4", "3.5": "CloudWatch.5",
            "3.6": "CloudWatch.6", "3.7": "CloudWatch.7", "3.8": "CloudWatch.8", "3.9": "CloudWatch.9",
            "3.10": "CloudWatch.10", "3.11": "CloudWatch.11", "3.12": "CloudWatch.12", "3.13": "CloudWatch.13",
            "3.14": "CloudWatch.14",
        ]
        for entry in try CISPatterns.cloudposse() {
            let pattern = try FilterPattern(entry.text)
            guard let id = control[entry.id], let same = hub[id] else {
                #expect(entry.id == "3.2")
                #expect(pattern.matches(logEvent(CISFixtures.consoleLogin(identity: CISFixtures.root))))
                #expect(pattern.matches(logEvent(CISFixtures.consoleLogin(result: "Failure"))))
                #expect(!pattern.matches(logEvent(CISFixtures.consoleLogin(mfaUsed: "Yes"))))
                continue
            }
            for record in CISFixtures.all {
                #expect(pattern.matches(logEvent(record)) == same.matches(logEvent(record)), "\(entry.id): \(record)")
            }
        }
    }

    @Test func prowlerOrganizationsPattern() throws {
        let pattern = try FilterPattern(try #require(CISPatterns.prowler().first).text)
        #expect(
            pattern.matches(logEvent(CISFixtures.record("LeaveOrganization", source: "organizations.amazonaws.com")))
        )
        #expect(pattern.matches(logEvent(CISFixtures.record("CreatePolicy", source: "organizations.amazonaws.com"))))
        #expect(!pattern.matches(logEvent(CISFixtures.record("CreatePolicy", source: "iam.amazonaws.com"))))
        #expect(!pattern.matches(logEvent(CISFixtures.record("ListAccounts", source: "organizations.amazonaws.com"))))
    }

    /// What the patterns count among the CloudTrail samples, derived by reading the records
    /// (`awsdocs-user-guide/records.json` by index; the processing library's records use placeholder values
    /// that no pattern names).
    static let expectedOnSamples: [String: Set<String>] = [
        // Root ConsoleLogin x3 (MFA No, MFA YES, failed), EnableMFADevice, PasswordUpdated; none invokedBy.
        "hub/CloudWatch.1": ["records.json#5", "records.json#6", "records.json#7", "records.json#8", "records.json#9"],
        // IAM user console sign-ins without MFA that succeeded.
        "hub/CloudWatch.3": ["records.json#0", "records.json#20"],
        // UpdateTrail (which failed with TrailNotFoundException: the pattern only looks at eventName).
        "hub/CloudWatch.5": ["records.json#17"],
        // Failed console sign-ins (IAM user and root).
        "hub/CloudWatch.6": ["records.json#2", "records.json#7"],
        "cloudposse/3.3": ["records.json#5", "records.json#6", "records.json#7", "records.json#8", "records.json#9"],
        // Any console sign-in whose MFAUsed is not exactly "Yes": "No" and the root sign-in's "YES".
        "cloudposse/3.2": ["records.json#0", "records.json#5", "records.json#6", "records.json#7", "records.json#20"],
        "cloudposse/3.5": ["records.json#17"],
        "cloudposse/3.6": ["records.json#2", "records.json#7"],
        "guide/console-sign-in-failures": ["records.json#2", "records.json#7"],
    ]

    @Test(arguments: ["", "detail"])
    func patternsOnTheCloudTrailSamples(prefix: String) throws {
        var records: [(id: String, event: LogEventView)] = []
        var perFile: [String: Int] = [:]
        for (file, bytes) in try SharedTestData.cloudTrailRecords() {
            let index = perFile[file, default: 0]
            perFile[file] = index + 1
            let flat = try FlatJSON(parsing: bytes, prefix: prefix)
            records.append(("\(file)#\(index)", LogEventView(message: bytes, json: flat)))
        }
        #expect(records.count == 58)
        let patterns =
            try CISPatterns.securityHub().map { ("hub/\($0.id)", $0.text) }
            + CISPatterns.cloudposse().map { ("cloudposse/\($0.id)", $0.text) }
            + CISPatterns.prowler().map { ("prowler/\($0.id)", $0.text) }
            + CISPatterns.cloudTrailGuide().map { ("guide/\($0.id)", $0.text) }
        for (id, text) in patterns {
            let pattern = try FilterPattern(text)
            let matched = Set(records.filter { pattern.matches($0.event) }.map(\.id))
            #expect(matched == Self.expectedOnSamples[id, default: []], "\(id)")
        }
    }
}
