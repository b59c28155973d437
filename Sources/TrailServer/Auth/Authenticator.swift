import AWSSigV4
import Foundation
import HTTPTypes
import Hummingbird
import TrailModel

/// Turns a signed HTTP request into a ``Principal``, or into the AWS error a client expects.
struct Authenticator: Sendable {
    struct Caller: Sendable {
        let principal: Principal
        let region: String
        let service: String
    }

    /// A refused request: the error to answer with, and what it presented (for the record).
    struct Failure: Error, Sendable {
        let error: CloudTrailError
        let accessKeyId: String?
        let region: String?
        /// The verifier's own refusal, when it was the verifier that refused (protocols other than AWS
        /// JSON, such as S3's, map it to their own error codes).
        var verification: SigV4Error? = nil
    }

    let principals: PrincipalDirectory
    let allowedClockSkew: TimeInterval
    let regions: Set<String>
    /// Whether paths are normalised before they are canonicalised: `true` for AWS's JSON and REST-JSON
    /// services, `false` for S3, whose keys may contain `//`, `.` and `..` segments.
    let normalizesPath: Bool

    init(
        principals: PrincipalDirectory,
        allowedClockSkew: TimeInterval,
        regions: Set<String>,
        normalizesPath: Bool = true
    ) {
        self.principals = principals
        self.allowedClockSkew = allowedClockSkew
        self.regions = regions
        self.normalizesPath = normalizesPath
    }

    /// Verifies the request's SigV4 signature for one of `services`.
    /// - Throws: ``Failure`` with `MissingAuthenticationTokenException`, `IncompleteSignatureException`,
    ///   `UnrecognizedClientException` or `InvalidSignatureException`.
    func authenticate(request: Request, body: [UInt8], now: Date, services: Set<String>) async throws -> Caller {
        let signed = Self.sigV4Request(request)
        let directory = principals
        let verifier = SigV4Verifier(
            configuration: .init(
                services: services,
                regions: regions,
                maxClockSkew: .seconds(allowedClockSkew),
                normalizesPath: normalizesPath
            ),
            secretLookup: { directory.principal(accessKeyId: $0)?.accessKey.secretAccessKey }
        )
        do {
            let identity = try await verifier.verify(signed, body: body, now: now)
            guard let principal = principals.principal(accessKeyId: identity.accessKeyId) else {
                throw Failure(
                    error: CloudTrailError(.unrecognizedClient, SigV4Error.unrecognizedClient().reason),
                    accessKeyId: identity.accessKeyId,
                    region: identity.region
                )
            }
            return Caller(principal: principal, region: identity.region, service: identity.service)
        } catch let error as SigV4Error {
            // Read only for the record of a refusal: most requests succeed.
            let presented = Self.presentedCredential(signed)
            // The claimed region names the record only when it is one this server serves.
            let region = presented.region.flatMap { regions.contains($0) ? $0 : nil }
            throw Failure(
                error: CloudTrailError(Self.code(error.code), error.reason),
                accessKeyId: presented.accessKeyId,
                region: region,
                verification: error
            )
        }
    }

    static func code(_ code: SigV4Error.Code) -> CloudTrailError.Code {
        switch code {
        case .missingAuthenticationToken: return .missingAuthenticationToken
        case .incompleteSignature: return .incompleteSignature
        case .unrecognizedClient: return .unrecognizedClient
        default: return .invalidSignature
        }
    }

    /// The request as SigV4 sees it. HTTP/1.1's `Host` header travels as the request's authority in
    /// Hummingbird, so it is put back among the headers.
    static func sigV4Request(_ request: Request) -> SigV4Request {
        var headers: [(name: String, value: String)] = []
        if let authority = request.head.authority, request.headers[hostField] == nil {
            headers.append((name: "host", value: authority))
        }
        for field in request.headers {
            headers.append((name: field.name.rawName, value: field.value))
        }
        return SigV4Request(method: request.method.rawValue, target: request.head.path ?? "/", headers: headers)
    }

    /// HTTP/1.1's `Host` header field (the S3 read API reads it too, to tell virtual-hosted buckets).
    static let hostField = HTTPField.Name("Host")!

    /// The access key id and region a request claims, read without trusting it (for failure records).
    static func presentedCredential(_ request: SigV4Request) -> (accessKeyId: String?, region: String?) {
        let authorization = request.headers.first { $0.name.lowercased() == "authorization" }?.value
        var credential: Substring?
        if let authorization, let range = authorization.range(of: "Credential=") {
            credential = authorization[range.upperBound...].prefix { $0 != "," && $0 != " " }
        } else if let range = request.query.range(of: "X-Amz-Credential=") {
            credential = request.query[range.upperBound...].prefix { $0 != "&" }
        }
        guard let credential else { return (nil, nil) }
        let parts = credential.replacingOccurrences(of: "%2F", with: "/").split(
            separator: "/",
            omittingEmptySubsequences: false
        )
        let key = parts.first.map { String($0.prefix(128)) }
        let region = parts.count > 2 && Region.isValid(String(parts[2])) ? String(parts[2]) : nil
        return (key?.isEmpty == false ? key : nil, region)
    }
}
