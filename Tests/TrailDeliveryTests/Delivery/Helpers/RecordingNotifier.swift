import Synchronization
import TrailDelivery

/// A ``DeliveryNotifier`` that remembers every file it was told of.
final class RecordingNotifier: DeliveryNotifier {
    struct Call: Sendable, Hashable {
        var trailARN: String
        var topic: String
        var bucket: String
        var key: String
    }

    private let recorded = Mutex<[Call]>([])

    var calls: [Call] { recorded.withLock { $0 } }

    func logFileDelivered(trail: DeliveryTrail, topic: String, bucket: String, key: String) async {
        recorded.withLock { $0.append(Call(trailARN: trail.arn, topic: topic, bucket: bucket, key: key)) }
    }
}
