/// The `Range` header of `GetObject` and `HeadObject`, as S3 reads it: one `bytes=first-last`,
/// `bytes=first-` or `bytes=-suffixLength` range; anything else (another unit, several ranges, a
/// malformed or backwards range) is ignored and the whole object is served.
enum S3ByteRange {
    /// The byte offsets of an object of `size` bytes that a `Range` header selects.
    ///
    /// - Parameters:
    ///   - header: The `Range` header, if any.
    ///   - size: The object's size.
    /// - Returns: The offsets, or `nil` to serve the whole object.
    /// - Throws: ``S3APIError`` `InvalidRange` when the range is well-formed but selects nothing.
    static func resolve(_ header: String?, size: Int) throws(S3APIError) -> Range<Int>? {
        guard let header else { return nil }
        let trimmed = trimmingSpaces(header[...])
        guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].lowercased() == "bytes" else { return nil }
        let spec = trimmingSpaces(trimmed[trimmed.index(after: equals)...])
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let firstText = trimmingSpaces(spec[..<dash])
        let lastText = trimmingSpaces(spec[spec.index(after: dash)...])
        guard firstText.allSatisfy(\.isASCIIDigit), lastText.allSatisfy(\.isASCIIDigit) else { return nil }

        if firstText.isEmpty {
            // A suffix: the last n bytes.
            guard !lastText.isEmpty else { return nil }
            let length = saturatingInt(lastText)
            guard length > 0, size > 0 else { throw unsatisfiable(header, size: size) }
            return (size - min(length, size))..<size
        }
        let first = saturatingInt(firstText)
        var last = Int.max
        if !lastText.isEmpty {
            last = saturatingInt(lastText)
            guard last >= first else { return nil }
        }
        guard first < size else { throw unsatisfiable(header, size: size) }
        return first..<(min(last, size - 1) + 1)
    }

    /// The `Content-Range` of a partial answer.
    static func contentRange(_ range: Range<Int>, size: Int) -> String {
        "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)"
    }

    private static func unsatisfiable(_ header: String, size: Int) -> S3APIError {
        S3APIError(
            .invalidRange,
            "The requested range is not satisfiable",
            details: [("RangeRequested", String(header.prefix(200))), ("ActualObjectSize", String(size))]
        )
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmingSpaces(_ text: Substring) -> Substring {
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        let end = text.lastIndex { $0 != " " && $0 != "\t" }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }

    /// The decimal value of `digits`, or `Int.max` when it does not fit.
    private static func saturatingInt(_ digits: some StringProtocol) -> Int {
        Int(digits) ?? Int.max
    }
}
