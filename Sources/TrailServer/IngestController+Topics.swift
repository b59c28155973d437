import Foundation
import Hummingbird
import NIOCore
import TrailDelivery
import TrailModel

/// `/v1/topics` (SigV4 service `opentrail`, root only): the notification topics a trail's
/// `SnsTopicName` can name, besides those of the config file.
///
/// - `GET /v1/topics`: every topic, with each subscription's endpoint (never its secret).
/// - `PUT /v1/topics/{name}` with `{"subscriptions": [{"type": "webhook", "url": ..., "secret": ...}]}`:
///   creates or replaces a topic.
/// - `DELETE /v1/topics/{name}`.
///
/// Only webhooks can be subscribed here: a command runs a program on the server, so it can only come from
/// the config file, which only the server's operator writes.
extension IngestController {
    struct TopicInput: Decodable {
        var subscriptions: [Subscription]
    }

    func topicsRequest(
        _ request: Request,
        context: AppRequestContext,
        operation: String,
        _ handle: (TopicDirectory, [UInt8], String) async throws -> Response
    ) async throws -> Response {
        try await adminRequest(request, context: context, operation: operation) { caller, body, requestID in
            guard caller.principal.kind == .root else {
                return Self.nativeError(
                    "AccessDenied",
                    "Only the root principal may manage notification topics.",
                    status: .forbidden,
                    requestID: requestID
                )
            }
            guard let topics else {
                return Self.nativeError(
                    "NotConfigured",
                    "Topics are not available.",
                    status: .serviceUnavailable,
                    requestID: requestID
                )
            }
            do {
                return try await handle(topics, body, requestID)
            } catch let error as NotificationError {
                return Self.nativeError("InvalidParameter", error.reason, status: .badRequest, requestID: requestID)
            }
        }
    }

    func listTopics(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await topicsRequest(request, context: context, operation: "ListTopics") { topics, _, _ in
            let all = try await topics.all()
            let list = JSONValue.array(all.map { describe($0, configured: topics.isConfigured($0.name)) })
            return Self.json(.object([("topics", list)]))
        }
    }

    func putTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        return try await topicsRequest(request, context: context, operation: "PutTopic") { topics, body, requestID in
            try Topic.validateName(name)
            if topics.isConfigured(name) {
                return Self.nativeError(
                    "Conflict",
                    "Topic \(name) is defined in the config file; change it there.",
                    status: .conflict,
                    requestID: requestID
                )
            }
            let input: TopicInput
            do {
                input = try JSONDecoder().decode(TopicInput.self, from: Data(body))
            } catch {
                return Self.nativeError(
                    "InvalidParameter",
                    "The body must be {\"subscriptions\": [{\"type\": \"webhook\", \"url\": ..., \"secret\": ...}]}.",
                    status: .badRequest,
                    requestID: requestID
                )
            }
            for subscription in input.subscriptions {
                if case .command = subscription {
                    return Self.nativeError(
                        "InvalidParameter",
                        "Command subscriptions run programs on the server and can only be defined in the config file.",
                        status: .badRequest,
                        requestID: requestID
                    )
                }
                try subscription.validate()
            }
            let stored = TopicDirectory.Stored(name: name, subscriptions: input.subscriptions)
            try await topics.put(stored)
            return Self.json(describe(stored, configured: false))
        }
    }

    func deleteTopic(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        return try await topicsRequest(request, context: context, operation: "DeleteTopic") { topics, _, requestID in
            if topics.isConfigured(name) {
                return Self.nativeError(
                    "Conflict",
                    "Topic \(name) is defined in the config file; remove it there.",
                    status: .conflict,
                    requestID: requestID
                )
            }
            guard try await topics.delete(named: name) else {
                return Self.nativeError(
                    "NotFound",
                    "Topic \(name) does not exist.",
                    status: .notFound,
                    requestID: requestID
                )
            }
            return Self.json(.object([("deleted", .string(name))]))
        }
    }

    /// A topic as the API shows it: endpoints only, never secrets.
    func describe(_ topic: TopicDirectory.Stored, configured: Bool) -> JSONValue {
        .object([
            ("name", .string(topic.name)),
            ("arn", .string(topicARNPrefix + topic.name)),
            ("source", .string(configured ? "config" : "api")),
            (
                "subscriptions",
                .array(
                    topic.subscriptions.map { subscription in
                        let type: String
                        if case .webhook = subscription { type = "webhook" } else { type = "command" }
                        return .object([
                            ("type", .string(type)), ("endpoint", .string(subscription.endpointDescription)),
                        ])
                    }
                )
            ),
        ])
    }

    static func json(_ value: JSONValue) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: value.serialized))
        )
    }
}
