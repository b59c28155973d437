public import Foundation

/// Verifies AWS Signature Version 4 on incoming requests, the server side of ``SigV4Signer``.
///
/// ``verify(_:payloadHash:now:)`` accepts a request signed with an `Authorization` header or with
/// `X-Amz-*` query parameters and returns the ``SigV4Identity`` that signed it, or throws a
/// ``SigV4Error`` whose ``SigV4Error/Code`` names the exception AWS would return. Checks run in
/// this order, so the cheapest and least revealing failures come first: presence of
/// authentication information, its syntax, the credential scope, that `Host` is signed, the time
/// window, the access key, the `x-amz-content-sha256` header, and finally the signature, compared
/// in constant time.
///
/// The canonical request always uses the hash of the body actually received (except S3's
/// `UNSIGNED-PAYLOAD`), so a body altered in transit fails even when its declared hash is signed.
public struct SigV4Verifier: Sendable {
    /// Looks up the secret access key of an access key ID; returns `nil` for an unknown key.
    public typealias SecretLookup = @Sendable (_ accessKeyId: String) async throws -> String?

    /// What the verifier accepts.
    public struct Configuration: Sendable {
        /// The signing names accepted in the credential scope, for example
        /// `["cloudtrail", "cloudtrail-data"]`.
        public var services: Set<String>
        /// The regions accepted in the credential scope; `nil` accepts any non-empty region.
        public var regions: Set<String>?
        /// How far `X-Amz-Date` may be from the server's time; AWS allows 15 minutes.
        public var maxClockSkew: Duration
        /// Normalise the path (remove `.`/`..` and empty segments) before encoding it, as AWS SDKs
        /// do for every service but S3. S3 paths are never normalised.
        public var normalizesPath: Bool
        /// Leave `X-Amz-Security-Token` out of the canonical query of presigned requests, for
        /// clients that append the token after signing (as AWS IoT WebSocket clients do). Off by
        /// default: AWS SDKs sign the token.
        public var excludesQuerySessionToken: Bool

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - services: Accepted service names.
        ///   - regions: Accepted regions, or `nil` for any.
        ///   - maxClockSkew: Allowed distance between the signing time and now.
        ///   - normalizesPath: Normalise non-S3 paths.
        ///   - excludesQuerySessionToken: Leave a presigned request's session token unsigned.
        public init(
            services: Set<String>,
            regions: Set<String>? = nil,
            maxClockSkew: Duration = .seconds(15 * 60),
            normalizesPath: Bool = true,
            excludesQuerySessionToken: Bool = false
        ) {
            self.services = services
            self.regions = regions
            self.maxClockSkew = maxClockSkew
            self.normalizesPath = normalizesPath
            self.excludesQuerySessionToken = excludesQuerySessionToken
        }
    }

    /// What the verifier accepts.
    public let configuration: Configuration
    private let secretLookup: SecretLookup

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - configuration: Accepted services, regions and clock skew.
    ///   - secretLookup: Returns the secret access key for an access key ID, or `nil`.
    public init(configuration: Configuration, secretLookup: @escaping SecretLookup) {
        self.configuration = configuration
        self.secretLookup = secretLookup
    }

    /// Creates a verifier accepting `services` in any region with AWS's 15-minute clock skew.
    ///
    /// - Parameters:
    ///   - services: Accepted service names.
    ///   - secretLookup: Returns the secret access key for an access key ID, or `nil`.
    public init(services: Set<String>, secretLookup: @escaping SecretLookup) {
        self.init(configuration: Configuration(services: services), secretLookup: secretLookup)
    }

    /// Verifies a request whose whole body is at hand.
    ///
    /// - Parameters:
    ///   - request: The request as received: method, raw path, raw query and all headers
    ///     (including `Host`).
    ///   - body: The body bytes as received.
    ///   - now: The server's current time.
    /// - Returns: The verified identity.
    /// - Throws: ``SigV4Error``, or whatever the secret lookup throws.
    public func verify(_ request: SigV4Request, body: some DataProtocol, now: Date) async throws -> SigV4Identity {
        try await verify(request, payloadHash: SigV4.payloadHash(body), now: now)
    }

    /// Verifies a request given the SHA-256 of its body.
    ///
    /// - Parameters:
    ///   - request: The request as received: method, raw path, raw query and all headers
    ///     (including `Host`).
    ///   - payloadHash: The lowercase hex SHA-256 of the body as received
    ///     (``SigV4/payloadHash(_:)``; ``SigV4/emptyPayloadHash`` for none).
    ///   - now: The server's current time.
    /// - Returns: The verified identity.
    /// - Throws: ``SigV4Error``, or whatever the secret lookup throws.
    public func verify(_ request: SigV4Request, payloadHash: String, now: Date) async throws -> SigV4Identity {
        let queryItems = Canonical.queryItems(request.query)
        let input = try Self.authenticationInput(request, queryItems: queryItems)
        let scope = try checkScope(input)
        let signedNames = input.signedNames
        guard signedNames.contains("host") else {
            throw SigV4Error.incompleteSignature(
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."
            )
        }
        try checkTime(input, now: AMZDate(now))

        guard let secret = try await secretLookup(scope.accessKeyId) else {
            throw SigV4Error.unrecognizedClient()
        }
        let canonicalPayload = try Self.canonicalPayloadHash(
            request,
            payloadHash: payloadHash.lowercased(),
            service: scope.service,
            mechanism: input.mechanism
        )
        let rules = Canonical.PathRules(service: scope.service, normalizes: configuration.normalizesPath)
        let canonicalRequest = Canonical.request(
            method: request.method,
            uri: Canonical.uri(request.path, rules: rules),
            query: Canonical.query(canonicalQueryItems(queryItems, mechanism: input.mechanism)),
            headers: request.headers,
            signedNames: signedNames,
            signedHeaders: input.signedHeaders,
            payloadHash: canonicalPayload
        )
        let stringToSign = Canonical.stringToSign(
            timestamp: input.timestamp.basicFormat,
            scope: Canonical.scope(dateStamp: scope.dateStamp, region: scope.region, service: scope.service),
            canonicalRequest: canonicalRequest
        )
        let key = Canonical.signingKey(
            secret: secret,
            dateStamp: scope.dateStamp,
            region: scope.region,
            service: scope.service
        )
        guard Canonical.isValid(signature: input.signature, stringToSign: stringToSign, key: key) else {
            throw SigV4Error.signatureMismatch()
        }
        return SigV4Identity(
            accessKeyId: scope.accessKeyId,
            region: scope.region,
            service: scope.service,
            signingDate: input.timestamp.date,
            signedHeaders: signedNames,
            sessionToken: input.sessionToken,
            mechanism: input.mechanism
        )
    }

    /// The query items that are signed: all of them, except `X-Amz-Signature` (and, if so
    /// configured, `X-Amz-Security-Token`) of a presigned request.
    private func canonicalQueryItems(
        _ items: [Canonical.QueryItem],
        mechanism: SigV4Identity.Mechanism
    ) -> [Canonical.QueryItem] {
        guard mechanism == .queryString else { return items }
        return items.filter { item in
            let name = item.nameString
            return name != "X-Amz-Signature"
                && !(configuration.excludesQuerySessionToken && name == "X-Amz-Security-Token")
        }
    }
}
