import TrailModel

/// The object key of a CloudTrail digest file:
///
/// ```
/// [<prefix>/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/
///     <account>_CloudTrail-Digest_<region>_<trail-name>_<home-region>_<YYYYMMDDTHHMMSSZ>.json.gz
/// ```
///
/// The date folders and the timestamp are the digest's end time, to the second.
package struct DigestFileKey: Sendable, Hashable, CustomStringConvertible {
    package var prefix: String?
    package var accountID: String
    /// The region whose log files the digest lists.
    package var region: String
    package var trailName: String
    package var homeRegion: String
    /// The digest's end time, in milliseconds since 1970; the key keeps it to the second.
    package var endTime: Int64

    package init(
        prefix: String?,
        accountID: String,
        region: String,
        trailName: String,
        homeRegion: String,
        endTime: Int64
    ) {
        self.prefix = prefix?.isEmpty == true ? nil : prefix
        self.accountID = accountID
        self.region = region
        self.trailName = trailName
        self.homeRegion = homeRegion
        self.endTime = endTime
    }

    /// The full object key, without a leading slash.
    package var objectKey: String {
        let time = LogFileKey.timeParts(endTime)
        let stamp = time.year + time.month + time.day + "T" + time.hour + time.minute + time.second + "Z"
        var key = prefix.map { $0 + "/" } ?? ""
        key += "AWSLogs/\(accountID)/CloudTrail-Digest/\(region)/\(time.year)/\(time.month)/\(time.day)/"
        key += "\(accountID)_CloudTrail-Digest_\(region)_\(trailName)_\(homeRegion)_\(stamp).json.gz"
        return key
    }

    package var description: String { objectKey }
}
