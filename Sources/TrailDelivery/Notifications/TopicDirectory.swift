import Foundation
import TrailStore

/// The topics a trail's `SnsTopicName` can name: those of the config file (fixed) and those created
/// through the `/v1/topics` API (control kind ``kind``, id the topic name).
package struct TopicDirectory: Sendable {
    package static let kind = "topic"

    /// One stored topic: its name and subscriptions (secrets included; never served back).
    package struct Stored: Codable, Sendable, Hashable {
        package var name: String
        package var subscriptions: [Subscription]

        package init(name: String, subscriptions: [Subscription]) {
            self.name = name
            self.subscriptions = subscriptions
        }
    }

    let configured: [Stored]
    let control: any ControlStore

    package init(configured: [Stored], control: any ControlStore) {
        self.configured = configured
        self.control = control
    }

    /// Whether the config file defines a topic of that name (the API may not change it).
    package func isConfigured(_ name: String) -> Bool {
        configured.contains { $0.name == name }
    }

    /// The topic a trail's `SnsTopicName` (a name or an SNS ARN) refers to, in the trail's account and region.
    package func topic(_ reference: String, for trail: DeliveryTrail) async -> Topic? {
        let name = reference.split(separator: ":").last.map(String.init) ?? reference
        guard let stored = await self.stored(named: name) else { return nil }
        return Topic(
            name: stored.name,
            region: trail.homeRegion,
            accountID: trail.accountID,
            subscriptions: stored.subscriptions
        )
    }

    package func stored(named name: String) async -> Stored? {
        if let topic = configured.first(where: { $0.name == name }) { return topic }
        let bytes = try? await control.read { tx in try tx.document(kind: Self.kind, id: name) }
        return bytes.flatMap { $0 }.flatMap { try? JSONDecoder().decode(Stored.self, from: Data($0)) }
    }

    /// Every topic, the config file's first.
    package func all() async throws -> [Stored] {
        let documents = try await control.read { tx in try tx.documents(kind: Self.kind) }
        let stored = try documents.map { try JSONDecoder().decode(Stored.self, from: Data($0.value)) }
        return configured + stored.filter { !isConfigured($0.name) }
    }

    package func put(_ topic: Stored) async throws {
        let bytes = [UInt8](try JSONEncoder().encode(topic))
        try await control.write { tx in try tx.put(kind: Self.kind, id: topic.name, value: bytes) }
    }

    @discardableResult
    package func delete(named name: String) async throws -> Bool {
        try await control.write { tx in try tx.delete(kind: Self.kind, id: name) }
    }
}
