import Foundation
import Testing
import TrailModel
import TrailServer

@Suite struct LogEventPagingTests {
    /// A FilterLogEvents answer of `count` events numbered from `first`, with `nextToken`.
    static func page(first: Int, count: Int, next: String?) -> JSONValue {
        .object([
            ("events", .array((first..<(first + count)).map { .object([("eventId", .string(String($0)))]) })),
            ("nextToken", next.map(JSONValue.string) ?? .null),
        ])
    }

    @Test func followsTokensToTheLastPage() async throws {
        // Given three pages
        let pages = [
            Self.page(first: 0, count: 2, next: "a"), Self.page(first: 2, count: 0, next: "b"),
            Self.page(first: 2, count: 1, next: nil),
        ]
        var requests: [JSONValue] = []
        var seen: [String] = []

        // When paging without a limit
        let count = try await LookupClient.pageLogEvents(
            .object([("logGroupName", .string("G"))]),
            limit: nil,
            each: { seen.append($0["eventId"]?.stringValue ?? "") },
            fetch: { body in
                requests.append(body)
                return pages[requests.count - 1]
            }
        )

        // Then every page is fetched, each with the previous token
        #expect(count == 3)
        #expect(seen == ["0", "1", "2"])
        #expect(requests.map { $0["nextToken"]?.stringValue } == [nil, "a", "b"])
        #expect(requests.allSatisfy { $0["limit"] == .int(10_000) && $0["logGroupName"] == .string("G") })
    }

    @Test func stopsAtTheLimitAndAsksOnlyForWhatIsLeft() async throws {
        var requests: [JSONValue] = []
        var seen = 0

        let count = try await LookupClient.pageLogEvents(
            .object([]),
            limit: 5,
            each: { _ in seen += 1 },
            fetch: { body in
                requests.append(body)
                return Self.page(first: 0, count: 3, next: "more")
            }
        )

        #expect(count == 5)
        #expect(seen == 5)
        #expect(requests.map { $0["limit"] } == [.int(5), .int(2)])
    }

    @Test func stopsWhenTheServerRepeatsItsToken() async throws {
        var calls = 0

        let count = try await LookupClient.pageLogEvents(
            .object([]),
            limit: nil,
            each: { _ in },
            fetch: { _ in
                calls += 1
                return Self.page(first: 0, count: 1, next: "same")
            }
        )

        #expect(calls == 2)
        #expect(count == 2)
    }

    @Test func anAnswerWithoutEventsIsAnError() async {
        await #expect(throws: LookupClient.ClientError.self) {
            try await LookupClient.pageLogEvents(.object([]), limit: nil, each: { _ in }, fetch: { _ in .object([]) })
        }
    }
}
