import ArgumentParser
import Foundation
import TrailModel
import TrailServer

struct Lookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Search event history (LookupEvents) of a running OpenTrail, as a table or JSON lines.",
        discussion: """
            Examples:
              opentrail lookup --attribute EventName=CreateTrail
              opentrail lookup --attribute Username=alice --start-time 2026-11-20T00:00:00Z --output json
            Attributes: EventId, EventName, ReadOnly, Username, ResourceType, ResourceName, EventSource, AccessKeyId.
            """
    )

    @OptionGroup var connection: ClientOptions

    @Option(help: "One lookup attribute, KEY=VALUE.")
    var attribute: String?

    @Option(name: .customLong("start-time"), help: "Earliest event time, ISO 8601 (e.g. 2026-11-20T00:00:00Z).")
    var startTime: String?

    @Option(name: .customLong("end-time"), help: "Latest event time, ISO 8601.")
    var endTime: String?

    @Option(help: "At most this many events (all pages).")
    var max: Int = 50

    @Flag(help: "Insights events instead of management events.")
    var insights = false

    @Option(help: "table or json (one JSON object per line).")
    var output: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument {
        case table, json
    }

    func run() async throws {
        guard max >= 1 else { throw ValidationError("--max must be at least 1") }
        let client = try connection.client()
        var request = LookupClient.Request(region: connection.region, insights: insights)
        if let attribute {
            guard let eq = attribute.firstIndex(of: "="), eq != attribute.startIndex else {
                throw ValidationError("--attribute must be KEY=VALUE, e.g. EventName=CreateTrail")
            }
            request.attribute = (String(attribute[..<eq]), String(attribute[attribute.index(after: eq)...]))
        }
        request.startTime = try startTime.map { try Self.parseTime($0, option: "--start-time") }
        request.endTime = try endTime.map { try Self.parseTime($0, option: "--end-time") }
        var printed = 0
        var rows: [[String]] = []
        // Failures from here on are about the server, not the command line: no usage text.
        try await client.lookup(request, max: max) { event in
            switch output {
            case .json:
                print(event.jsonLine)
            case .table:
                rows.append(event.tableRow)
            }
            printed += 1
        }
        if output == .table {
            print(LookupClient.Event.renderTable(rows))
            print("\(printed) event\(printed == 1 ? "" : "s")")
        }
    }

    static func parseTime(_ text: String, option: String) throws -> Date {
        if let ms = EventTime.parseMilliseconds(text) { return Date(timeIntervalSince1970: Double(ms) / 1000) }
        throw ValidationError("\(option): cannot read '\(text)'; use ISO 8601 like 2026-11-20T13:00:00Z")
    }
}
