import Foundation
import Testing
import TrailDelivery
import TrailModel
import TrailRules

@Suite struct LogGroupStreamingTests {
    static let stream = "123456789012_CloudTrail_us-east-1"

    @Test func loggingTrailStreamsEachSelectedRecordOnce() async throws {
        // given a log group and a logging trail that names it
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail())
        let engine = try await fixture.startEngine()
        let records = [
            MonitorRecords.make(id: "event-1", eventTime: "2026-11-20T10:15:01Z"),
            MonitorRecords.make(id: "event-2", eventTime: "2026-11-20T10:15:02Z"),
            MonitorRecords.make(id: "event-3", eventTime: "2026-11-20T10:15:03Z"),
        ]
        let sequences = try await fixture.append(records)

        // when the engine makes a pass, then another
        let report = try await engine.step()
        let again = try await engine.step()

        // then each record is in the group once, in the trail's stream, at its event time
        #expect(report.records == 3)
        #expect(report.logEvents == 3)
        #expect(again.records == 0)
        let events = try await fixture.logEvents()
        #expect(events.map(\.message) == records.map(\.bytes))
        #expect(events.map(\.logStreamName) == Array(repeating: Self.stream, count: 3))
        #expect(events.map(\.timestamp) == records.map(\.fields.eventTime))
        #expect(events.allSatisfy { $0.ingestionTime == fixture.clock.milliseconds })
        #expect(
            events.map(\.id)
                == zip(records, sequences).map {
                    LogEventStore.id(group: MonitorFixture.group, timestamp: $0.fields.eventTime, sequence: $1)
                }
        )
    }

    @Test func twoTrailsNamingTheSameGroupStreamARecordOnce() async throws {
        // given two logging trails streaming into the same group
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail("first"))
        try await fixture.recordPlan(MonitorFixture.trail("second"))
        let engine = try await fixture.startEngine()
        try await fixture.append([MonitorRecords.make(id: "event-1")])

        // when the engine passes over a record both select
        let report = try await engine.step()

        // then the group holds it once
        #expect(report.logEvents == 1)
        #expect(try await fixture.logEvents().count == 1)
    }

    @Test func multiRegionTrailStreamsOtherRegionsIntoTheirOwnStreams() async throws {
        // given a single-region trail into one group and a multi-region trail into another
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup("Single")
        try await fixture.createLogGroup("Multi")
        try await fixture.recordPlan(MonitorFixture.trail("single", logGroup: "Single"))
        try await fixture.recordPlan(MonitorFixture.trail("multi", logGroup: "Multi", isMultiRegion: true))
        let engine = try await fixture.startEngine()

        // when a record of another region arrives
        try await fixture.append([MonitorRecords.make(id: "event-eu", region: "eu-west-1")])
        try await engine.step()

        // then only the trail that selects it streams it, in the record's region's stream
        #expect(try await fixture.logEvents("Single").isEmpty)
        let events = try await fixture.logEvents("Multi")
        #expect(events.map(\.logStreamName) == ["123456789012_CloudTrail_eu-west-1"])
    }

    @Test func recordsTheTrailDoesNotSelectAreNotStreamed() async throws {
        // given a trail that selects write events only
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        let selectors = EventSelectorConfiguration.basic([EventSelector(readWriteType: .writeOnly)])
        try await fixture.recordPlan(MonitorFixture.trail(selectors: selectors))
        let engine = try await fixture.startEngine()

        // when a read-only and a write record arrive
        try await fixture.append([
            MonitorRecords.make(id: "read", eventName: "DescribeTrails", readOnly: true),
            MonitorRecords.make(id: "write", eventName: "CreateTrail"),
        ])
        try await engine.step()

        // then only the write record reaches the group
        let events = try await fixture.logEvents()
        #expect(events.count == 1)
        #expect(
            events.first.map { String(decoding: $0.message, as: UTF8.self).contains(#""eventID":"write""#) } == true
        )
    }

    @Test func trailThatIsNotLoggingStreamsNothing() async throws {
        // given a trail with a log group that is not logging
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail(isLogging: false))
        let engine = try await fixture.startEngine()

        // when records arrive
        try await fixture.append([MonitorRecords.make(id: "event-1")])
        let report = try await engine.step()

        // then the group stays empty, and the records are behind the cursor
        #expect(report.records == 1)
        #expect(report.logEvents == 0)
        #expect(try await fixture.logEvents().isEmpty)
    }

    @Test func trailWithoutALogGroupStreamsNothing() async throws {
        // given a group, but a trail that names none
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail(logGroup: nil))
        let engine = try await fixture.startEngine()

        // when records arrive
        try await fixture.append([MonitorRecords.make(id: "event-1")])
        try await engine.step()

        // then the group stays empty
        #expect(try await fixture.logEvents().isEmpty)
    }

    @Test func trailNamingAGroupThatDoesNotExistStreamsNothing() async throws {
        // given a trail naming a group that was never created (and another group that was)
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup("Other")
        try await fixture.recordPlan(MonitorFixture.trail(logGroup: "Missing"))
        let engine = try await fixture.startEngine()

        // when records arrive
        try await fixture.append([MonitorRecords.make(id: "event-1")])
        let report = try await engine.step()

        // then nothing is stored anywhere
        #expect(report.logEvents == 0)
        #expect(try await fixture.logEvents("Missing").isEmpty)
        #expect(try await fixture.logEvents("Other").isEmpty)
    }

    @Test func recordsBeforeTheTrailWasCreatedOrAfterItStoppedAreNotStreamed() async throws {
        // given a running engine and a group, then a record before the trail exists
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        let engine = try await fixture.startEngine()
        try await fixture.append([MonitorRecords.make(id: "before-creation")])
        // then the trail is created, a record arrives, logging stops, another record arrives
        try await fixture.recordPlan(MonitorFixture.trail())
        try await fixture.append([MonitorRecords.make(id: "while-logging")])
        try await fixture.recordPlan(MonitorFixture.trail(isLogging: false))
        try await fixture.append([MonitorRecords.make(id: "after-stop")])

        // when the engine passes over all three in one batch
        let report = try await engine.step()

        // then only the record of the logging period is streamed
        #expect(report.records == 3)
        let messages = try await fixture.logEvents().map { String(decoding: $0.message, as: UTF8.self) }
        #expect(messages.count == 1)
        #expect(messages.first?.contains(#""eventID":"while-logging""#) == true)
    }

    @Test func groupCreatedLaterReceivesOnlyLaterRecords() async throws {
        // given a logging trail naming a group that does not exist yet
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup("Unrelated")
        try await fixture.recordPlan(MonitorFixture.trail())
        let engine = try await fixture.startEngine()
        try await fixture.append([MonitorRecords.make(id: "before-group")])
        try await engine.step()

        // when the group is created and another record arrives
        try await fixture.createLogGroup()
        try await fixture.append([MonitorRecords.make(id: "after-group")])
        try await engine.step()

        // then only the later record is in the group
        let messages = try await fixture.logEvents().map { String(decoding: $0.message, as: UTF8.self) }
        #expect(messages.count == 1)
        #expect(messages.first?.contains(#""eventID":"after-group""#) == true)
    }

    @Test(
        arguments: [
            ("arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Main:*", "CloudTrail/Main"),
            ("arn:aws:logs:us-east-1:123456789012:log-group:CloudTrail/Main", "CloudTrail/Main"),
            ("arn:aws-cn:logs:cn-north-1:123456789012:log-group:a.b_c-d#e:*", "a.b_c-d#e"),
            ("arn:aws:logs:us-east-1:123456789012:log-group::*", nil),
            ("arn:aws:s3:::bucket", nil),
            ("arn:aws:logs:us-east-1:123456789012:destination:CloudTrail/Main", nil),
        ] as [(String, String?)]
    )
    func logGroupNameFromItsARN(arn: String, name: String?) {
        #expect(LogGroup.name(fromARN: arn) == name)
    }
}

@Suite struct StopLoggingStreamingTests {
    @Test(arguments: ["StopLogging", "DeleteTrail"])
    func theCallThatStopsATrailIsStreamedIntoItsGroup(_ call: String) async throws {
        // given a logging trail streaming into a group
        let fixture = try await MonitorFixture()
        defer { fixture.remove() }
        try await fixture.createLogGroup()
        try await fixture.recordPlan(MonitorFixture.trail())
        let engine = try await fixture.startEngine()
        try await fixture.append([MonitorRecords.make(id: "before")])
        // when the trail is stopped (or deleted), and the record of that call follows the change, then others
        try await fixture.recordPlan(
            call == "StopLogging" ? MonitorFixture.trail(isLogging: false) : nil,
            arn: MonitorFixture.trailArn("main")
        )
        try await fixture.append([
            MonitorRecords.make(
                id: "other",
                eventName: "StopLogging",
                extra: #","requestParameters":{"name":"other"}"#
            ),
            MonitorRecords.make(id: "stop", eventName: call, extra: #","requestParameters":{"name":"main"}"#),
            MonitorRecords.make(id: "after", eventName: "CreateUser", eventSource: "iam.amazonaws.com"),
        ])
        try await engine.step()

        // then the group holds the record before and the call that stopped this trail, nothing else
        let ids = try await fixture.logEvents().map { event in
            String(decoding: event.message, as: UTF8.self).contains(#""eventID":"stop""#) ? "stop" : "?"
        }
        #expect(try await fixture.logEvents().count == 2)
        #expect(ids.contains("stop"))
    }
}
