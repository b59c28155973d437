import Foundation
import TrailDelivery
import TrailModel
import TrailStore

extension TrailDocument {
    /// What delivery needs of the trail.
    var deliveryTrail: DeliveryTrail {
        DeliveryTrail(
            arn: arn,
            name: name,
            homeRegion: homeRegion,
            accountID: accountId,
            bucket: s3BucketName,
            prefix: s3KeyPrefix,
            isMultiRegion: isMultiRegionTrail,
            selectors: selectors ?? .default,
            kmsKeyID: kmsKeyId,
            snsTopicName: snsTopicName,
            isLogging: isLogging,
            validatesLogFiles: logFileValidationEnabled,
            logGroupArn: cloudWatchLogsLogGroupArn
        )
    }

    /// Saves the trail, and the delivery settings that hold for the events after this change.
    func save(in tx: any ControlTransaction) throws {
        try tx.put(kind: Self.kind, id: id, value: try encoded())
        try Self.recordDelivery(deliveryTrail, arn: arn, in: tx)
    }

    /// Deletes the trail; events after the deletion are not delivered, those before still are.
    func delete(in tx: any ControlTransaction) throws {
        try tx.delete(kind: Self.kind, id: id)
        try Self.recordDelivery(nil, arn: arn, in: tx)
    }

    static func recordDelivery(_ trail: DeliveryTrail?, arn: String, in tx: any ControlTransaction) throws {
        var plan = try DeliveryPlan.read(arn: arn, in: tx) ?? DeliveryPlan(arn: arn)
        // A change that delivery does not see (tags, insight selectors) needs no version.
        guard plan.versions.last?.trail != trail || plan.versions.isEmpty else { return }
        plan.record(trail, since: try tx.latestSequence())
        try plan.save(in: tx)
    }
}
