import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A tiny in-process HTTP server on 127.0.0.1 for webhook targets (the one of TrailDeliveryTests) that records
/// every request and answers with a status chosen per request (by its 0-based position), with an empty body.
final class RuleWebhookServer: Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: HTTPMethod
        var uri: String
        var headers: [String: String]
        var body: [UInt8]
    }

    private let channel: any Channel
    private let log: RuleWebhookRequestLog

    /// The port the server listens on.
    let port: Int

    private init(channel: any Channel, log: RuleWebhookRequestLog, port: Int) {
        self.channel = channel
        self.log = log
        self.port = port
    }

    /// Starts a server; `status` picks the answer to the n-th request.
    static func start(
        status: @escaping @Sendable (Int) -> HTTPResponseStatus = { _ in .ok }
    ) async throws -> RuleWebhookServer {
        let log = RuleWebhookRequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RuleWebhookHandler(log: log, status: status))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw URLError(.cannotConnectToHost)
        }
        return RuleWebhookServer(channel: channel, log: log, port: port)
    }

    /// The requests received so far.
    var requests: [Request] { log.requests }

    /// Stops listening.
    func shutdown() async throws {
        try await channel.close()
    }

    /// A port nothing listens on: bound once, then closed.
    static func closedPort() async throws -> Int {
        let server = try await start()
        let port = server.port
        try await server.shutdown()
        return port
    }
}

private final class RuleWebhookRequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RuleWebhookServer.Request] = []

    var requests: [RuleWebhookServer.Request] { lock.withLock { stored } }

    /// Records a request and returns its 0-based position.
    func record(_ request: RuleWebhookServer.Request) -> Int {
        lock.withLock {
            stored.append(request)
            return stored.count - 1
        }
    }
}

private final class RuleWebhookHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: RuleWebhookRequestLog
    private let status: @Sendable (Int) -> HTTPResponseStatus
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: RuleWebhookRequestLog, status: @escaping @Sendable (Int) -> HTTPResponseStatus) {
        self.log = log
        self.status = status
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body += Array(buffer.readableBytesView)
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers {
                headers[name.lowercased()] = value
            }
            let index = log.record(
                RuleWebhookServer.Request(method: head.method, uri: head.uri, headers: headers, body: body)
            )
            var responseHeaders = HTTPHeaders()
            responseHeaders.add(name: "Content-Length", value: "0")
            let responseHead = HTTPResponseHead(version: head.version, status: status(index), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            self.head = nil
        }
    }
}
