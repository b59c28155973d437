/// Extracting the signature, credential and timestamp from a request.
extension SigV4Verifier {
    /// The authentication information of a request, before any check against configuration.
    struct AuthenticationInput: Sendable {
        var mechanism: SigV4Identity.Mechanism
        var credential: String
        /// The `SignedHeaders` value exactly as sent; it goes into the canonical request as is.
        var signedHeaders: String
        var signature: String
        var timestamp: AMZDate
        /// `X-Amz-Expires` of a presigned request.
        var expires: Int64?
        var sessionToken: String?

        /// The signed header names, lowercased for lookup.
        var signedNames: [String] {
            signedHeaders.split(separator: ";", omittingEmptySubsequences: false).map { $0.lowercased() }
        }
    }

    /// The credential scope, split and checked.
    struct Scope: Sendable {
        var accessKeyId: String
        var dateStamp: String
        var region: String
        var service: String
    }

    /// The longest presigned validity AWS allows: seven days.
    static let maxPresignedExpiry: Int64 = 604_800

    static func authenticationInput(
        _ request: SigV4Request,
        queryItems: [Canonical.QueryItem]
    ) throws(SigV4Error) -> AuthenticationInput {
        let authorizations = request.values(forHeader: "authorization")
        let hasQueryAlgorithm = queryItems.contains { $0.nameString == "X-Amz-Algorithm" }
        switch (authorizations.count, hasQueryAlgorithm) {
        case (0, false):
            throw .missingAuthenticationToken()
        case (0, true):
            return try queryInput(request, queryItems: queryItems)
        case (1, false):
            return try headerInput(request, authorization: authorizations[0])
        case (_, true):
            throw .incompleteSignature(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter "
                    + "or the Authorization header should be specified."
            )
        default:
            throw .incompleteSignature("The request must contain exactly one Authorization header.")
        }
    }

    /// Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. Parts may be separated
    /// by commas, spaces or both, in any order; unknown parts are ignored and the first of a
    /// repeated part wins.
    private static func headerInput(
        _ request: SigV4Request,
        authorization: String
    ) throws(SigV4Error) -> AuthenticationInput {
        let tokens = authorization.utf8.split(whereSeparator: {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t")
        }).map { Substring($0) }
        let algorithm = tokens.first.map(String.init) ?? ""
        let dateValue = request.firstValue(forHeader: "x-amz-date")
        let httpDateValue = request.firstValue(forHeader: "date")
        let dateProblem =
            dateValue == nil && httpDateValue == nil
            ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." : nil

        var parts: [Substring: Substring] = [:]
        if algorithm == SigV4.algorithm {
            for token in tokens.dropFirst() {
                guard let equals = token.firstIndex(of: "=") else {
                    throw .incompleteSignature(
                        "'\(token)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(authorization)'."
                    )
                }
                let key = token[..<equals]
                if parts[key] == nil {
                    parts[key] = token[token.index(after: equals)...]
                }
            }
        } else if algorithm.hasPrefix("AWS4-") {
            throw .incompleteSignature("Unsupported AWS 'algorithm': '\(algorithm)'. Use '\(SigV4.algorithm)'.")
        }

        func required(_ name: Substring) -> String? {
            parts[name].flatMap { $0.isEmpty ? nil : String($0) }
        }
        let credential = required("Credential")
        let signature = required("Signature")
        let signedHeaders = required("SignedHeaders")
        var problems: [String] = []
        if credential == nil { problems.append("Authorization header requires 'Credential' parameter.") }
        if signature == nil { problems.append("Authorization header requires 'Signature' parameter.") }
        if signedHeaders == nil { problems.append("Authorization header requires 'SignedHeaders' parameter.") }
        if let dateProblem { problems.append(dateProblem) }
        guard let credential, let signature, let signedHeaders, problems.isEmpty else {
            throw .incompleteSignature(problems.joined(separator: " ") + " Authorization=\(authorization)")
        }

        let timestamp: AMZDate
        if let dateValue {
            guard let parsed = AMZDate(basicFormat: dateValue) else {
                throw .incompleteSignature(
                    "Date must be in ISO-8601 'basic format'. Got '\(dateValue)'. See http://en.wikipedia.org/wiki/ISO_8601"
                )
            }
            timestamp = parsed
        } else {
            let httpDate = httpDateValue ?? ""
            guard let parsed = AMZDate(httpDate: httpDate) else {
                throw .incompleteSignature(
                    "Date header must be an HTTP-date such as 'Sun, 30 Aug 2015 12:36:00 GMT'. Got '\(httpDate)'."
                )
            }
            timestamp = parsed
        }
        return AuthenticationInput(
            mechanism: .authorizationHeader,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            timestamp: timestamp,
            expires: nil,
            sessionToken: request.firstValue(forHeader: "x-amz-security-token")
        )
    }

    /// Reads the `X-Amz-*` parameters of a presigned request.
    private static func queryInput(
        _ request: SigV4Request,
        queryItems: [Canonical.QueryItem]
    ) throws(SigV4Error) -> AuthenticationInput {
        func parameter(_ name: String) -> String? {
            queryItems.first { $0.nameString == name }.map(\.valueString)
        }
        guard parameter("X-Amz-Algorithm") == SigV4.algorithm else {
            throw .incompleteSignature("X-Amz-Algorithm only supports \"\(SigV4.algorithm)\".")
        }
        guard let credential = parameter("X-Amz-Credential"), let signature = parameter("X-Amz-Signature"),
            let date = parameter("X-Amz-Date"), let signedHeaders = parameter("X-Amz-SignedHeaders"),
            let expiresText = parameter("X-Amz-Expires"),
            ![credential, signature, date, signedHeaders, expiresText].contains(where: \.isEmpty)
        else {
            throw .incompleteSignature(
                "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                    + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
            )
        }
        guard let timestamp = AMZDate(basicFormat: date) else {
            throw .incompleteSignature("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".")
        }
        guard let expires = Int64(expiresText), expires >= 0 else {
            throw .incompleteSignature("X-Amz-Expires should be a non-negative number of seconds.")
        }
        guard expires <= maxPresignedExpiry else {
            throw .incompleteSignature("X-Amz-Expires must be less than a week (in seconds) that is 604800.")
        }
        return AuthenticationInput(
            mechanism: .queryString,
            credential: credential,
            signedHeaders: signedHeaders,
            signature: signature,
            timestamp: timestamp,
            expires: expires,
            sessionToken: parameter("X-Amz-Security-Token")
        )
    }
}
