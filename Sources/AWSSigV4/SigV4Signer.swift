public import Foundation

/// Signs requests with AWS Signature Version 4, either with an `Authorization` header
/// (``sign(_:payloadHash:date:options:)``) or as a presigned URL
/// (``presign(_:payloadHash:date:expires:options:)``).
///
/// The signer is a value: it holds the credentials and the scope's region and service, and signs
/// any number of requests. It does not read the clock; callers pass the signing date.
public struct SigV4Signer: Sendable {
    /// Choices that differ between services and between the test suite's cases.
    public struct Options: Sendable {
        /// Include `x-amz-security-token` in the signature (the default). When `false` the token
        /// is still sent but added after signing, as some services expect.
        public var signsSessionToken: Bool
        /// Add an `x-amz-content-sha256` header carrying the payload hash and sign it (S3 requires
        /// it). Only for header signing.
        public var addsContentSHA256Header: Bool
        /// Remove `.`/`..` and empty path segments before encoding; `nil` means "as AWS does for
        /// the service": yes except for S3. S3 paths are never normalised.
        public var normalizesPath: Bool?
        /// Lowercase names of headers that are sent but not signed, because proxies may change them.
        public var unsignedHeaderNames: Set<String>

        /// Creates options; the defaults are what AWS SDKs do for JSON-protocol services.
        ///
        /// - Parameters:
        ///   - signsSessionToken: Sign `x-amz-security-token`.
        ///   - addsContentSHA256Header: Add and sign `x-amz-content-sha256`.
        ///   - normalizesPath: Normalise the path; `nil` for the service's default.
        ///   - unsignedHeaderNames: Lowercase header names left out of the signature.
        public init(
            signsSessionToken: Bool = true,
            addsContentSHA256Header: Bool = false,
            normalizesPath: Bool? = nil,
            unsignedHeaderNames: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id"]
        ) {
            self.signsSessionToken = signsSessionToken
            self.addsContentSHA256Header = addsContentSHA256Header
            self.normalizesPath = normalizesPath
            self.unsignedHeaderNames = unsignedHeaderNames
        }
    }

    /// The credentials to sign with.
    public var credentials: SigV4Credentials
    /// The region of the credential scope, for example `us-east-1`.
    public var region: String
    /// The service of the credential scope, for example `cloudtrail` or `s3`.
    public var service: String

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - credentials: The credentials to sign with.
    ///   - region: The region of the credential scope.
    ///   - service: The signing name of the service.
    public init(credentials: SigV4Credentials, region: String, service: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// Signs `request` with an `Authorization` header.
    ///
    /// Any `Authorization`, `X-Amz-Date` (and, when they are added, `X-Amz-Security-Token` and
    /// `x-amz-content-sha256`) headers already in `request` are replaced. All other headers except
    /// ``Options/unsignedHeaderNames`` are signed, so `request` must already carry `Host` and every
    /// header it will be sent with.
    ///
    /// - Parameters:
    ///   - request: The request to sign, with the raw path and query it will be sent with.
    ///   - payloadHash: The hex SHA-256 of the body (``SigV4/payloadHash(_:)``), or
    ///     ``SigV4/unsignedPayload`` for S3.
    ///   - date: The signing time; it is truncated to the second.
    ///   - options: Service-specific choices.
    /// - Returns: The signed request and the intermediate values.
    public func sign(
        _ request: SigV4Request,
        payloadHash: String,
        date: Date,
        options: Options = Options()
    ) -> SigV4SignedRequest {
        let timestamp = AMZDate(date)
        var replaced = ["authorization", "x-amz-date"]
        var added: [(name: String, value: String)] = []
        if let token = credentials.sessionToken {
            replaced.append("x-amz-security-token")
            added.append((name: "X-Amz-Security-Token", value: token))
        }
        added.append((name: "X-Amz-Date", value: timestamp.basicFormat))
        if options.addsContentSHA256Header {
            replaced.append("x-amz-content-sha256")
            added.append((name: "x-amz-content-sha256", value: payloadHash))
        }
        var headers = request.headers.filter { header in
            !replaced.contains { Canonical.headerName(header.name, matches: $0) }
        }
        headers += added

        var unsigned = options.unsignedHeaderNames
        if !options.signsSessionToken {
            unsigned.insert("x-amz-security-token")
        }
        let computed = compute(
            method: request.method,
            path: request.path,
            queryItems: Canonical.queryItems(request.query),
            headers: headers,
            unsignedHeaderNames: unsigned,
            payloadHash: payloadHash,
            timestamp: timestamp,
            options: options
        )
        let authorization =
            "\(SigV4.algorithm) Credential=\(credentials.accessKeyId)/\(computed.scope), "
            + "SignedHeaders=\(computed.signedHeaders), Signature=\(computed.signature)"
        headers.append((name: "Authorization", value: authorization))
        return SigV4SignedRequest(
            request: SigV4Request(method: request.method, path: request.path, query: request.query, headers: headers),
            canonicalRequest: String(decoding: computed.canonicalRequest, as: UTF8.self),
            stringToSign: computed.stringToSign,
            signature: computed.signature,
            authorization: authorization
        )
    }

    /// Signs `request` in its query string (a presigned URL).
    ///
    /// Appends `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Expires`, `X-Amz-Security-Token` (with a session token) and finally
    /// `X-Amz-Signature` to the query. Headers are left unchanged and all of them except
    /// ``Options/unsignedHeaderNames`` are signed.
    ///
    /// - Parameters:
    ///   - request: The request to sign.
    ///   - payloadHash: The hex SHA-256 of the body, or ``SigV4/unsignedPayload`` (S3's choice).
    ///   - date: The signing time; it is truncated to the second.
    ///   - expires: How many seconds the URL is valid, at most 604800 (seven days).
    ///   - options: Service-specific choices; ``Options/addsContentSHA256Header`` is ignored.
    /// - Returns: The presigned request and the intermediate values.
    public func presign(
        _ request: SigV4Request,
        payloadHash: String = SigV4.unsignedPayload,
        date: Date,
        expires: Int,
        options: Options = Options()
    ) -> SigV4PresignedRequest {
        let timestamp = AMZDate(date)
        var unsigned = options.unsignedHeaderNames
        unsigned.insert("x-amz-security-token")
        let signedNames = Self.signedNames(request.headers, unsigned: unsigned)
        let scope = Canonical.scope(dateStamp: timestamp.dateStamp, region: region, service: service)
        var parameters = [
            ("X-Amz-Algorithm", SigV4.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyId)/\(scope)"),
            ("X-Amz-Date", timestamp.basicFormat),
            ("X-Amz-SignedHeaders", signedNames.joined(separator: ";")),
            ("X-Amz-Expires", String(expires)),
        ]
        var unsignedParameters: [(String, String)] = []
        if let token = credentials.sessionToken {
            if options.signsSessionToken {
                parameters.append(("X-Amz-Security-Token", token))
            } else {
                unsignedParameters.append(("X-Amz-Security-Token", token))
            }
        }
        func encoded(_ items: [(String, String)]) -> [String] {
            items.map { "\(PercentEncoding.encode($0.0.utf8))=\(PercentEncoding.encode($0.1.utf8))" }
        }
        let signedQuery = ([request.query].filter { !$0.isEmpty } + encoded(parameters)).joined(separator: "&")
        let computed = compute(
            method: request.method,
            path: request.path,
            queryItems: Canonical.queryItems(signedQuery),
            headers: request.headers,
            unsignedHeaderNames: unsigned,
            payloadHash: payloadHash,
            timestamp: timestamp,
            options: options
        )
        let query = ([signedQuery] + encoded(unsignedParameters + [("X-Amz-Signature", computed.signature)]))
            .joined(separator: "&")
        return SigV4PresignedRequest(
            request: SigV4Request(method: request.method, path: request.path, query: query, headers: request.headers),
            canonicalRequest: String(decoding: computed.canonicalRequest, as: UTF8.self),
            stringToSign: computed.stringToSign,
            signature: computed.signature
        )
    }

    private struct Computed {
        var scope: String
        var signedHeaders: String
        var canonicalRequest: [UInt8]
        var stringToSign: String
        var signature: String
    }

    private func compute(
        method: String,
        path: String,
        queryItems: [Canonical.QueryItem],
        headers: [(name: String, value: String)],
        unsignedHeaderNames: Set<String>,
        payloadHash: String,
        timestamp: AMZDate,
        options: Options
    ) -> Computed {
        let signedNames = Self.signedNames(headers, unsigned: unsignedHeaderNames)
        let signedHeaders = signedNames.joined(separator: ";")
        let rules = Canonical.PathRules(service: service, normalizes: options.normalizesPath ?? true)
        let canonicalRequest = Canonical.request(
            method: method,
            uri: Canonical.uri(path, rules: rules),
            query: Canonical.query(queryItems),
            headers: headers,
            signedNames: signedNames,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash
        )
        let scope = Canonical.scope(dateStamp: timestamp.dateStamp, region: region, service: service)
        let stringToSign = Canonical.stringToSign(
            timestamp: timestamp.basicFormat,
            scope: scope,
            canonicalRequest: canonicalRequest
        )
        let key = Canonical.signingKey(
            secret: credentials.secretAccessKey,
            dateStamp: timestamp.dateStamp,
            region: region,
            service: service
        )
        return Computed(
            scope: scope,
            signedHeaders: signedHeaders,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: Canonical.signature(stringToSign: stringToSign, key: key)
        )
    }

    private static func signedNames(_ headers: [(name: String, value: String)], unsigned: Set<String>) -> [String] {
        var names = headers.map { $0.name.lowercased() }.filter { !unsigned.contains($0) }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        // Sorted, so a repeated name is next to itself.
        return names.enumerated().compactMap { index, name in index > 0 && names[index - 1] == name ? nil : name }
    }
}
