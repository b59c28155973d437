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

    /// Trims a header value and collapses each run of whitespace into one space.
    static func headerValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            .joined(separator: " ")
    }

    /// The canonical headers block (each line ends in `\n`) for the lowercase `signedNames`, in
    /// the given order; repeated headers are joined with `,` in the order received.
    static func headers(_ headers: [(name: String, value: String)], signedNames: [String]) -> String {
        var values: [String: [String]] = [:]
        for header in headers {
            values[header.name.lowercased(), default: []].append(headerValue(header.value))
        }
        var block = ""
        for name in signedNames {
            block += "\(name):\((values[name] ?? []).joined(separator: ","))\n"
        }
        return block
    }

    /// The canonical request.
    static func request(
        method: String,
        uri: String,
        query: String,
        headers: String,
        signedHeaders: String,
        payloadHash: String
    ) -> String {
        "\(method)\n\(uri)\n\(query)\n\(headers)\n\(signedHeaders)\n\(payloadHash)"
    }

    /// The credential scope `date/region/service/aws4_request`.
    static func scope(dateStamp: String, region: String, service: String) -> String {
        "\(dateStamp)/\(region)/\(service)/\(SigV4.scopeTerminator)"
    }

    /// The string to sign for a canonical request.
    static func stringToSign(timestamp: String, scope: String, canonicalRequest: String) -> String {
        "\(SigV4.algorithm)\n\(timestamp)\n\(scope)\n\(Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8))))"
    }

    /// The signing key derived from the secret through the date, region and service.
    static func signingKey(secret: String, dateStamp: String, region: String, service: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array("AWS4\(secret)".utf8))
        for element in [dateStamp, region, service, SigV4.scopeTerminator] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(element.utf8), using: key))
        }
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
