import Foundation

/// The latest ingestion attempt and success per channel, as GetChannel's `IngestionStatus` reports.
///
/// Kept in memory: it describes the running server's recent traffic, and writing it to the control
/// store on every PutAuditEvents would double the writes of ingestion.
actor IngestionStatusBoard {
    private var statuses: [String: IngestionStatusShape] = [:]

    func status(of channelID: String) -> IngestionStatusShape {
        statuses[channelID] ?? IngestionStatusShape()
    }

    func recordAttempt(channelID: String, time: Date, lastEventID: String?, errorCode: String?) {
        var status = statuses[channelID] ?? IngestionStatusShape()
        status.LatestIngestionAttemptTime = time
        if let lastEventID { status.LatestIngestionAttemptEventID = lastEventID }
        if let errorCode {
            status.LatestIngestionErrorCode = errorCode
        } else {
            status.LatestIngestionSuccessTime = time
            status.LatestIngestionSuccessEventID = lastEventID
        }
        statuses[channelID] = status
    }
}
