internal import Crypto

/// The SigV4 canonicalisation rules and signature arithmetic shared by signer and verifier.
enum Canonical {
    /// How the canonical URI is derived from the raw path.
    struct PathRules: Hashable, Sendable {
        /// Remove `.`/`..` segments and empty segments before encoding.
        var normalizes: Bool
        /// Encode the raw path as-is, so existing `%XX` escapes are encoded again (all services but
        /// S3). When `false` (S3) the wire path is used as sent, with its escapes kept and only
        /// bytes that should have been escaped encoded, as AWS SDKs sign it.
        var encodesTwice: Bool

        /// The rules AWS applies for `service`: S3 neither normalises nor double-encodes.
        init(service: String, normalizes: Bool) {
            let isS3 = service == SigV4.s3Service
            self.normalizes = normalizes && !isS3
            self.encodesTwice = !isS3
        }
    }

    /// The canonical URI of a raw path.
    static func uri(_ rawPath: String, rules: PathRules) -> String {
        var path = rawPath.isEmpty ? "/" : rawPath
        if rules.normalizes {
            path = normalize(path)
        }
        if rules.encodesTwice {
            return PercentEncoding.encode(path.utf8, keepingSlash: true)
        }
        return PercentEncoding.encodePreservingEscapes(path)
    }

    /// Removes `.` and `..` segments and collapses repeated slashes; keeps a trailing slash.
    static func normalize(_ path: String) -> String {
        var kept: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = kept.popLast()
            default: kept.append(segment)
            }
        }
        var result = "/" + kept.joined(separator: "/")
        if path.hasSuffix("/"), !kept.isEmpty {
            result += "/"
        }
        return result
    }

    /// A query parameter, percent-decoded to raw bytes.
    struct QueryItem: Sendable {
        var name: [UInt8]
        var value: [UInt8]

        /// The name as a string, for matching against parameter names such as `X-Amz-Date`.
        var nameString: String { String(decoding: name, as: UTF8.self) }
        /// The value as a string.
        var valueString: String { String(decoding: value, as: UTF8.self) }
    }

    /// Splits a raw query string into decoded items; empty items (`a=1&&b=2`) are skipped and an
    /// item without `=` has an empty value.
    static func queryItems(_ rawQuery: String) -> [QueryItem] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { item in
            if let equals = item.firstIndex(of: "=") {
                return QueryItem(
                    name: PercentEncoding.decode(item[..<equals]),
                    value: PercentEncoding.decode(item[item.index(after: equals)...])
                )
            }
            return QueryItem(name: PercentEncoding.decode(item), value: [])
        }
    }

    /// The canonical query string: every item re-encoded, sorted by encoded name then value.
    static func query(_ items: [QueryItem]) -> String {
        items
            .map { (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                lhs.name == rhs.name
                    ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                    : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Trims a header value and collapses each run of whitespace (space, tab, CR, LF) into one space.
    static func headerValue(_ value: String) -> String {
        var out: [UInt8] = []
        appendHeaderValue(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `value` trimmed, with each run of whitespace collapsed into one space.
    private static func appendHeaderValue(_ value: String, to out: inout [UInt8]) {
        var pendingSpace = false
        var wroteAny = false
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                pendingSpace = wroteAny
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                wroteAny = true
                out.append(byte)
            }
        }
    }

    /// Whether header name `name` is `lowercaseName` ignoring case. ASCII names (all valid HTTP field
    /// names) are compared byte by byte; anything else falls back to Unicode lowercasing.
    static func headerName(_ name: String, matches lowercaseName: String) -> Bool {
        var fast = true
        let equal = name.utf8.elementsEqual(lowercaseName.utf8) { byte, lower in
            if byte >= 0x80 { fast = false }
            return (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 == lower : byte == lower
        }
        return fast ? equal : name.lowercased() == lowercaseName
    }

    /// The canonical headers block (each line ends in `\n`) for the lowercase `signedNames`, in
    /// the given order; repeated headers are joined with `,` in the order received.
    static func headers(_ headers: [(name: String, value: String)], signedNames: [String]) -> String {
        var block: [UInt8] = []
        appendHeaders(headers, signedNames: signedNames, to: &block)
        return String(decoding: block, as: UTF8.self)
    }

    /// Appends the canonical headers block.
    private static func appendHeaders(
        _ headers: [(name: String, value: String)],
        signedNames: [String],
        to block: inout [UInt8]
    ) {
        for name in signedNames {
            block.append(contentsOf: name.utf8)
            block.append(UInt8(ascii: ":"))
            var isFirst = true
            for header in headers where headerName(header.name, matches: name) {
                if !isFirst { block.append(UInt8(ascii: ",")) }
                isFirst = false
                appendHeaderValue(header.value, to: &block)
            }
            block.append(UInt8(ascii: "\n"))
        }
    }

    /// The canonical request, as UTF-8 bytes.
    static func request(
        method: String,
        uri: String,
        query: String,
        headers: [(name: String, value: String)],
        signedNames: [String],
        signedHeaders: String,
        payloadHash: String
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        for part in [method, uri, query] {
            bytes.append(contentsOf: part.utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        appendHeaders(headers, signedNames: signedNames, to: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: signedHeaders.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: payloadHash.utf8)
        return bytes
    }

    /// The credential scope `date/region/service/aws4_request`.
    static func scope(dateStamp: String, region: String, service: String) -> String {
        "\(dateStamp)/\(region)/\(service)/\(SigV4.scopeTerminator)"
    }

    /// The string to sign for a canonical request (given as its UTF-8 bytes).
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: [UInt8]) -> String {
        "\(SigV4.algorithm)\n\(timestamp)\n\(scope)\n\(Hex.encode(SHA256.hash(data: canonicalRequest)))"
    }

    /// The signing key derived from the secret through the date, region and service. Derived keys are
    /// remembered (``SigningKeyCache``): a client or server signs many requests with the same scope.
    static func signingKey(secret: String, dateStamp: String, region: String, service: String) -> SymmetricKey {
        let scope = SigningKeyCache.Scope(secret: secret, dateStamp: dateStamp, region: region, service: service)
        if let key = SigningKeyCache.shared.key(for: scope) { return key }
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for element in [dateStamp, region, service, SigV4.scopeTerminator] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(element.utf8), using: key))
        }
        SigningKeyCache.shared.store(key, for: scope)
        return key
    }

    /// The hex signature of a string to sign.
    static func signature(stringToSign: String, key: SymmetricKey) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    /// Checks a provided lowercase-hex signature in constant time.
    static func isValid(signature: String, stringToSign: String, key: SymmetricKey) -> Bool {
        guard let provided = Hex.decodeLowercase(signature), provided.count == SHA256.byteCount else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(provided, authenticating: Array(stringToSign.utf8), using: key)
    }
}
