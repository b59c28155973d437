import TrailModel

/// The object key of a CloudTrail log file, laid out as CloudTrail lays it out:
///
/// ```
/// [<prefix>/]AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD/
///     <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alphanumerics>.json.gz
/// ```
///
/// Insights files use `CloudTrail-Insight` in place of `CloudTrail`, in the folder and in the file name. The
/// date folders and the timestamp are the UTC delivery time of the file, to the minute; the last part of the
/// name is random and only keeps two files delivered in the same minute apart.
///
/// Parse a key back with ``init(parsing:)``.
package struct LogFileKey: Sendable, Hashable, CustomStringConvertible {
    /// Which kind of log file a key names.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Management, data and network activity events: `CloudTrail/`.
        case events = "CloudTrail"
        /// Insights events: `CloudTrail-Insight/`.
        case insights = "CloudTrail-Insight"
    }

    /// The characters of ``uniqueString``.
    package static let uniqueStringAlphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8
    )
    /// The length of ``uniqueString``.
    package static let uniqueStringLength = 16

    /// The trail's `S3KeyPrefix`, used verbatim; `nil` when the trail has none (an empty prefix counts as none).
    package var prefix: String? {
        didSet { if prefix?.isEmpty == true { prefix = nil } }
    }
    /// The organization ID (`o-...`) of an organization trail, or `nil`.
    package var organizationID: String?
    /// The 12-digit account whose events the file holds.
    package var accountID: String
    /// The region the events were recorded in.
    package var region: String
    /// Log file or Insights file.
    package var kind: Kind
    /// When the file is delivered, in milliseconds since 1970; the key keeps it to the minute.
    package var deliveryTime: Int64
    /// The 16 random letters and digits at the end of the file name.
    package var uniqueString: String

    /// Creates a key from all of its parts.
    ///
    /// - Parameters:
    ///   - prefix: the trail's S3 key prefix; `nil` or empty for none.
    ///   - organizationID: the organization ID of an organization trail.
    ///   - accountID: the 12-digit account ID.
    ///   - region: the region of the events.
    ///   - kind: log file or Insights file.
    ///   - deliveryTime: the delivery time in milliseconds since 1970.
    ///   - uniqueString: 16 letters and digits (see ``makeUniqueString(using:)``).
    package init(
        prefix: String?,
        organizationID: String? = nil,
        accountID: String,
        region: String,
        kind: Kind = .events,
        deliveryTime: Int64,
        uniqueString: String
    ) {
        self.prefix = prefix?.isEmpty == true ? nil : prefix
        self.organizationID = organizationID
        self.accountID = accountID
        self.region = region
        self.kind = kind
        self.deliveryTime = deliveryTime
        self.uniqueString = uniqueString
    }

    /// Creates a key with a random ``uniqueString`` drawn from `generator`.
    ///
    /// - Parameters:
    ///   - prefix: the trail's S3 key prefix; `nil` or empty for none.
    ///   - organizationID: the organization ID of an organization trail.
    ///   - accountID: the 12-digit account ID.
    ///   - region: the region of the events.
    ///   - kind: log file or Insights file.
    ///   - deliveryTime: the delivery time in milliseconds since 1970.
    ///   - generator: the source of randomness (inject a seeded one in tests).
    package init(
        prefix: String?,
        organizationID: String? = nil,
        accountID: String,
        region: String,
        kind: Kind = .events,
        deliveryTime: Int64,
        using generator: inout some RandomNumberGenerator
    ) {
        self.init(
            prefix: prefix,
            organizationID: organizationID,
            accountID: accountID,
            region: region,
            kind: kind,
            deliveryTime: deliveryTime,
            uniqueString: Self.makeUniqueString(using: &generator)
        )
    }

    /// Creates a key with a random ``uniqueString`` from the system's generator.
    ///
    /// - Parameters:
    ///   - prefix: the trail's S3 key prefix; `nil` or empty for none.
    ///   - organizationID: the organization ID of an organization trail.
    ///   - accountID: the 12-digit account ID.
    ///   - region: the region of the events.
    ///   - kind: log file or Insights file.
    ///   - deliveryTime: the delivery time in milliseconds since 1970.
    package init(
        prefix: String?,
        organizationID: String? = nil,
        accountID: String,
        region: String,
        kind: Kind = .events,
        deliveryTime: Int64
    ) {
        var generator = SystemRandomNumberGenerator()
        self.init(
            prefix: prefix,
            organizationID: organizationID,
            accountID: accountID,
            region: region,
            kind: kind,
            deliveryTime: deliveryTime,
            using: &generator
        )
    }

    /// 16 random characters of `[A-Za-z0-9]`, uniformly drawn.
    package static func makeUniqueString(using generator: inout some RandomNumberGenerator) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(uniqueStringLength)
        for _ in 0..<uniqueStringLength {
            bytes.append(uniqueStringAlphabet[Int.random(in: 0..<uniqueStringAlphabet.count, using: &generator)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folder of the file, without a trailing slash:
    /// `[<prefix>/]AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/YYYY/MM/DD`.
    package var folder: String {
        let time = Self.timeParts(deliveryTime)
        var key = ""
        if let prefix {
            key += prefix + "/"
        }
        key += "AWSLogs/"
        if let organizationID {
            key += organizationID + "/"
        }
        key += accountID + "/" + kind.rawValue + "/" + region + "/"
        key += time.year + "/" + time.month + "/" + time.day
        return key
    }

    /// The file name: `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`.
    package var fileName: String {
        let time = Self.timeParts(deliveryTime)
        let stamp = time.year + time.month + time.day + "T" + time.hour + time.minute + "Z"
        return accountID + "_" + kind.rawValue + "_" + region + "_" + stamp + "_" + uniqueString + ".json.gz"
    }

    /// The full object key, without a leading slash.
    package var objectKey: String { folder + "/" + fileName }

    package var description: String { objectKey }

    /// Checks that the parts form a key CloudTrail would write: a 12-digit account, a region of lowercase letters,
    /// digits and hyphens, an organization ID `o-` followed by 10–32 lowercase letters or digits, a unique string
    /// of 16 letters and digits, and a prefix that neither starts with `/` nor contains `//`.
    ///
    /// - Throws: ``LogFileError`` with code ``LogFileError/Code/invalidKey``.
    package func validate() throws(LogFileError) {
        guard Self.isAccountID(Substring(accountID)) else {
            throw .invalidKey("the account ID must be 12 digits")
        }
        guard Self.isRegion(Substring(region)) else {
            throw .invalidKey("the region must be lowercase letters, digits and hyphens")
        }
        if let organizationID, !Self.isOrganizationID(Substring(organizationID)) {
            throw .invalidKey("an organization ID is o- followed by 10 to 32 lowercase letters or digits")
        }
        guard Self.isUniqueString(Substring(uniqueString)) else {
            throw .invalidKey("the unique string must be 16 letters or digits")
        }
        if let prefix, prefix.hasPrefix("/") || prefix.contains("//") {
            throw .invalidKey("the prefix must not start with a slash or contain an empty segment")
        }
    }

    /// The zero-padded UTC calendar parts of a time in milliseconds since 1970.
    static func timeParts(
        _ milliseconds: Int64
    ) -> (year: String, month: String, day: String, hour: String, minute: String, second: String) {
        // EventTime formats `YYYY-MM-DDTHH:MM:SSZ`; the fields sit at fixed offsets from the end.
        let text = Array(EventTime.format(milliseconds: milliseconds).utf8)
        let n = text.count
        func part(_ from: Int, _ to: Int) -> String { String(decoding: text[from..<to], as: UTF8.self) }
        return (
            part(0, n - 16), part(n - 15, n - 13), part(n - 12, n - 10), part(n - 9, n - 7), part(n - 6, n - 4),
            part(n - 3, n - 1)
        )
    }

    static func isAccountID(_ text: Substring) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func isRegion(_ text: Substring) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy { isLowercaseAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    static func isOrganizationID(_ text: Substring) -> Bool {
        guard text.hasPrefix("o-") else { return false }
        let rest = text.utf8.dropFirst(2)
        return (10...32).contains(rest.count) && rest.allSatisfy(isLowercaseAlphanumeric)
    }

    static func isUniqueString(_ text: Substring) -> Bool {
        text.utf8.count == uniqueStringLength && text.utf8.allSatisfy { uniqueStringAlphabet.contains($0) }
    }

    private static func isLowercaseAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
