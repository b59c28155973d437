import Foundation

/// Where a trail's digest files are, and how `validate-logs` recognises them:
///
/// ```
/// [<prefix>/]AWSLogs/<account>/CloudTrail-Digest/<source region>/YYYY/MM/DD/
///     <account>_CloudTrail-Digest_<source region>_<trail name>_<home region>_<YYYYMMDDTHHMMSSZ>.json.gz
/// ```
///
/// The stamp is the digest's end time. Backfill digests end in `_<stamp>_backfill.json.gz`.
package struct DigestKeyLayout: Sendable, Hashable {
    /// The key prefix, if any.
    package var prefix: String?
    /// The account in the keys.
    package var accountID: String
    /// The region whose digests these are.
    package var sourceRegion: String
    /// The trail's name.
    package var trailName: String
    /// The trail's home region.
    package var homeRegion: String

    /// Creates a layout.
    package init(prefix: String?, accountID: String, sourceRegion: String, trailName: String, homeRegion: String) {
        self.prefix = prefix?.isEmpty == true ? nil : prefix
        self.accountID = accountID
        self.sourceRegion = sourceRegion
        self.trailName = trailName
        self.homeRegion = homeRegion
    }

    /// The listing prefix: `[<prefix>/]AWSLogs/<account>/CloudTrail-Digest/<source region>` (no trailing
    /// slash, as the AWS CLI lists).
    package var listPrefix: String {
        withPrefix("AWSLogs/\(accountID)/CloudTrail-Digest/\(sourceRegion)")
    }

    /// The key a digest ending at `date` would have.
    package func key(endingAt date: Date) -> String {
        let stamp = ValidationDate.keyStamp(date)
        let day = stamp.prefix(4) + "/" + stamp.dropFirst(4).prefix(2) + "/" + stamp.dropFirst(6).prefix(2)
        return withPrefix(
            "AWSLogs/\(accountID)/CloudTrail-Digest/\(sourceRegion)/\(day)/"
                + "\(accountID)_CloudTrail-Digest_\(sourceRegion)_\(trailName)_\(homeRegion)_\(stamp).json.gz"
        )
    }

    /// Where the listing starts: the key of a digest ending one minute before `start` (exclusive marker).
    package func marker(for start: Date) -> String {
        key(endingAt: start.addingTimeInterval(-60))
    }

    /// Whether `key` is a digest (standard or backfill) of this trail in this region; the AWS CLI's regular
    /// expression `^<prefix>/AWSLogs/<account>/CloudTrail\-Digest/<region>/\d+/\d+/\d+/<account>_CloudTrail\-Digest_<region>_<name>_<home>_.+(?:_backfill)?\.json\.gz$`.
    package func matches(_ key: String) -> Bool {
        guard !key.contains("\n") else { return false }
        let head = listPrefix + "/"
        guard key.hasPrefix(head) else { return false }
        var rest = Substring(key.dropFirst(head.count))
        for _ in 0..<3 {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, rest.dropFirst(digits.count).first == "/" else { return false }
            rest = rest.dropFirst(digits.count + 1)
        }
        let name = "\(accountID)_CloudTrail-Digest_\(sourceRegion)_\(trailName)_\(homeRegion)_"
        let suffix = ".json.gz"
        return rest.hasPrefix(name) && rest.hasSuffix(suffix) && rest.count > name.count + suffix.count
    }

    /// Whether `key` names a backfill digest.
    package static func isBackfill(_ key: String) -> Bool {
        key.hasSuffix("_backfill.json.gz")
    }

    /// The stamp of a digest key as the AWS CLI cuts it: the 16 characters before `.json.gz` (before
    /// `_backfill.json.gz` for a backfill digest).
    package static func stamp(of key: String) -> Substring {
        let characters = Substring(key)
        let (from, to) = isBackfill(key) ? (33, 17) : (24, 8)
        let start = characters.index(characters.endIndex, offsetBy: -from, limitedBy: characters.startIndex)
        let end = characters.index(characters.endIndex, offsetBy: -to, limitedBy: characters.startIndex)
        guard let end else { return "" }
        return characters[(start ?? characters.startIndex)..<end]
    }

    /// The end time a digest key carries, or `nil` when its stamp cannot be read.
    package static func date(of key: String) -> Date? {
        ValidationDate.parseKeyStamp(stamp(of: key))
    }

    private func withPrefix(_ path: String) -> String {
        prefix.map { $0 + "/" + path } ?? path
    }
}
