import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailRules
import TrailStore

@Suite struct MonitorCatalogTests {
    static let metric = try! MetricKey(namespace: "CloudTrailMetrics", name: "Counted")

    static func alarm(_ name: String = "Counted", threshold: Double = 1) -> AlarmDefinition {
        AlarmDefinition(
            name: name,
            metric: metric,
            statistic: .sum,
            period: 300,
            evaluationPeriods: 1,
            threshold: threshold,
            comparisonOperator: .greaterThanOrEqualToThreshold
        )
    }

    static func filter(_ name: String = "Counted", group: String = MonitorFixture.group) -> MetricFilter {
        MetricFilter(
            logGroupName: group,
            filterName: name,
            filterPattern: "{ $.eventName = ConsoleLogin }",
            metricName: "Counted",
            metricNamespace: "CloudTrailMetrics"
        )
    }

    static func rule(_ name: String = "rule", targets: [RuleTarget] = []) -> Rule {
        Rule(name: name, eventPattern: #"{"source": ["aws.s3"]}"#, targets: targets)
    }

    static func topicTarget(_ id: String) -> RuleTarget {
        RuleTarget(id: id, endpoint: .topic("security"))
    }

    /// An alarm's stored document with another state (as the engine would leave it).
    static func inState(_ alarm: StoredAlarm, _ value: AlarmStateValue, at timestamp: Int64) -> StoredAlarm {
        var changed = alarm
        changed.state = AlarmState(
            value: value,
            reason: "set by the test",
            reasonData: nil,
            updatedAt: timestamp,
            transitionedAt: timestamp
        )
        return changed
    }

    // MARK: - Log groups

    @Test func createdLogGroupCanBeReadAndNotCreatedTwice() async throws {
        // given a created group
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let before = try await fixture.catalog.version()
        try await fixture.createLogGroup(retentionInDays: 90)

        // when it is read and created again
        let group = try await fixture.catalog.logGroup(named: MonitorFixture.group)
        let error = await #expect(throws: MonitorError.self) { try await fixture.createLogGroup() }

        // then it is there once, and the definitions' version moved
        #expect(group?.retentionInDays == 90)
        #expect(group?.creationTime == fixture.clock.milliseconds)
        #expect(
            group?.arn(region: "us-east-1", accountID: "123456789012")
                == MonitorFixture.logGroupArn(MonitorFixture.group)
        )
        #expect(error?.code == .resourceAlreadyExists)
        #expect(try await fixture.catalog.version() > before)
    }

    @Test(arguments: ["", "has space", "pipe|name", String(repeating: "a", count: 513)])
    func logGroupWithAnInvalidNameIsRefused(name: String) async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let error = await #expect(throws: MonitorError.self) { try await fixture.createLogGroup(name) }
        #expect(error?.code == .invalidParameter)
    }

    @Test func retentionMustBeACloudWatchValue() async throws {
        // given a group
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()

        // when retention is set to an allowed value, then to another
        try await fixture.catalog.setRetention(group: MonitorFixture.group, days: 30)
        let error = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.setRetention(group: MonitorFixture.group, days: 2)
        }

        // then the allowed value is kept and the other refused
        #expect(error?.code == .invalidParameter)
        #expect(try await fixture.catalog.logGroup(named: MonitorFixture.group)?.retentionInDays == 30)
        let missing = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.setRetention(group: "Missing", days: 30)
        }
        #expect(missing?.code == .resourceNotFound)
    }

    @Test func deletingALogGroupRemovesItsFiltersAndLogEvents() async throws {
        // given two groups with filters and log events
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup("Doomed")
        try await fixture.createLogGroup("Doomed-kept")
        try await fixture.catalog.put(Self.filter("a", group: "Doomed"))
        try await fixture.catalog.put(Self.filter("b", group: "Doomed"))
        try await fixture.catalog.put(Self.filter("c", group: "Doomed-kept"))
        try await fixture.store.write { tx in
            for (index, group) in ["Doomed", "Doomed", "Doomed-kept"].enumerated() {
                try LogEventStore.append(
                    group: group,
                    stream: "s",
                    timestamp: 1000,
                    sequence: Int64(index + 1),
                    ingestionTime: 1000,
                    message: Array("x".utf8),
                    in: tx
                )
            }
        }

        // when one group is deleted
        try await fixture.catalog.deleteLogGroup(named: "Doomed")

        // then it, its filters and its events are gone, and the other group keeps its own
        let snapshot = try await fixture.catalog.snapshot()
        #expect(snapshot.logGroups.map(\.name) == ["Doomed-kept"])
        #expect(snapshot.metricFilters.map(\.filterName) == ["c"])
        #expect(try await fixture.logEvents("Doomed").isEmpty)
        #expect(try await fixture.logEvents("Doomed-kept").count == 1)
        let missing = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.deleteLogGroup(named: "Doomed")
        }
        #expect(missing?.code == .resourceNotFound)
    }

    // MARK: - Metric filters

    @Test func metricFilterNeedsItsGroupAndAValidPattern() async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let noGroup = await #expect(throws: MonitorError.self) { try await fixture.catalog.put(Self.filter()) }
        #expect(noGroup?.code == .resourceNotFound)

        try await fixture.createLogGroup()
        var invalid = Self.filter()
        invalid.filterPattern = "{ $.eventName = "
        let badPattern = await #expect(throws: MonitorError.self) { try await fixture.catalog.put(invalid) }
        #expect(badPattern?.code == .invalidParameter)
    }

    @Test func replacingAMetricFilterKeepsItsCreationTime() async throws {
        // given a filter created at 1000
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        var first = Self.filter()
        first.creationTime = 1000
        try await fixture.catalog.put(first)

        // when it is put again with another pattern
        var second = Self.filter()
        second.creationTime = 2000
        second.filterPattern = "{ $.eventName = CreateTrail }"
        try await fixture.catalog.put(second)

        // then there is one filter, with the new pattern and the first creation time
        let filters = try await fixture.catalog.snapshot().metricFilters
        #expect(filters.count == 1)
        #expect(filters.first?.filterPattern == "{ $.eventName = CreateTrail }")
        #expect(filters.first?.creationTime == 1000)
    }

    // MARK: - Configured definitions

    @Test func configuredDefinitionsRefuseAPIChanges() async throws {
        // given a group, filter, alarm and rule from the config file
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        try await catalog.replaceConfigured(
            logGroups: [LogGroup(name: MonitorFixture.group, creationTime: 1)],
            metricFilters: [Self.filter()],
            alarms: [StoredAlarm(definition: Self.alarm(), createdAt: 1)],
            rules: [Self.rule(targets: [Self.topicTarget("t")])]
        )

        // when the API tries to change or delete each
        let attempts: [(String, @Sendable () async throws -> Void)] = [
            ("CreateLogGroup", { try await fixture.createLogGroup() }),
            ("PutRetentionPolicy", { try await catalog.setRetention(group: MonitorFixture.group, days: 1) }),
            ("DeleteLogGroup", { try await catalog.deleteLogGroup(named: MonitorFixture.group) }),
            ("PutMetricFilter", { try await catalog.put(Self.filter()) }),
            (
                "DeleteMetricFilter",
                { try await catalog.deleteMetricFilter(group: MonitorFixture.group, name: "Counted") }
            ),
            ("PutMetricAlarm", { try await catalog.put(Self.alarm(threshold: 2), now: 2) }),
            ("DeleteAlarms", { try await catalog.deleteAlarms(named: ["Counted"]) }),
            ("PutRule", { try await catalog.put(Self.rule()) }),
            ("DeleteRule", { try await catalog.deleteRule(named: "rule") }),
            ("PutTargets", { try await catalog.putTargets(rule: "rule", [Self.topicTarget("u")]) }),
            ("RemoveTargets", { _ = try await catalog.removeTargets(rule: "rule", ids: ["t"]) }),
        ]
        for (action, attempt) in attempts {
            let error = await #expect(throws: MonitorError.self, "\(action)") { try await attempt() }

            // then each is a conflict
            #expect(error?.code == .conflict, "\(action)")
        }

        // and nothing changed
        let snapshot = try await catalog.snapshot()
        #expect(snapshot.logGroups.map(\.retentionInDays) == [nil])
        #expect(snapshot.metricFilters.count == 1)
        #expect(snapshot.alarms.map(\.definition.threshold) == [1])
        #expect(snapshot.rules.first?.targets.map(\.id) == ["t"])
    }

    @Test func replaceConfiguredRemovesWhatTheFileNoLongerListsAndKeepsAlarmState() async throws {
        // given configured definitions, an API-created group, and a configured alarm in ALARM
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let catalog = fixture.catalog
        try await catalog.replaceConfigured(
            logGroups: [LogGroup(name: "Kept", creationTime: 1), LogGroup(name: "Dropped", creationTime: 1)],
            metricFilters: [Self.filter("kept", group: "Kept"), Self.filter("dropped", group: "Kept")],
            alarms: [
                StoredAlarm(definition: Self.alarm("Kept"), createdAt: 1),
                StoredAlarm(definition: Self.alarm("Dropped"), createdAt: 1),
            ],
            rules: [Self.rule("kept"), Self.rule("dropped")]
        )
        try await fixture.createLogGroup("FromTheAPI")
        try await catalog.put(Self.alarm("FromTheAPI"), now: 1)
        let kept = try #require(try await catalog.alarm(named: "Kept"))
        try await fixture.save(Self.inState(kept, .alarm, at: 5))

        // when the file is applied again with fewer definitions and a changed alarm
        try await catalog.replaceConfigured(
            logGroups: [LogGroup(name: "Kept", creationTime: 9)],
            metricFilters: [Self.filter("kept", group: "Kept")],
            alarms: [StoredAlarm(definition: Self.alarm("Kept", threshold: 7), createdAt: 9)],
            rules: [Self.rule("kept")]
        )

        // then the configured definitions no longer listed are gone, the API's stay
        let snapshot = try await catalog.snapshot()
        #expect(snapshot.logGroups.map(\.name).sorted() == ["FromTheAPI", "Kept"])
        #expect(snapshot.metricFilters.map(\.filterName) == ["kept"])
        #expect(snapshot.alarms.map(\.name).sorted() == ["FromTheAPI", "Kept"])
        #expect(snapshot.rules.map(\.name) == ["kept"])

        // and the kept group and alarm keep what they had: creation time, state
        #expect(snapshot.logGroups.first { $0.name == "Kept" }?.creationTime == 1)
        let alarm = try #require(snapshot.alarms.first { $0.name == "Kept" })
        #expect(alarm.definition.threshold == 7)
        #expect(alarm.state.value == .alarm)
        #expect(alarm.isConfigured)
    }

    @Test func replaceConfiguredRefusesAFilterOfAGroupTheFileDoesNotDefine() async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let error = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.replaceConfigured(
                logGroups: [],
                metricFilters: [Self.filter()],
                alarms: [],
                rules: []
            )
        }
        #expect(error?.code == .invalidParameter)
        #expect(try await fixture.catalog.snapshot().metricFilters.isEmpty)
    }

    // MARK: - Rules

    @Test func ruleHasAtMostFiveTargets() async throws {
        // given a rule with five targets
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.rule())
        try await fixture.catalog.putTargets(rule: "rule", (1...5).map { Self.topicTarget("t\($0)") })

        // when a sixth is added, and when an existing one is replaced
        let error = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.putTargets(rule: "rule", [Self.topicTarget("t6")])
        }
        var replaced = Self.topicTarget("t3")
        replaced.inputPath = "$.detail"
        try await fixture.catalog.putTargets(rule: "rule", [replaced])

        // then the sixth is refused, the replacement is not a sixth
        #expect(error?.code == .limitExceeded)
        let rule = try #require(try await fixture.catalog.rule(named: "rule"))
        #expect(rule.targets.map(\.id) == ["t1", "t2", "t3", "t4", "t5"])
        #expect(rule.targets[2].inputPath == "$.detail")

        // and a rule put with six targets is refused as well
        let six = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.put(Self.rule("six", targets: (1...6).map { Self.topicTarget("t\($0)") }))
        }
        #expect(six?.code == .limitExceeded)
    }

    @Test func puttingARuleAgainKeepsItsTargets() async throws {
        // given a rule with a target
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.rule())
        try await fixture.catalog.putTargets(rule: "rule", [Self.topicTarget("t")])

        // when the rule is put again (PutRule) with another state
        var disabled = Self.rule()
        disabled.state = .disabled
        try await fixture.catalog.put(disabled)

        // then its targets stay
        let rule = try #require(try await fixture.catalog.rule(named: "rule"))
        #expect(rule.state == .disabled)
        #expect(rule.targets.map(\.id) == ["t"])
    }

    @Test func removingTargetsReportsTheMissingOnes() async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.rule())
        try await fixture.catalog.putTargets(rule: "rule", [Self.topicTarget("a"), Self.topicTarget("b")])
        let missing = try await fixture.catalog.removeTargets(rule: "rule", ids: ["a", "zzz"])
        #expect(missing == ["zzz"])
        #expect(try await fixture.catalog.rule(named: "rule")?.targets.map(\.id) == ["b"])
    }

    @Test func ruleWithAnInvalidNameIsRefused() async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        let error = await #expect(throws: MonitorError.self) { try await fixture.catalog.put(Self.rule("bad name")) }
        #expect(error?.code == .invalidParameter)
    }

    // MARK: - Alarms

    @Test func updatingAnAlarmKeepsItsStateAndRecordsTheConfigurationUpdate() async throws {
        // given an alarm created at 1000 that is now in ALARM
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: 1000)
        let created = try #require(try await fixture.catalog.alarm(named: "Counted"))
        #expect(created.state.value == .insufficientData)
        try await fixture.save(Self.inState(created, .alarm, at: 1500))

        // when PutMetricAlarm changes its threshold at 2000
        try await fixture.catalog.put(Self.alarm(threshold: 3), now: 2000)

        // then the new definition has the state the alarm had
        let updated = try #require(try await fixture.catalog.alarm(named: "Counted"))
        #expect(updated.definition.threshold == 3)
        #expect(updated.state.value == .alarm)
        #expect(updated.state.updatedAt == 1500)
        #expect(updated.configurationUpdatedAt == 2000)

        // and the history has the creation and the update, with what changed
        let history = try await fixture.history("Counted")
        #expect(history.map(\.type) == [.configurationUpdate, .configurationUpdate])
        #expect(history.map(\.timestamp) == [1000, 2000])
        #expect(history.last?.summary == #"Alarm "Counted" updated"#)
        let data = try JSONValue(parsing: try #require(history.last?.data))
        #expect(data["type"]?.stringValue == "Update")
        #expect(data["originalUpdatedFields"]?["threshold"] == .number("1"))
        #expect(data["updatedAlarm"]?["stateValue"]?.stringValue == "ALARM")
    }

    @Test func deletingAlarmsIsAllOrNothing() async throws {
        // given one alarm
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.catalog.put(Self.alarm(), now: 1)

        // when it and a missing one are deleted together
        let error = await #expect(throws: MonitorError.self) {
            try await fixture.catalog.deleteAlarms(named: ["Counted", "Missing"])
        }

        // then nothing is deleted
        #expect(error?.code == .resourceNotFound)
        #expect(try await fixture.catalog.alarm(named: "Counted") != nil)
        try await fixture.catalog.deleteAlarms(named: ["Counted"])
        #expect(try await fixture.catalog.alarm(named: "Counted") == nil)
    }

    @Test func invalidAlarmIsRefused() async throws {
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        var invalid = Self.alarm()
        invalid.period = 45
        await #expect(throws: (any Error).self) { try await fixture.catalog.put(invalid, now: 1) }
        #expect(try await fixture.catalog.alarm(named: "Counted") == nil)
    }
}
