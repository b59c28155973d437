import Synchronization
import TrailDelivery

/// An ``S3Transport`` that answers with a closure and records every request it was given.
final class ClosureTransport: S3Transport {
    private let handler: @Sendable (S3HTTPRequest, Int) async throws -> S3HTTPResponse
    private let recorded = Mutex<[S3HTTPRequest]>([])

    /// - Parameter handler: Called with each request and its 1-based number.
    init(_ handler: @escaping @Sendable (S3HTTPRequest, Int) async throws -> S3HTTPResponse) {
        self.handler = handler
    }

    var requests: [S3HTTPRequest] { recorded.withLock { $0 } }

    func send(_ request: S3HTTPRequest) async throws -> S3HTTPResponse {
        let number = recorded.withLock { requests in
            requests.append(request)
            return requests.count
        }
        return try await handler(request, number)
    }
}

/// Records the delays a store asked to sleep, without sleeping.
final class RecordingSleeper: Sendable {
    private let recorded = Mutex<[Duration]>([])

    var delays: [Duration] { recorded.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { delay in self.record(delay) }
    }

    private func record(_ delay: Duration) {
        recorded.withLock { $0.append(delay) }
    }
}
