import Foundation
import Logging
import NIOHTTP1
import Testing
import TrailDelivery
import TrailTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct NotificationPublisherTests {
    static let secret = NotificationSecret("webhook-secret-for-tests")
    static let notification = DeliveryNotification(
        s3Bucket: "trail-bucket",
        s3ObjectKeys: ["AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/a.json.gz", "b.json.gz"]
    )

    static func publisher(
        attempts: Int = 3,
        webhookTimeout: Duration = .seconds(5),
        grace: Duration = .milliseconds(500)
    ) -> NotificationPublisher {
        NotificationPublisher(
            configuration: .init(
                webhookTimeout: webhookTimeout,
                maximumAttempts: attempts,
                initialBackoff: .milliseconds(10),
                maximumBackoff: .milliseconds(40),
                commandTerminationGrace: grace
            ),
            logger: Logger(label: "test.notifications")
        )
    }

    static func topic(_ subscriptions: [Subscription]) -> Topic {
        Topic(name: "trail-topic", region: "us-east-1", accountID: "111122223333", subscriptions: subscriptions)
    }

    static func webhook(port: Int, path: String = "/hooks/T000/secret-path-token") -> Subscription {
        .webhook(url: URL(string: "http://127.0.0.1:\(port)\(path)?token=query-token")!, secret: secret)
    }

    static func temporaryPath(_ name: String) -> String {
        URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "opentrail-test-\(name)-\(UUID().uuidString)"
        )
        .path
    }

    // MARK: Webhooks

    @Test func webhookGetsASignedEnvelope() async throws {
        let server = try await WebhookTestServer.start()
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([Self.webhook(port: server.port)])
        )
        try await server.shutdown()

        let result = try #require(results.first)
        #expect(result.isDelivered)
        #expect(result.attempts == 1)
        #expect(result.failureMessage == nil)
        let request = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(request.method == .POST)
        #expect(request.uri == "/hooks/T000/secret-path-token?token=query-token")
        #expect(request.headers["x-amz-sns-message-type"] == "Notification")
        #expect(request.headers["x-amz-sns-topic-arn"] == "arn:aws:sns:us-east-1:111122223333:trail-topic")
        #expect(request.headers["content-type"] == "text/plain; charset=UTF-8")
        #expect(request.headers["x-opentrail-timestamp"] != nil)

        let envelope = try SNSEnvelope.verify(
            body: request.body,
            headers: request.headers,
            secret: Self.secret,
            maximumAge: .seconds(60)
        )
        #expect(envelope.topicARN == "arn:aws:sns:us-east-1:111122223333:trail-topic")
        #expect(request.headers["x-amz-sns-message-id"] == envelope.messageID)
        #expect(try DeliveryNotification(message: envelope.message) == Self.notification)
        #expect(!String(decoding: request.body, as: UTF8.self).contains("webhook-secret-for-tests"))
    }

    @Test func webhookIsRetriedAfterA5xx() async throws {
        let server = try await WebhookTestServer.start { $0 == 0 ? .serviceUnavailable : .noContent }
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([Self.webhook(port: server.port)])
        )
        try await server.shutdown()
        let result = try #require(results.first)
        #expect(result.isDelivered)
        #expect(result.attempts == 2)
        // Both attempts carry the same message.
        let ids = server.requests.map { $0.headers["x-amz-sns-message-id"] }
        #expect(ids.count == 2 && ids[0] == ids[1])
    }

    @Test func webhookThatKeepsFailingReportsTheLastStatus() async throws {
        let server = try await WebhookTestServer.start { _ in .internalServerError }
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([Self.webhook(port: server.port)])
        )
        try await server.shutdown()
        let result = try #require(results.first)
        #expect(!result.isDelivered)
        #expect(result.attempts == 3)
        #expect(server.requests.count == 3)
        #expect(result.error?.code == .webhookFailed)
        #expect(result.failureMessage?.contains("HTTP 500") == true)
    }

    @Test func webhook4xxIsNotRetried() async throws {
        let server = try await WebhookTestServer.start { _ in .forbidden }
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([Self.webhook(port: server.port)])
        )
        try await server.shutdown()
        let result = try #require(results.first)
        #expect(result.attempts == 1)
        #expect(server.requests.count == 1)
        #expect(result.error?.code == .webhookFailed)
    }

    @Test func closedPortFailsAfterRetriesWithoutLeakingSecrets() async throws {
        let port = try await WebhookTestServer.closedPort()
        let start = ContinuousClock.now
        let results = await Self.publisher(webhookTimeout: .milliseconds(300))
            .publish(Self.notification, to: Self.topic([Self.webhook(port: port)]))
        let result = try #require(results.first)
        #expect(!result.isDelivered)
        #expect(result.attempts == 3)
        #expect(result.error?.code == .webhookFailed)
        #expect(ContinuousClock.now - start < .seconds(10))
        let message = try #require(result.failureMessage)
        #expect(message.hasPrefix("http://127.0.0.1:\(port)"))
        for leak in ["webhook-secret-for-tests", "secret-path-token", "query-token"] {
            #expect(!message.contains(leak), "\(message)")
            #expect(!(result.error?.description.contains(leak) ?? false))
        }
    }

    // MARK: Commands

    @Test func commandReadsTheEnvelopeOnStandardInput() async throws {
        let output = Self.temporaryPath("stdin")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let subscription = Subscription.command(path: "/bin/sh", arguments: ["-c", "cat > \"$1\"", "sh", output])
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([subscription]),
            subject: "delivery"
        )
        let result = try #require(results.first)
        #expect(result.isDelivered, "\(result.failureMessage ?? "")")
        let envelope = try SNSEnvelope(parsing: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
        #expect(envelope.type == "Notification")
        #expect(envelope.subject == "delivery")
        #expect(envelope.signature == nil)
        #expect(try DeliveryNotification(message: envelope.message) == Self.notification)
    }

    @Test func commandGetsOnlyItsOwnEnvironment() async throws {
        let output = Self.temporaryPath("env")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let subscription = Subscription.command(
            path: "/usr/bin/env",
            arguments: [],
            environment: ["TRAIL_OUTPUT": "yes"]
        )
        // `env` prints to standard output, which goes nowhere; use a shell to capture it instead.
        let capture = Subscription.command(
            path: "/bin/sh",
            arguments: ["-c", "env > \"$1\"", "sh", output],
            environment: ["TRAIL_OUTPUT": "yes"]
        )
        let results = await Self.publisher().publish(Self.notification, to: Self.topic([subscription, capture]))
        #expect(results.allSatisfy { $0.isDelivered })
        let variables = Set(
            try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
                .compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) }
        )
        #expect(variables.contains("PATH"))
        #expect(variables.contains("TRAIL_OUTPUT"))
        #expect(variables.contains("OPENTRAIL_SNS_MESSAGE_ID"))
        #expect(variables.contains("OPENTRAIL_SNS_TOPIC_ARN"))
        // Nothing of the parent's environment (the shell itself may add PWD, SHLVL and _).
        let parent = Set(ProcessInfo.processInfo.environment.keys).subtracting(["PATH", "PWD", "SHLVL", "_"])
        #expect(variables.isDisjoint(with: parent), "\(variables.intersection(parent))")
    }

    @Test func failingCommandReportsItsStatusAndTheStartOfStandardError() async throws {
        // 100 KB of standard error: more than a pipe holds, so it must be drained while the command runs.
        let subscription = Subscription.command(
            path: "/bin/sh",
            arguments: ["-c", "echo 'bucket is gone' >&2; head -c 100000 /dev/zero | tr '\\0' x >&2; exit 3"]
        )
        let results = await Self.publisher(attempts: 2).publish(Self.notification, to: Self.topic([subscription]))
        let result = try #require(results.first)
        #expect(!result.isDelivered)
        #expect(result.attempts == 2)
        #expect(result.error?.code == .commandFailed)
        let reason = try #require(result.error?.reason)
        #expect(reason.contains("exited with status 3"))
        #expect(reason.contains("bucket is gone"))
        #expect(reason.utf8.count < 4096 + 200)
    }

    @Test func commandPastItsTimeoutIsKilledWithItsChildren() async throws {
        let pidFile = Self.temporaryPath("pid")
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        // The shell starts a child in the background and waits for it: the group has two processes.
        let subscription = Subscription.command(
            path: "/bin/sh",
            arguments: ["-c", "sleep 30 & echo $! > \"$1\"; wait", "sh", pidFile],
            timeoutSeconds: 1
        )
        let start = ContinuousClock.now
        let results = await Self.publisher(attempts: 1).publish(Self.notification, to: Self.topic([subscription]))
        let elapsed = ContinuousClock.now - start
        let result = try #require(results.first)
        #expect(!result.isDelivered)
        #expect(result.error?.code == .commandTimedOut)
        #expect(result.error?.reason.contains("was killed") == true)
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(5))
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let child = try #require(Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // The background child was killed with the shell's process group.
        var childGone = false
        for _ in 0..<50 {
            if Self.hasEnded(child) {
                childGone = true
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(childGone)
    }

    /// Whether a process has ended: it no longer exists, or it is a zombie (an orphan waits for its reaper, and
    /// PID 1 of a container may never reap it).
    static func hasEnded(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        #else
        return false
        #endif
    }

    @Test func commandThatIgnoresSIGTERMIsKilled() async throws {
        let subscription = Subscription.command(
            path: "/bin/sh",
            arguments: ["-c", "trap '' TERM; sleep 30; true"],
            timeoutSeconds: 1
        )
        let start = ContinuousClock.now
        let results = await Self.publisher(attempts: 1, grace: .milliseconds(200))
            .publish(Self.notification, to: Self.topic([subscription]))
        #expect(results.first?.error?.code == .commandTimedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func missingCommandIsNotRetried() async throws {
        let results = await Self.publisher().publish(
            Self.notification,
            to: Self.topic([.command(path: "/nonexistent/opentrail-notify")])
        )
        let result = try #require(results.first)
        #expect(result.attempts == 1)
        #expect(result.error?.code == .commandFailed)
        #expect(result.failureMessage?.hasPrefix("command /nonexistent/opentrail-notify: ") == true)
    }

    // MARK: Fan-out

    @Test func everySubscriptionGetsItsOwnResultInOrder() async throws {
        let server = try await WebhookTestServer.start()
        let closed = try await WebhookTestServer.closedPort()
        let subscriptions: [Subscription] = [
            .command(path: "/bin/true"),
            Self.webhook(port: closed),
            Self.webhook(port: server.port),
            .command(path: "relative/path"),
            .command(path: "/bin/false"),
        ]
        let results = await Self.publisher(attempts: 2, webhookTimeout: .milliseconds(300))
            .publish(Self.notification, to: Self.topic(subscriptions))
        try await server.shutdown()
        #expect(results.map(\.subscriptionIndex) == [0, 1, 2, 3, 4])
        #expect(results.map(\.isDelivered) == [true, false, true, false, false])
        #expect(results.map(\.attempts) == [1, 2, 1, 0, 2])
        #expect(results[3].error?.code == .invalidSubscription)
        #expect(results.map(\.endpoint)[0] == "command /bin/true")
    }

    @Test func publishingToNoSubscriptionsDoesNothing() async {
        let results = await Self.publisher().publish(Self.notification, to: Self.topic([]))
        #expect(results.isEmpty)
    }
}
