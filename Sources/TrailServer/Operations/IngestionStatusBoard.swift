import Foundation
import ServiceLifecycle
import TrailStore

/// The latest ingestion attempt and success per channel, as GetChannel's `IngestionStatus` reports.
///
/// Kept in memory and written to the control store at most once a second per channel (and when the
/// server shuts down), so that it survives restarts without adding a transaction to every
/// PutAuditEvents.
actor IngestionStatusBoard {
    static let kind = "channel-ingestion"
    /// The least time between two writes of one channel's status.
    static let persistInterval: TimeInterval = 1

    private let control: any ControlStore
    private var statuses: [String: IngestionStatusShape] = [:]
    private var unsaved: Set<String> = []
    private var lastSaved: [String: Date] = [:]

    init(control: any ControlStore) {
        self.control = control
    }

    func status(of channelID: String) async throws -> IngestionStatusShape {
        if let status = statuses[channelID] { return status }
        let stored: IngestionStatusShape? = try await control.read { tx in
            try tx.document(kind: Self.kind, id: channelID).flatMap {
                try? DocumentCoding.decoder.decode(IngestionStatusShape.self, from: Data($0))
            }
        }
        if let stored { statuses[channelID] = stored }
        return stored ?? IngestionStatusShape()
    }

    func recordAttempt(channelID: String, time: Date, lastEventID: String?, errorCode: String?) async throws {
        var status = try await status(of: channelID)
        status.LatestIngestionAttemptTime = time
        if let lastEventID { status.LatestIngestionAttemptEventID = lastEventID }
        if let errorCode {
            status.LatestIngestionErrorCode = errorCode
        } else {
            status.LatestIngestionSuccessTime = time
            status.LatestIngestionSuccessEventID = lastEventID
        }
        statuses[channelID] = status
        unsaved.insert(channelID)
        if time.timeIntervalSince(lastSaved[channelID] ?? .distantPast) >= Self.persistInterval {
            lastSaved[channelID] = time
            try await save([channelID])
        }
    }

    /// Writes every status not yet saved.
    func flush() async throws {
        try await save(Array(unsaved))
    }

    /// Forgets a deleted channel's status.
    func remove(channelID: String) async throws {
        statuses[channelID] = nil
        unsaved.remove(channelID)
        try await control.write { tx in _ = try tx.delete(kind: Self.kind, id: channelID) }
    }

    private func save(_ channelIDs: [String]) async throws {
        let documents = try channelIDs.compactMap { id -> (String, [UInt8])? in
            guard let status = statuses[id] else { return nil }
            return (id, [UInt8](try DocumentCoding.encoder.encode(status)))
        }
        guard !documents.isEmpty else { return }
        for id in channelIDs { unsaved.remove(id) }
        try await control.write { tx in
            for (id, value) in documents { try tx.put(kind: Self.kind, id: id, value: value) }
        }
    }
}

/// Saves the ingestion statuses still in memory when the server shuts down.
struct IngestionStatusFlushService: Service {
    let board: IngestionStatusBoard

    func run() async throws {
        try? await gracefulShutdown()
        try await board.flush()
    }
}
