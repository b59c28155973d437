import Foundation
import Testing
import TrailRules
import TrailTestSupport

@Suite struct CISMonitoringSetTests {
    /// `(control, filterPattern)` of `securityhub_cloudwatch_controls.patterns` in the shared CIS file, in order.
    static func securityHubPatterns() throws -> [(control: String, pattern: String)] {
        guard let url = SharedTestData.url("filter-patterns/cis/cis_metric_filter_patterns.json") else { return [] }
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let hub = root?["securityhub_cloudwatch_controls"] as? [String: Any]
        let patterns = hub?["patterns"] as? [[String: Any]] ?? []
        return patterns.map { ($0["control"] as? String ?? "", $0["filterPattern"] as? String ?? "") }
    }

    @Test func setHasTheFourteenControlsInOrder() {
        let controls = CISMonitoringSet.controls
        #expect(controls.count == 14)
        #expect(controls.map(\.control) == (1...14).map { "CloudWatch.\($0)" })
        #expect(Set(controls.map(\.name)).count == 14)
        #expect(controls.allSatisfy { !$0.title.isEmpty })
    }

    @Test(arguments: CISMonitoringSet.controls)
    func patternCompiles(control: CISMonitoringSet.Control) {
        #expect(throws: Never.self, "\(control.control)") { try FilterPattern(control.filterPattern) }
    }

    @Test func metricFiltersAreValidAndNamedAfterTheControls() throws {
        // when the set's filters are made for a group
        let filters = CISMonitoringSet.metricFilters(
            logGroup: MonitorFixture.group,
            namespace: CISMonitoringSet.defaultNamespace,
            now: 1000
        )

        // then each compiles and counts 1 into CISBenchmark/<name>Count
        #expect(filters.count == 14)
        for (filter, control) in zip(filters, CISMonitoringSet.controls) {
            let compiled = try filter.compiled()
            #expect(filter.filterName == "CIS-" + control.name)
            #expect(filter.filterPattern == control.filterPattern)
            #expect(compiled.metric.namespace.value == "CISBenchmark")
            #expect(compiled.metric.name.value == control.name + "Count")
            #expect(filter.metricValue == "1")
            #expect(filter.logGroupName == MonitorFixture.group)
            #expect(filter.creationTime == 1000)
        }
    }

    @Test(.enabled(if: SharedTestData.isAvailable))
    func patternsAreThoseOfSecurityHub() throws {
        // given the Security Hub patterns of the shared test data
        let published = try Self.securityHubPatterns()

        // then the set has them, control for control, in order
        #expect(published.count == 14)
        #expect(CISMonitoringSet.controls.map(\.control) == published.map(\.control))
        for (control, entry) in zip(CISMonitoringSet.controls, published) {
            #expect(control.filterPattern == entry.pattern, "\(control.control)")
        }
    }
}
