import Foundation

/// What to validate: a trail's digest and log files of one source region between two times, in one bucket.
///
/// Built from the same inputs as `aws cloudtrail validate-logs`: the trail ARN gives the trail's name, home
/// region and (unless ``accountID`` is given) account; the source region is the region whose digests are
/// read (the AWS CLI uses its `--region`).
package struct ValidationConfiguration: Sendable, Hashable {
    /// The trail ARN as given.
    package var trailARN: String
    /// The trail's name: the ARN's text after the last `/`.
    package var trailName: String
    /// The trail's home region: the ARN's fourth field.
    package var homeRegion: String
    /// The account whose files are validated: the ARN's fifth field unless given.
    package var accountID: String
    /// The region whose digests are validated.
    package var sourceRegion: String
    /// Files delivered at or after this time are validated.
    package var startTime: Date
    /// Files delivered at or before this time are validated.
    package var endTime: Date
    /// The bucket the digests are read from.
    package var bucket: String
    /// The key prefix of the trail's files, if any (an empty prefix is none).
    package var prefix: String?
    /// How many objects are read at once; `nil` uses the source's ``ValidationSource/defaultConcurrency``.
    package var concurrency: Int?

    /// Creates a configuration, checking the ARN and the range as the AWS CLI does.
    ///
    /// - Parameters:
    ///   - trailARN: `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`.
    ///   - startTime: The start of the range.
    ///   - endTime: The end of the range.
    ///   - bucket: The bucket of the digests.
    ///   - prefix: The key prefix, if any.
    ///   - accountID: The account, when not the ARN's (organization trails).
    ///   - sourceRegion: The region whose digests to validate.
    ///   - concurrency: How many objects to read at once; `nil` for the source's default.
    /// - Throws: ``LogValidationError/Code/invalidTrailARN`` or ``LogValidationError/Code/invalidTimeRange``.
    package init(
        trailARN: String,
        startTime: Date,
        endTime: Date,
        bucket: String,
        prefix: String? = nil,
        accountID: String? = nil,
        sourceRegion: String,
        concurrency: Int? = nil
    ) throws(LogValidationError) {
        try Self.checkTimeRange(start: startTime, end: endTime)
        try Self.checkTrailARN(trailARN)
        let fields = trailARN.split(separator: ":", omittingEmptySubsequences: false)
        self.trailARN = trailARN
        self.trailName = String(trailARN.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        self.homeRegion = String(fields[3])
        self.accountID = accountID.flatMap { $0.isEmpty ? nil : $0 } ?? String(fields[4])
        self.sourceRegion = sourceRegion
        self.startTime = startTime
        self.endTime = endTime
        self.bucket = bucket
        self.prefix = prefix?.isEmpty == true ? nil : prefix
        self.concurrency = concurrency
    }

    /// The layout of this trail's digest keys.
    package var keyLayout: DigestKeyLayout {
        DigestKeyLayout(
            prefix: prefix,
            accountID: accountID,
            sourceRegion: sourceRegion,
            trailName: trailName,
            homeRegion: homeRegion
        )
    }

    /// Checks an ARN like the AWS CLI: it must begin with `arn:<x>:cloudtrail:<x>:<12 digits>:trail/<x>`.
    ///
    /// - Throws: ``LogValidationError/Code/invalidTrailARN`` (`Invalid trail ARN provided: <arn>`).
    package static func checkTrailARN(_ arn: String) throws(LogValidationError) {
        // The AWS CLI's `re.match(r'arn:.+:cloudtrail:.+:\d{12}:trail/.+')`: anchored at the start only,
        // and `.+` may itself contain colons. Equivalent: some `:cloudtrail:` after a non-empty partition,
        // followed (after a non-empty region) by `:<12 digits>:trail/` and at least one character.
        let text = Array(arn.utf8)
        guard !arn.contains("\n"), text.starts(with: Array("arn:".utf8)) else { throw .invalidTrailARN(arn) }
        let service = Array(":cloudtrail:".utf8)
        let account = Array(":trail/".utf8)
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        for serviceStart in 5..<max(5, text.count) where text[serviceStart...].starts(with: service) {
            let regionStart = serviceStart + service.count
            // `<region>:<12 digits>:trail/<x>` with a non-empty region.
            for colon in (regionStart + 1)..<max(regionStart + 1, text.count) where text[colon] == UInt8(ascii: ":") {
                let digitsEnd = colon + 1 + 12
                guard digitsEnd + account.count < text.count else { continue }
                guard text[(colon + 1)..<digitsEnd].allSatisfy(isDigit) else { continue }
                if text[digitsEnd...].starts(with: account) { return }
            }
        }
        throw .invalidTrailARN(arn)
    }

    /// Checks that the range is not reversed.
    ///
    /// - Throws: ``LogValidationError/Code/invalidTimeRange`` with the AWS CLI's message.
    package static func checkTimeRange(start: Date, end: Date) throws(LogValidationError) {
        guard start <= end else {
            throw LogValidationError(
                .invalidTimeRange,
                "Invalid time range specified: start-time must occur before end-time"
            )
        }
    }
}
