import Foundation
import Testing
import TrailDelivery

@Suite struct TopicTests {
    static let validNames = ["a", "Trail_Topic-1", String(repeating: "x", count: 256), "0123", "__--"]
    static let invalidNames = [
        "", String(repeating: "x", count: 257), "has space", "dot.fifo", "slash/name", "colon:name", "ünicode",
        "arn:aws:sns:us-east-1:111122223333:topic",
    ]

    @Test(arguments: validNames)
    func validTopicNames(name: String) {
        #expect(throws: Never.self) { try Topic.validateName(name) }
    }

    @Test(arguments: invalidNames)
    func invalidTopicNames(name: String) {
        #expect(throws: NotificationError(.invalidTopicName, "")) { try Topic.validateName(name) }
    }

    @Test func topicARN() {
        #expect(
            Topic(name: "t", region: "us-east-1", accountID: "111122223333").arn
                == "arn:aws:sns:us-east-1:111122223333:t"
        )
        #expect(Topic(name: "t", region: "cn-north-1", accountID: "111122223333").arn.hasPrefix("arn:aws-cn:sns:"))
        #expect(
            Topic(name: "t", region: "us-gov-west-1", accountID: "111122223333").arn.hasPrefix("arn:aws-us-gov:sns:")
        )
    }

    static func webhook(_ url: String, secret: String = "a-long-enough-secret") throws -> Subscription {
        .webhook(url: try #require(URL(string: url)), secret: NotificationSecret(secret))
    }

    @Test func subscriptionValidation() throws {
        #expect(throws: Never.self) { try Self.webhook("https://hooks.example.com/path?token=1").validate() }
        #expect(throws: Never.self) { try Self.webhook("http://127.0.0.1:8080/").validate() }
        for url in ["ftp://example.com/", "file:///etc/passwd", "https:///nohost", "mailto:a@example.com"] {
            #expect(throws: NotificationError(.invalidSubscription, ""), "\(url)") {
                try Self.webhook(url).validate()
            }
        }
        #expect(throws: NotificationError(.invalidSubscription, "")) {
            try Self.webhook("https://example.com/", secret: "short").validate()
        }
        #expect(throws: Never.self) { try Subscription.command(path: "/bin/true").validate() }
        #expect(throws: NotificationError(.invalidSubscription, "")) {
            try Subscription.command(path: "bin/true").validate()
        }
        #expect(throws: NotificationError(.invalidSubscription, "")) {
            try Subscription.command(path: "/bin/true", timeoutSeconds: 0).validate()
        }
        #expect(throws: NotificationError(.invalidSubscription, "")) {
            try Subscription.command(path: "/bin/true", environment: ["A=B": "c"]).validate()
        }
        #expect(throws: NotificationError(.invalidSubscription, "")) {
            try Subscription.command(path: "/bin/true", arguments: ["a\u{0}b"]).validate()
        }
        let topic = Topic(
            name: "bad name",
            region: "us-east-1",
            accountID: "111122223333",
            subscriptions: [.command(path: "/bin/true")]
        )
        #expect(throws: NotificationError(.invalidTopicName, "")) { try topic.validate() }
    }

    @Test func codableRoundTrip() throws {
        let topic = Topic(
            name: "trail-topic",
            region: "eu-west-1",
            accountID: "111122223333",
            subscriptions: [
                try Self.webhook("https://hooks.example.com/a?b=c"),
                .command(
                    path: "/usr/bin/logger",
                    arguments: ["-t", "trail"],
                    timeoutSeconds: 5,
                    environment: ["A": "1"]
                ),
            ]
        )
        let data = try JSONEncoder().encode(topic)
        #expect(try JSONDecoder().decode(Topic.self, from: data) == topic)

        let text = #"""
            {"name":"t","region":"us-east-1","accountID":"111122223333","subscriptions":[
              {"type":"webhook","url":"https://example.com/h","secret":"0123456789abcdef0"},
              {"type":"command","path":"/bin/cat"}]}
            """#
        let decoded = try JSONDecoder().decode(Topic.self, from: Data(text.utf8))
        #expect(
            decoded.subscriptions[1] == .command(path: "/bin/cat", arguments: [], timeoutSeconds: 30, environment: [:])
        )
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Subscription.self, from: Data(#"{"type":"email","address":"a"}"#.utf8))
        }
    }

    @Test func secretsAndURLPathsStayOutOfDescriptions() throws {
        let secret = NotificationSecret("super-secret-value-123")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        let subscription = try Self.webhook("https://user:pw@hooks.example.com:8443/services/T0/B0/XYZ?token=abc")
        #expect(subscription.endpointDescription == "https://hooks.example.com:8443")
        for text in ["\(subscription)", String(reflecting: subscription), "\([subscription])"] {
            #expect(!text.contains("pw"), "\(text)")
            #expect(!text.contains("XYZ"), "\(text)")
            #expect(!text.contains("token"), "\(text)")
        }
        let topic = Topic(name: "t", region: "us-east-1", accountID: "111122223333", subscriptions: [subscription])
        #expect(!"\(topic)".contains("XYZ"))
        #expect(
            Subscription.command(path: "/usr/bin/notify", arguments: ["--token", "t0p"]).endpointDescription
                == "command /usr/bin/notify"
        )
    }

    @Test func randomSecretsAreLongAndDistinct() {
        let a = NotificationSecret.random()
        let b = NotificationSecret.random()
        #expect(a.count == 64)
        #expect(a != b)
        #expect(throws: Never.self) {
            try Subscription.webhook(url: URL(string: "https://example.com/")!, secret: a).validate()
        }
    }
}
