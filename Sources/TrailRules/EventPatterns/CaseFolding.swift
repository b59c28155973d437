/// The case folding of `equals-ignore-case` and its prefix, suffix and anything-but forms.
///
/// Both a pattern's text and an event's value are folded and then compared bytewise. ASCII text (nearly
/// every CloudTrail value) is lowercased byte by byte; other text with Unicode's lowercase mapping, which
/// is what event-ruler's per-character lower/upper expansion amounts to for all but a few special cases.
enum CaseFolding {
    /// Appends the folded form of `bytes` (UTF-8) to `out`.
    static func fold(_ bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            for byte in bytes {
                out.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte)
            }
        } else {
            out.append(contentsOf: String(decoding: bytes, as: UTF8.self).lowercased().utf8)
        }
    }

    /// The folded form of `text`.
    static func fold(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        fold(Array(text.utf8), into: &out)
        return out
    }
}
