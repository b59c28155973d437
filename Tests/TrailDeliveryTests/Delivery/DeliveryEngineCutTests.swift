import Testing
import TrailDelivery
import TrailModel
import TrailStore

/// When the engine cuts a trail's open file: before it would pass its size cap, and once its window has passed.
@Suite struct DeliveryEngineCutTests {
    @Test func theSizeCapSplitsTheEventsIntoSeveralFilesInOrder() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let records = (0..<12).map {
            DeliveryRecords.make(id: "event-\($0)", padding: DeliveryRecords.noise(100, seed: UInt64($0)))
        }
        let sequences = try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)
        let cap = 3_000
        let engine = fixture.makeEngine(configuration: DeliveryFixture.configuration(maximumCompressedBytes: cap))

        let report = try await engine.deliver(force: true)

        let keys = try #require(report.delivered[trail.arn])
        #expect(keys.count > 1)
        #expect(keys.count < records.count, "the cap leaves room for more than one record per file")
        var delivered: [EventRecord] = []
        for key in keys {
            let file = try await fixture.file(key)
            #expect(file.compressedSize <= cap, "\(key) is \(file.compressedSize) bytes")
            let contents = Array(records[delivered.count..<delivered.count + file.records.count])
            #expect(file.json == DeliveredFile.expectedJSON(contents))
            delivered += contents
        }
        #expect(delivered.map(\.fields.eventID) == records.map(\.fields.eventID))
        #expect(try await fixture.files().count == keys.count)
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aRecordLargerThanTheCapGetsAFileOfItsOwn() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let records = [
            DeliveryRecords.make(id: "small-0"),
            DeliveryRecords.make(id: "large", padding: DeliveryRecords.noise(4_000, seed: 7)),
            DeliveryRecords.make(id: "small-1"),
        ]
        let sequences = try await fixture.append(records)
        try await fixture.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(configuration: DeliveryFixture.configuration(maximumCompressedBytes: 2_000))

        let report = try await engine.deliver(force: true)

        #expect(report.failures.isEmpty)
        let keys = try #require(report.delivered[trail.arn])
        var contents: [[String]] = []
        for key in keys {
            contents.append(try await fixture.file(key).eventIDs)
        }
        #expect(contents == [["small-0"], ["large"], ["small-1"]])
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }

    @Test func aFileIsCutOnceItsWindowHasPassed() async throws {
        let fixture = try await DeliveryFixture()
        defer { fixture.remove() }
        let trail = DeliveryFixture.trail()
        let early = DeliveryRecords.make(count: 3, prefix: "early")
        try await fixture.append(early)
        try await fixture.recordPlan(trail, since: 0)
        let engine = fixture.makeEngine(configuration: DeliveryFixture.configuration(window: .seconds(1)))

        let opened = try await engine.deliver()
        #expect(opened.delivered.isEmpty)
        #expect(try await engine.deliver().delivered.isEmpty, "the window has not passed yet")
        #expect(try await fixture.files().isEmpty)
        #expect(try await fixture.cursor(trail.arn) == 0)

        try await Task.sleep(for: .milliseconds(1_100))
        let late = DeliveryRecords.make(count: 2, prefix: "late")
        let sequences = try await fixture.append(late)
        let report = try await engine.deliver()

        // The events read in the pass that cuts the file go into it.
        let key = try #require(report.delivered[trail.arn]?.first)
        #expect(report.delivered[trail.arn]?.count == 1)
        #expect(try await fixture.file(key).json == DeliveredFile.expectedJSON(early + late))
        #expect(try await fixture.cursor(trail.arn) == sequences.last)
    }
}
