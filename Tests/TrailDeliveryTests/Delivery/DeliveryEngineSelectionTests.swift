import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// Which events a trail delivers (its regions and selectors), and into which file.
@Suite struct DeliveryEngineSelectionTests {
    static let readOnly = EventSelectorConfiguration.basic([
        EventSelector(readWriteType: .readOnly, includeManagementEvents: true, dataResources: [])
    ])

    /// Records in three regions, interleaved, and one without `awsRegion`.
    static let records = [
        DeliveryRecords.make(id: "east-0", region: "us-east-1"),
        DeliveryRecords.make(id: "west-0", region: "us-west-2"),
        DeliveryRecords.make(id: "eu-0", region: "eu-west-1"),
        DeliveryRecords.make(id: "east-1", region: "us-east-1"),
        DeliveryRecords.make(id: "none-0", region: nil),
        DeliveryRecords.make(id: "eu-1", region: "eu-west-1"),
        DeliveryRecords.make(id: "west-1", region: "us-west-2"),
        DeliveryRecords.make(id: "east-2", region: "us-east-1"),
    ]

    static func records(_ ids: [String]) -> [EventRecord] {
        ids.map { id in records.first { $0.fields.eventID == id }! }
    }

    @Test func aSingleRegionTrailDeliversOnlyItsHomeRegion() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail(isMultiRegion: false)
        try await fixture.recordPlan(trail, since: 0)
        let sequences = try await fixture.append(Self.records)

        let report = try await fixture.makeEngine().deliver(force: true)

        let keys = try #require(report.delivered[trail.arn])
        #expect(keys.count == 1)
        let file = try await fixture.file(try #require(keys.first))
        // A record without a region counts as one of the trail's home region.
        #expect(file.json == DeliveredFile.expectedJSON(Self.records(["east-0", "east-1", "none-0", "east-2"])))
        #expect(file.key.contains("/CloudTrail/us-east-1/"))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aMultiRegionTrailDeliversEachRegionIntoItsOwnFile() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail(isMultiRegion: true)
        try await fixture.recordPlan(trail, since: 0)
        let sequences = try await fixture.append(Self.records)

        let report = try await fixture.makeEngine().deliver(force: true)

        let keys = try #require(report.delivered[trail.arn])
        #expect(keys.count == 3)
        var byRegion: [String: [UInt8]] = [:]
        for key in keys {
            let parsed = try #require(LogFileKey(parsing: key))
            #expect(key.contains("/CloudTrail/\(parsed.region)/"))
            #expect(key.contains("_CloudTrail_\(parsed.region)_"))
            byRegion[parsed.region] = try await fixture.file(key).json
        }
        #expect(
            byRegion == [
                "us-east-1": DeliveredFile.expectedJSON(Self.records(["east-0", "east-1", "none-0", "east-2"])),
                "us-west-2": DeliveredFile.expectedJSON(Self.records(["west-0", "west-1"])),
                "eu-west-1": DeliveredFile.expectedJSON(Self.records(["eu-0", "eu-1"])),
            ]
        )
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aReadOnlySelectorDeliversOnlyReadOnlyEvents() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail(selectors: Self.readOnly)
        try await fixture.recordPlan(trail, since: 0)
        let records = (0..<8).map { DeliveryRecords.make(id: "event-\($0)", readOnly: $0.isMultiple(of: 3)) }
        let sequences = try await fixture.append(records)

        try await fixture.makeEngine().deliver(force: true)

        let files = try await fixture.files()
        #expect(files.map(\.json) == [DeliveredFile.expectedJSON(records.filter { $0.fields.readOnly == true })])
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aChangeOfSelectorsHoldsForTheEventsAfterItInTheSameFile() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let all = DeliveryFixture.trail()
        let readOnly = DeliveryFixture.trail(selectors: Self.readOnly)
        try await fixture.recordPlan(all, since: 0)
        let before = (0..<3).map { DeliveryRecords.make(id: "before-\($0)", readOnly: $0 == 1) }
        try await fixture.append(before)
        try await fixture.recordPlan(readOnly)
        let after = (0..<4).map { DeliveryRecords.make(id: "after-\($0)", readOnly: $0.isMultiple(of: 2)) }
        try await fixture.append(after)

        let report = try await fixture.makeEngine().deliver(force: true)

        // Same destination: no reason to cut.
        #expect(report.delivered[all.arn]?.count == 1)
        let expected = before + after.filter { $0.fields.readOnly == true }
        #expect(try await fixture.files().map(\.json) == [DeliveredFile.expectedJSON(expected)])
    }

    @Test func trailsReadTheLogTogetherButKeepTheirOwnCursors() async throws {
        let fixture = try await DeliveryFixture(buckets: ["bucket-a", "bucket-b"])
        defer { fixture.remove() }
        let all = DeliveryFixture.trail("all", bucket: "bucket-a")
        let readOnly = DeliveryFixture.trail("read-only", bucket: "bucket-b", selectors: Self.readOnly)
        try await fixture.recordPlan(all, since: 0)
        let early = (0..<5).map { DeliveryRecords.make(id: "early-\($0)", readOnly: true) }
        try await fixture.append(early)
        let engine = fixture.makeEngine()
        try await engine.deliver(force: true)
        // The second trail is created when the first is already past these events; both are read in one pass.
        try await fixture.recordPlan(readOnly)
        let late = (0..<6).map { DeliveryRecords.make(id: "late-\($0)", readOnly: $0.isMultiple(of: 2)) }
        let sequences = try await fixture.append(late)

        try await engine.deliver(force: true)

        #expect(
            try await fixture.deliveredIDs(in: "bucket-a").sorted() == (early + late).map(\.fields.eventID).sorted()
        )
        let readOnlyFiles = try await fixture.files(in: "bucket-b")
        #expect(readOnlyFiles.map(\.json) == [DeliveredFile.expectedJSON(late.filter { $0.fields.readOnly == true })])
        #expect(try await fixture.cursor(all.arn) == sequences.last)
        #expect(try await fixture.cursor(readOnly.arn) == sequences.last)
    }
}
