import TrailModel

extension LogFileKey {
    /// Recognises the object key of a CloudTrail log file or Insights file, or returns `nil`.
    ///
    /// The key is read from its end, so a prefix may hold any segments (even one named `AWSLogs`). The file name
    /// must agree with its folders: the same account, kind and region, and a timestamp on the day of the date
    /// folders. The parsed ``deliveryTime`` is the start of the minute in the file name, so
    /// `LogFileKey(parsing: key)?.objectKey == key` for every key this type writes.
    ///
    /// - Parameter objectKey: an object key, without the bucket and without a leading slash.
    package init?(parsing objectKey: String) {
        let segments = objectKey.split(separator: "/", omittingEmptySubsequences: false)
        // [prefix...] AWSLogs [org] account kind region YYYY MM DD file
        guard segments.count >= 8 else { return nil }
        let n = segments.count
        let fileName = segments[n - 1]
        let (year, month, day) = (segments[n - 4], segments[n - 3], segments[n - 2])
        let region = segments[n - 5]
        guard let kind = Kind(rawValue: String(segments[n - 6])) else { return nil }
        let accountID = segments[n - 7]
        var organizationID: Substring?
        var awsLogsIndex = n - 8
        if segments[awsLogsIndex] != "AWSLogs" {
            guard awsLogsIndex >= 1, segments[awsLogsIndex - 1] == "AWSLogs",
                Self.isOrganizationID(segments[awsLogsIndex])
            else { return nil }
            organizationID = segments[awsLogsIndex]
            awsLogsIndex -= 1
        }
        guard Self.isAccountID(accountID), Self.isRegion(region) else { return nil }
        let prefix = awsLogsIndex == 0 ? nil : segments[..<awsLogsIndex].joined(separator: "/")
        if let prefix, prefix.isEmpty { return nil }

        guard let name = Self.parseFileName(fileName, kind: kind, accountID: accountID, region: region) else {
            return nil
        }
        guard year.utf8.count == 4, month.utf8.count == 2, day.utf8.count == 2,
            name.stamp.hasPrefix(year + month + day),
            let time = EventTime.parseMilliseconds(
                "\(year)-\(month)-\(day)T\(name.stamp.dropFirst(9).prefix(2)):\(name.stamp.dropFirst(11).prefix(2)):00Z"
            )
        else { return nil }

        self.init(
            prefix: prefix,
            organizationID: organizationID.map(String.init),
            accountID: String(accountID),
            region: String(region),
            kind: kind,
            deliveryTime: time,
            uniqueString: String(name.uniqueString)
        )
    }

    /// Splits `<account>_<kind>_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz`, checking it names the same account,
    /// kind and region as the folders. Returns the stamp without its `Z` (`YYYYMMDDTHHmm`) and the unique string.
    private static func parseFileName(
        _ fileName: Substring,
        kind: Kind,
        accountID: Substring,
        region: Substring
    ) -> (stamp: Substring, uniqueString: Substring)? {
        let head = "\(accountID)_\(kind.rawValue)_\(region)_"
        let tail = ".json.gz"
        guard fileName.hasPrefix(head), fileName.hasSuffix(tail) else { return nil }
        let middle = fileName.dropFirst(head.count).dropLast(tail.count)
        // YYYYMMDDTHHmmZ_ + 16 characters
        let parts = middle.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let stamp = parts[0]
        let bytes = Array(stamp.utf8)
        guard bytes.count == 14, bytes[8] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: "Z"),
            bytes[0..<8].allSatisfy(isDigit), bytes[9..<13].allSatisfy(isDigit),
            isUniqueString(parts[1])
        else { return nil }
        return (stamp.dropLast(), parts[1])
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
