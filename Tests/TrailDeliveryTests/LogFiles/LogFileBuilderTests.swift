import CompressNIO
import Crypto
import NIOCore
import Testing
import TrailDelivery
import TrailModel

@Suite struct LogFileBuilderTests {
    /// A record as the event log holds it.
    static func record(_ index: Int, padding: String = "") -> [UInt8] {
        Array(
            #"{"eventVersion":"1.11","eventID":"id-\#(index)","eventName":"Get\#(index)","note":"\#(padding)"}"#.utf8
        )
    }

    /// What the builder must produce for these records, byte for byte.
    static func expectedJSON(_ records: [[UInt8]]) -> [UInt8] {
        var out = Array(#"{"Records":["#.utf8)
        for (index, record) in records.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += record
        }
        out += Array("]}".utf8)
        return out
    }

    static func gunzip(_ file: LogFile) throws -> [UInt8] {
        var compressed = file.compressed
        let uncompressed = try compressed.decompress(with: .gzip)
        return Array(uncompressed.readableBytesView)
    }

    @Test func producesGzippedRecordsInOrder() throws {
        let records = (0..<5).map { Self.record($0) }
        let builder = try LogFileBuilder()
        for (index, record) in records.enumerated() {
            try builder.append(record, eventTime: 1_700_000_000_000 + Int64(index) * 1000)
        }
        let file = try #require(try builder.finish())

        #expect(Array(file.compressed.readableBytesView.prefix(2)) == [0x1F, 0x8B])
        let json = try Self.gunzip(file)
        #expect(json == Self.expectedJSON(records))
        #expect(file.recordCount == 5)
        #expect(file.uncompressedByteCount == json.count)

        let value = try JSONValue(parsing: json)
        guard case .array(let parsed)? = value["Records"] else {
            Issue.record("no Records array")
            return
        }
        #expect(parsed.count == 5)
        #expect(parsed.map { $0["eventID"]?.stringValue } == (0..<5).map { "id-\($0)" })
    }

    @Test func hashIsSHA256OfTheUncompressedFile() throws {
        let builder = try LogFileBuilder()
        for index in 0..<100 {
            try builder.append(Self.record(index), eventTime: 0)
        }
        let file = try #require(try builder.finish())
        let json = try Self.gunzip(file)
        #expect(file.uncompressedSHA256 == HexText.encode(SHA256.hash(data: json)))
        #expect(file.uncompressedSHA256?.utf8.count == 64)
    }

    @Test func recordsAreCopiedVerbatim() throws {
        // Whitespace, escapes and member order stay as they are; nothing is re-encoded.
        let records: [[UInt8]] = [
            Array(" {\"b\": 1,  \"a\" : \"\\u00e9\\/\"}\n".utf8),
            Array("{\"eventID\":\"x\",\"nested\":{\"k\":[1,2.50,true,null]}}".utf8),
            Array("{}".utf8),
        ]
        let builder = try LogFileBuilder()
        for record in records {
            try builder.append(record, eventTime: 5)
        }
        let file = try #require(try builder.finish())
        #expect(try Self.gunzip(file) == Self.expectedJSON(records))
    }

    @Test func tracksOldestAndNewestEventTimes() throws {
        let builder = try LogFileBuilder()
        for time in [Int64(5_000), 1_000, 9_000, 3_000] {
            try builder.append(Self.record(Int(time)), eventTime: time)
        }
        #expect(builder.oldestEventTime == 1_000)
        #expect(builder.newestEventTime == 9_000)
        let file = try #require(try builder.finish())
        #expect(file.oldestEventTime == 1_000)
        #expect(file.newestEventTime == 9_000)
    }

    @Test func emptyBuilderProducesNothing() throws {
        let builder = try LogFileBuilder()
        #expect(builder.isEmpty)
        #expect(builder.size == .empty)
        #expect(try builder.finish() == nil)
        #expect(try builder.finish() == nil)
    }

    @Test func rejectsNonObjectsAndKeepsTheFile() throws {
        let builder = try LogFileBuilder()
        try builder.append(Self.record(1), eventTime: 1)
        for bad in ["[1,2]", "\"text\"", "", "   ", "{\"open\":1", "42"] {
            #expect(throws: LogFileError.invalidRecord("")) {
                try builder.append(Array(bad.utf8), eventTime: 2)
            }
        }
        #expect(builder.recordCount == 1)
        try builder.append(Self.record(2), eventTime: 3)
        let file = try #require(try builder.finish())
        #expect(try Self.gunzip(file) == Self.expectedJSON([Self.record(1), Self.record(2)]))
        #expect(file.newestEventTime == 3)
    }

    @Test func builderIsReusableAfterFinish() throws {
        let builder = try LogFileBuilder()
        try builder.append(Self.record(1), eventTime: 10)
        let first = try #require(try builder.finish())
        #expect(builder.isEmpty)
        #expect(builder.oldestEventTime == nil)
        try builder.append(Self.record(2), eventTime: 20)
        try builder.append(Self.record(3), eventTime: 30)
        let second = try #require(try builder.finish())
        #expect(try Self.gunzip(first) == Self.expectedJSON([Self.record(1)]))
        #expect(try Self.gunzip(second) == Self.expectedJSON([Self.record(2), Self.record(3)]))
        #expect(second.oldestEventTime == 20)
        #expect(first.uncompressedSHA256 != second.uncompressedSHA256)
    }

    @Test func resetDropsTheFile() throws {
        let builder = try LogFileBuilder()
        try builder.append(Self.record(1), eventTime: 10)
        try builder.reset()
        #expect(try builder.finish() == nil)
        try builder.append(Self.record(2), eventTime: 20)
        let file = try #require(try builder.finish())
        #expect(try Self.gunzip(file) == Self.expectedJSON([Self.record(2)]))
    }

    @Test func appendsEventRecords() throws {
        let record = EventRecord(
            bytes: Self.record(7),
            fields: IndexedFields(
                record: try JSONValue(parsing: Self.record(7)),
                fallbackTime: 1_234,
                fallbackEventID: "id-7"
            )
        )
        let builder = try LogFileBuilder()
        try builder.append(record)
        let file = try #require(try builder.finish())
        #expect(file.oldestEventTime == 1_234)
        #expect(try Self.gunzip(file) == Self.expectedJSON([Self.record(7)]))
    }

    /// Several megabytes of records, half of them random (incompressible) text: the file still round-trips, and
    /// the builder's upper bound of the compressed size never falls below what finishing produces.
    @Test func largeFileStreamsAndUpperBoundHolds() throws {
        var generator = SplitMix64(seed: 99)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let builder = try LogFileBuilder()
        var records: [[UInt8]] = []
        var bounds: [Int] = []
        var lastCompressed = 0
        for index in 0..<6_000 {
            let padding: String
            if index % 2 == 0 {
                let count = Int.random(in: 100...1_500, using: &generator)
                padding = String(
                    decoding: (0..<count).map { _ in alphabet[Int.random(in: 0..<64, using: &generator)] },
                    as: UTF8.self
                )
            } else {
                padding = String(repeating: "repetitive ", count: 40)
            }
            let record = Self.record(index, padding: padding)
            records.append(record)
            try builder.append(record, eventTime: Int64(index))
            let size = builder.size
            #expect(size.compressedBytes >= lastCompressed)
            #expect(size.compressedBytesUpperBound >= size.compressedBytes)
            lastCompressed = size.compressedBytes
            bounds.append(size.compressedBytesUpperBound)
        }
        let uncompressedBeforeFinish = builder.uncompressedByteCount
        let file = try #require(try builder.finish())
        #expect(file.compressedByteCount <= bounds.last ?? 0)
        #expect(file.uncompressedByteCount == uncompressedBeforeFinish + 2)
        let json = try Self.gunzip(file)
        #expect(json == Self.expectedJSON(records))
        #expect(file.uncompressedSHA256 == HexText.encode(SHA256.hash(data: json)))
        #expect(file.compressedByteCount < file.uncompressedByteCount)
    }

    /// The bound holds after every record, not only the last: finishing a copy of the stream at each point is
    /// too slow, so check a sample of prefixes with fresh builders.
    @Test(arguments: [1, 2, 3, 10, 57, 400])
    func upperBoundHoldsAtEveryLength(count: Int) throws {
        var generator = SplitMix64(seed: UInt64(count))
        let builder = try LogFileBuilder()
        for index in 0..<count {
            let random = (0..<Int.random(in: 0...3_000, using: &generator)).map { _ in
                UInt8.random(in: UInt8(ascii: "a")...UInt8(ascii: "z"), using: &generator)
            }
            try builder.append(Self.record(index, padding: String(decoding: random, as: UTF8.self)), eventTime: 0)
        }
        let bound = builder.size.compressedBytesUpperBound
        let file = try #require(try builder.finish())
        #expect(file.compressedByteCount <= bound)
    }
}
