import Foundation
import NIOCore
public import NIOHTTP1
import NIOPosix

/// A tiny in-process HTTP server on 127.0.0.1 that records every request and answers with a status chosen per
/// request (by its 0-based position), with an empty body.
public final class WebhookTestServer: Sendable {
    /// One request as received.
    public struct Request: Sendable {
        public var method: HTTPMethod
        public var uri: String
        public var headers: [String: String]
        public var body: [UInt8]
    }

    private let channel: any Channel
    private let log: RequestLog

    /// The port the server listens on.
    public let port: Int

    private init(channel: any Channel, log: RequestLog, port: Int) {
        self.channel = channel
        self.log = log
        self.port = port
    }

    /// Starts a server; `status` picks the answer to the n-th request.
    public static func start(
        status: @escaping @Sendable (Int) -> HTTPResponseStatus = { _ in .ok }
    ) async throws -> WebhookTestServer {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(RecordingHandler(log: log, status: status))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw URLError(.cannotConnectToHost)
        }
        return WebhookTestServer(channel: channel, log: log, port: port)
    }

    /// The requests received so far.
    public var requests: [Request] { log.requests }

    /// Stops listening.
    public func shutdown() async throws {
        try await channel.close()
    }

    /// A port nothing listens on: bound once, then closed.
    public static func closedPort() async throws -> Int {
        let server = try await start()
        let port = server.port
        try await server.shutdown()
        return port
    }
}

private final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [WebhookTestServer.Request] = []

    var requests: [WebhookTestServer.Request] { lock.withLock { stored } }

    /// Records a request and returns its 0-based position.
    func record(_ request: WebhookTestServer.Request) -> Int {
        lock.withLock {
            stored.append(request)
            return stored.count - 1
        }
    }
}

private final class RecordingHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let log: RequestLog
    private let status: @Sendable (Int) -> HTTPResponseStatus
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(log: RequestLog, status: @escaping @Sendable (Int) -> HTTPResponseStatus) {
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
                WebhookTestServer.Request(method: head.method, uri: head.uri, headers: headers, body: body)
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
