import Foundation
import TrailStore

extension DeliveryPlan {
    /// A plan as the control store holds it.
    package static func decoded(_ bytes: [UInt8]) throws -> DeliveryPlan {
        try JSONDecoder().decode(DeliveryPlan.self, from: Data(bytes))
    }

    /// The stored plan of the trail with `arn`, if any.
    package static func read(arn: String, in tx: any ControlTransaction) throws -> DeliveryPlan? {
        try tx.document(kind: kind, id: arn).map(decoded)
    }

    /// Stores the plan under its trail's ARN.
    package func save(in tx: any ControlTransaction) throws {
        try tx.put(kind: Self.kind, id: arn, value: [UInt8](try JSONEncoder().encode(self)))
    }

    /// Replaces the stored plan with `replacement` (`nil` removes it), but only if the stored plan is still
    /// this one: a trail change recorded meanwhile wins.
    /// - Returns: whether the plan was replaced.
    @discardableResult
    package func replace(with replacement: DeliveryPlan?, in tx: any ControlTransaction) throws -> Bool {
        guard (try? Self.read(arn: arn, in: tx)) == self else { return false }
        if let replacement {
            try replacement.save(in: tx)
        } else {
            try tx.delete(kind: Self.kind, id: arn)
        }
        return true
    }
}
