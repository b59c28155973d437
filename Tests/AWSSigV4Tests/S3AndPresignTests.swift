import AWSSigV4
import Foundation
import Testing

/// S3's canonicalisation and payload rules, and presigned requests.
@Suite struct S3AndPresignTests {
    static let credentials = SigV4Credentials(accessKeyId: "AKIAS3TEST", secretAccessKey: "s3-secret/KEY")
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    static let verifier = SigV4Verifier(services: ["s3"]) { $0 == "AKIAS3TEST" ? "s3-secret/KEY" : nil }

    static func request(_ target: String, headers: [(name: String, value: String)] = []) -> SigV4Request {
        SigV4Request(
            method: "GET",
            target: target,
            headers: [(name: "Host", value: "bucket.s3.amazonaws.com")] + headers
        )
    }

    static func canonicalURI(_ signed: SigV4SignedRequest) -> Substring {
        signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[1]
    }

    @Test(
        "S3 paths are encoded once and never normalised; other services double-encode and normalise",
        arguments: [
            ("s3", "/my%20key/a%2Fb/../c", "/my%20key/a%2Fb/../c"),
            ("s3", "//double//slash", "//double//slash"),
            ("s3", "/caf%C3%A9+(1).txt", "/caf%C3%A9%2B%281%29.txt"),
            ("s3", "/lower%2fhex/raw space", "/lower%2Fhex/raw%20space"),
            ("logs", "/my%20key/a%2Fb/../c", "/my%2520key/c"),
            ("logs", "//double//slash", "/double/slash"),
        ]
    )
    func canonicalPaths(service: String, path: String, expected: String) {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: service)
        let signed = signer.sign(Self.request(path), payloadHash: SigV4.emptyPayloadHash, date: Self.date)
        #expect(Self.canonicalURI(signed) == Substring(expected))
    }

    @Test func s3UnsignedPayloadAcceptsAnyBody() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signed = signer.sign(
            Self.request("/my%20key"),
            payloadHash: SigV4.unsignedPayload,
            date: Self.date,
            options: .init(addsContentSHA256Header: true)
        )
        #expect(signed.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        let identity = try await Self.verifier.verify(signed.request, body: Array("anything".utf8), now: Self.date)
        #expect(identity.service == "s3")
    }

    @Test func s3ContentSHA256Mismatch() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let signed = signer.sign(
            Self.request("/key"),
            payloadHash: SigV4.payloadHash(Array("original".utf8)),
            date: Self.date,
            options: .init(addsContentSHA256Header: true)
        )
        _ = try await Self.verifier.verify(signed.request, body: Array("original".utf8), now: Self.date)
        let error = await #expect(throws: SigV4Error.self) {
            try await Self.verifier.verify(signed.request, body: Array("tampered".utf8), now: Self.date)
        }
        #expect(error?.code == .contentSHA256Mismatch)
        #expect(error?.code.awsErrorCode == "XAmzContentSHA256Mismatch")
    }

    @Test func presignedS3RoundTripAndExpiry() async throws {
        // given
        let signer = SigV4Signer(
            credentials: SigV4Credentials(
                accessKeyId: "AKIAS3TEST",
                secretAccessKey: "s3-secret/KEY",
                sessionToken: "tok+/="
            ),
            region: "eu-west-1",
            service: "s3"
        )
        let presigned = signer.presign(Self.request("/photos/cat%20one.jpg?versionId=3"), date: Self.date, expires: 300)
        #expect(
            presigned.request.query.hasPrefix(
                "versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAS3TEST%2F20150830%2Feu-west-1%2Fs3%2Faws4_request&"
            )
        )
        #expect(presigned.request.query.contains("&X-Amz-Security-Token=tok%2B%2F%3D&"))
        #expect(presigned.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))

        // when / then: valid within the window, whatever the body
        let identity = try await Self.verifier.verify(
            presigned.request,
            body: [],
            now: Self.date.addingTimeInterval(299)
        )
        #expect(identity.mechanism == .queryString)
        #expect(identity.sessionToken == "tok+/=")
        #expect(identity.region == "eu-west-1")

        let expired = await #expect(throws: SigV4Error.self) {
            try await Self.verifier.verify(presigned.request, body: [], now: Self.date.addingTimeInterval(301))
        }
        #expect(expired?.code == .invalidSignature)
        #expect(expired?.reason == "Request has expired")

        await #expect(throws: SigV4Error.invalidSignature("")) {
            try await Self.verifier.verify(presigned.request, body: [], now: Self.date.addingTimeInterval(-16 * 60))
        }
    }

    @Test func presignedTamperedQueryFails() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        var request = signer.presign(Self.request("/key?partNumber=1"), date: Self.date, expires: 60).request
        request.query = request.query.replacingOccurrences(of: "partNumber=1", with: "partNumber=2")
        await #expect(throws: SigV4Error.signatureMismatch()) {
            try await Self.verifier.verify(request, body: [], now: Self.date)
        }
    }

    @Test(
        "Presigned requests need every X-Amz parameter",
        arguments: ["X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires"]
    )
    func presignedMissingParameter(name: String) async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        var request = signer.presign(Self.request("/key"), date: Self.date, expires: 60).request
        request.query = request.query.split(separator: "&").filter { !$0.hasPrefix("\(name)=") }.joined(separator: "&")
        let error = await #expect(throws: SigV4Error.self) {
            try await Self.verifier.verify(request, body: [], now: Self.date)
        }
        #expect(error?.code == .incompleteSignature)
        #expect(error?.reason.hasPrefix("Query-string authentication version 4 requires") == true)
    }

    @Test func presignedExpiryOverAWeek() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let request = signer.presign(Self.request("/key"), date: Self.date, expires: 604_801).request
        await #expect(throws: SigV4Error.incompleteSignature("")) {
            try await Self.verifier.verify(request, body: [], now: Self.date)
        }
    }

    @Test func headerAndQueryTogetherAreRejected() async throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
        let presigned = signer.presign(Self.request("/key"), date: Self.date, expires: 60).request
        let signed = signer.sign(presigned, payloadHash: SigV4.emptyPayloadHash, date: Self.date)
        let error = await #expect(throws: SigV4Error.self) {
            try await Self.verifier.verify(signed.request, body: [], now: Self.date)
        }
        #expect(error?.code == .incompleteSignature)
    }
}
