/// Small lexical checks shared by the validators of trail names, ARNs and destinations.
///
/// Everything here is ASCII-only on purpose: the identifiers it checks (partitions, regions, account IDs,
/// bucket and trail names) are ASCII by definition, so a non-ASCII scalar is simply "not allowed".
enum AWSNaming {
    /// The partitions OpenTrail accepts in ARNs.
    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov"]

    /// The number of Unicode scalars in `text`, the unit AWS (and moto, in Python) count lengths in.
    static func length(_ text: String) -> Int {
        text.unicodeScalars.count
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        isASCIILetter(scalar) || isASCIIDigit(scalar)
    }

    static func isLowercaseAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || isASCIIDigit(scalar)
    }

    /// Whether every scalar of `text` satisfies `predicate` (true for the empty string).
    static func all(_ text: some StringProtocol, _ predicate: (Unicode.Scalar) -> Bool) -> Bool {
        text.unicodeScalars.allSatisfy(predicate)
    }

    /// A 12-digit AWS account ID.
    static func isAccountID(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.count == 12 && all(text, isASCIIDigit)
    }

    /// A region code such as `us-east-1`, `us-gov-west-1`, `cn-north-1` or `ap-southeast-5`:
    /// two lowercase letters, one or more lowercase words, then a number, joined by dashes.
    static func isRegion(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let first = parts.first, let last = parts.last else { return false }
        guard first.unicodeScalars.count == 2, all(first, { ("a"..."z").contains($0) }) else { return false }
        guard (1...2).contains(last.unicodeScalars.count), all(last, isASCIIDigit) else { return false }
        return parts.dropFirst().dropLast().allSatisfy { word in
            !word.isEmpty && all(word, { ("a"..."z").contains($0) })
        }
    }

    /// Whether `region` belongs to `partition` (`cn-*` to `aws-cn`, `us-gov-*` to `aws-us-gov`, the rest to `aws`).
    static func region(_ region: some StringProtocol, belongsTo partition: String) -> Bool {
        partition == Self.partition(forRegion: String(region))
    }

    /// The partition a region belongs to.
    static func partition(forRegion region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }

    /// Whether `text` looks like an IPv4 address: four dot-separated groups of one to three digits.
    static func isIPAddressShaped(_ text: some StringProtocol) -> Bool {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        return groups.count == 4
            && groups.allSatisfy { (1...3).contains($0.unicodeScalars.count) && all($0, isASCIIDigit) }
    }

    /// Splits an ARN into its six colon-separated parts; the last part (the resource) keeps any further colons.
    static func arnComponents(_ text: String) -> [Substring]? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        return parts
    }

    /// The parts of an ARN with a known partition, the given service, a region of that partition and an account ID.
    static func regionalARNComponents(_ text: String, service: String) -> [Substring]? {
        guard let parts = arnComponents(text),
            partitions.contains(String(parts[1])),
            parts[2] == service,
            isRegion(parts[3]),
            region(parts[3], belongsTo: String(parts[1])),
            isAccountID(parts[4])
        else { return nil }
        return parts
    }
}
