import Foundation
import Logging
import TrailDelivery
import TrailModel
import TrailStore

/// The CloudTrail control plane: each operation of the `cloudtrail` API over the stores.
struct CloudTrailService: Sendable {
    let configuration: ServerConfiguration
    let control: any ControlStore
    let log: any EventLog
    let logger: Logger
    let ingestionStatus: IngestionStatusBoard
    /// The digest signing keys `ListPublicKeys` shows.
    var signingKeys: SigningKeyStore? = nil
    /// Where trails deliver: CreateTrail and UpdateTrail check the bucket there.
    var buckets: BucketCheck? = nil

    var accountId: String { configuration.accountId }

    /// Every operation, by name (the part of `X-Amz-Target` after the prefix).
    var operations: [String: Operation] {
        var table: [String: Operation] = [:]
        for operation in trailOperations + tagOperations + selectorOperations + channelOperations + [
            lookupEventsOperation, listPublicKeysOperation,
        ] {
            table[operation.name] = operation
        }
        return table
    }

    // MARK: - Finding trails

    /// Finds the trail a `Name`/`TrailName` argument names, as seen from `region`.
    ///
    /// A name finds the trail of that name homed in `region`, or else a multi-region trail of that name
    /// homed elsewhere (a shadow trail). An ARN finds exactly the trail it names.
    static func resolve(
        _ identifier: TrailIdentifier,
        region: String,
        accountId: String,
        in tx: any ControlTransaction
    ) throws -> TrailDocument {
        switch identifier {
        case .arn(let arn):
            guard arn.accountID == accountId,
                let bytes = try tx.document(
                    kind: TrailDocument.kind,
                    id: TrailDocument.id(region: arn.region, name: arn.name.rawValue)
                )
            else { throw notFound(identifier.description) }
            let trail = try TrailDocument.decoded(bytes)
            guard trail.homeRegion == region || trail.isMultiRegionTrail else { throw notFound(identifier.description) }
            return trail
        case .name(let name):
            if let bytes = try tx.document(
                kind: TrailDocument.kind,
                id: TrailDocument.id(region: region, name: name.rawValue)
            ) {
                return try TrailDocument.decoded(bytes)
            }
            for (_, bytes) in try tx.documents(kind: TrailDocument.kind) {
                let trail = try TrailDocument.decoded(bytes)
                if trail.name == name.rawValue && trail.isMultiRegionTrail { return trail }
            }
            throw notFound(name.rawValue)
        }
    }

    static func notFound(_ what: String) -> CloudTrailError {
        CloudTrailError(.trailNotFound, "Unknown trail: \(what) for the user: \(accountIdPlaceholder)")
    }

    /// AWS's TrailNotFound message names the account; filled in by ``withAccount(_:)``.
    static let accountIdPlaceholder = "{account}"

    /// Every trail visible from `region`: its own trails and multi-region trails homed elsewhere.
    static func visibleTrails(region: String, in tx: any ControlTransaction) throws -> [TrailDocument] {
        try tx.documents(kind: TrailDocument.kind).map { try TrailDocument.decoded($0.value) }
            .filter { $0.homeRegion == region || $0.isMultiRegionTrail }
    }

    /// Reads a trail for a read-only operation.
    func readTrail(_ argument: String?, member: String, context: OperationContext) async throws -> TrailDocument {
        let identifier = try TrailIdentifier(parsing: try Require.present(argument, member))
        let region = context.region
        let account = accountId
        return try await withAccount {
            try await control.read { tx in try Self.resolve(identifier, region: region, accountId: account, in: tx) }
        }
    }

    /// Changes a trail in one transaction. Only the home region may change a trail.
    func modifyTrail<T: Sendable>(
        _ argument: String?,
        member: String,
        context: OperationContext,
        _ change: @escaping @Sendable (inout TrailDocument) throws -> T
    ) async throws -> (TrailDocument, T) {
        let identifier = try TrailIdentifier(parsing: try Require.present(argument, member))
        let region = context.region
        let account = accountId
        return try await withAccount {
            try await control.write { tx in
                var trail = try Self.resolve(identifier, region: region, accountId: account, in: tx)
                guard trail.homeRegion == region else {
                    throw CloudTrailError(
                        .invalidHomeRegion,
                        "This operation must be called from the trail's home region, \(trail.homeRegion)."
                    )
                }
                let result = try change(&trail)
                try trail.save(in: tx)
                return (trail, result)
            }
        }
    }

    /// Fills the account into TrailNotFound messages.
    func withAccount<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CloudTrailError where error.reason.contains(Self.accountIdPlaceholder) {
            throw CloudTrailError(
                error.code,
                error.reason.replacingOccurrences(of: Self.accountIdPlaceholder, with: accountId)
            )
        }
    }
}
