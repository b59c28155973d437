import Foundation
import Logging
import TrailStore

/// The delivery state GetTrailStatus reports for a trail (control kind ``kind``, id the trail's ARN).
package struct DeliveryStatus: Codable, Sendable, Hashable {
    package static let kind = "delivery-status"

    /// When a log file was last delivered.
    package var latestDeliveryTime: Date?
    /// Why the last delivery attempt failed (the object store's error code), or `nil` once one succeeds.
    package var latestDeliveryError: String?
    /// When a delivery was last attempted.
    package var latestDeliveryAttemptTime: Date?
    /// When a notification was last published to every subscriber of the trail's topic.
    package var latestNotificationTime: Date?
    /// Why the last notification failed, or `nil` once one succeeds.
    package var latestNotificationError: String?
    /// When a notification was last attempted.
    package var latestNotificationAttemptTime: Date?
    /// When a digest file was last delivered (log file validation).
    package var latestDigestDeliveryTime: Date?
    /// Why the last digest could not be delivered, or `nil` once one is.
    package var latestDigestDeliveryError: String?

    package init() {}

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }()

    /// The status of the trail with `arn` (empty when nothing was attempted yet).
    package static func read(arn: String, in tx: any ControlTransaction) throws -> DeliveryStatus {
        guard let bytes = try tx.document(kind: kind, id: arn) else { return DeliveryStatus() }
        return try decoder.decode(DeliveryStatus.self, from: Data(bytes))
    }

    /// Changes the status of the trail with `arn` inside `tx`.
    package static func update(
        arn: String,
        in tx: any ControlTransaction,
        _ change: (inout DeliveryStatus) -> Void
    ) throws {
        var status = try read(arn: arn, in: tx)
        change(&status)
        try tx.put(kind: kind, id: arn, value: [UInt8](try encoder.encode(status)))
    }

    /// Changes the status of the trail with `arn` in one control transaction.
    package static func update(
        arn: String,
        in control: any ControlStore,
        _ change: @escaping @Sendable (inout DeliveryStatus) -> Void
    ) async throws {
        try await control.write { tx in try update(arn: arn, in: tx, change) }
    }

    /// ``update(arn:in:_:)`` for delivery and notification, which go on whatever happens to the status: one
    /// that cannot be written is logged, never allowed to lose the file or message it is about.
    package static func record(
        arn: String,
        in control: any ControlStore,
        logger: Logger,
        _ change: @escaping @Sendable (inout DeliveryStatus) -> Void
    ) async {
        do {
            try await update(arn: arn, in: control, change)
        } catch {
            logger.warning(
                "Could not record delivery status",
                metadata: ["trail.arn": "\(arn)", "trail.error": "\(error)"]
            )
        }
    }
}
