/// The checks of the credential scope, the time window and the declared payload hash.
extension SigV4Verifier {
    /// Splits the credential and checks its scope against the timestamp and the configuration.
    func checkScope(_ input: AuthenticationInput) throws(SigV4Error) -> Scope {
        let elements = input.credential.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(Substring($0)) }
        guard elements.count == 5 else {
            throw .incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                    + "got '\(input.credential)'"
            )
        }
        let scope = Scope(accessKeyId: elements[0], dateStamp: elements[1], region: elements[2], service: elements[3])
        guard elements[4] == SigV4.scopeTerminator else {
            throw .invalidSignature(
                "Credential should be scoped with a valid terminator: '\(SigV4.scopeTerminator)', not '\(elements[4])'."
            )
        }
        guard scope.dateStamp == input.timestamp.dateStamp else {
            throw .invalidSignature(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(scope.dateStamp)' != '\(input.timestamp.dateStamp)', from '\(input.timestamp.basicFormat)'."
            )
        }
        guard configuration.services.contains(scope.service) else {
            let expected = configuration.services.sorted().map { "'\($0)'" }.joined(separator: " or ")
            throw .invalidSignature("Credential should be scoped to correct service: \(expected). ")
        }
        guard !scope.region.isEmpty, configuration.regions?.contains(scope.region) ?? true else {
            throw .invalidSignature("Credential should be scoped to a valid region, not '\(scope.region)'. ")
        }
        return scope
    }

    /// Checks the signing time against `now`: within the clock skew for header signing; not later
    /// than the skew and not past `X-Amz-Expires` for presigned requests.
    func checkTime(_ input: AuthenticationInput, now: AMZDate) throws(SigV4Error) {
        let skew = configuration.maxClockSkew.components.seconds
        var skewText: String { skew.isMultiple(of: 60) ? "\(skew / 60) min." : "\(skew) sec." }
        let latest = now.adding(seconds: skew)
        if input.timestamp > latest {
            throw .invalidSignature(
                "Signature not yet current: \(input.timestamp.basicFormat) is still later than "
                    + "\(latest.basicFormat) (\(now.basicFormat) + \(skewText))"
            )
        }
        if let expires = input.expires {
            if now > input.timestamp.adding(seconds: expires) {
                throw .invalidSignature("Request has expired")
            }
            return
        }
        let earliest = now.adding(seconds: -skew)
        if input.timestamp < earliest {
            throw .invalidSignature(
                "Signature expired: \(input.timestamp.basicFormat) is now earlier than "
                    + "\(earliest.basicFormat) (\(now.basicFormat) - \(skewText))"
            )
        }
    }

    /// The payload hash for the canonical request: the hash of the received body, or S3's
    /// `UNSIGNED-PAYLOAD` when declared (or implied by a presigned S3 request). A declared
    /// `x-amz-content-sha256` that differs from the received body's hash is rejected: with
    /// ``SigV4Error/Code/contentSHA256Mismatch`` for S3, ``SigV4Error/Code/invalidSignature``
    /// elsewhere.
    static func canonicalPayloadHash(
        _ request: SigV4Request,
        payloadHash: String,
        service: String,
        mechanism: SigV4Identity.Mechanism
    ) throws(SigV4Error) -> String {
        let isS3 = service == SigV4.s3Service
        guard let declared = request.firstValue(forHeader: "x-amz-content-sha256") else {
            return isS3 && mechanism == .queryString ? SigV4.unsignedPayload : payloadHash
        }
        if isS3, declared == SigV4.unsignedPayload {
            return SigV4.unsignedPayload
        }
        guard declared.lowercased() == payloadHash else {
            let message = "The provided 'x-amz-content-sha256' header does not match what was computed."
            throw isS3 ? .contentSHA256Mismatch(message) : .invalidSignature(message)
        }
        return payloadHash
    }
}
