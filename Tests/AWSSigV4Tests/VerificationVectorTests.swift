import AWSSigV4
import Foundation
import Testing

/// The verifier accepts every signed request of the aws-c-auth suite and rejects tampered ones.
// The vectors live in shared/testdata beside the package and are never copied into it; without
// them these tests are skipped.
@Suite(.enabled(if: TestVectors.isAvailable, "SigV4 vectors not found: set OPENTRAIL_SHARED or check out ../shared"))
struct VerificationVectorTests {
    @Test("Accepts the header-signed request", arguments: TestVectors.caseNames)
    func acceptsHeaderSigned(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("header-signed-request.txt")

        let identity = try await vector.verifier.verify(signed.request, body: signed.body, now: vector.date)

        #expect(identity.accessKeyId == vector.context.credentials.accessKeyId)
        #expect(identity.region == vector.context.region)
        #expect(identity.service == vector.context.service)
        #expect(identity.signingDate == vector.date)
        #expect(identity.signedHeaders.contains("host"))
        #expect(identity.mechanism == .authorizationHeader)
        #expect(identity.sessionToken == vector.context.credentials.token)
    }

    @Test("Accepts the query-signed (presigned) request", arguments: TestVectors.caseNames)
    func acceptsQuerySigned(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("query-signed-request.txt")

        let identity = try await vector.verifier.verify(
            signed.request,
            body: signed.body,
            now: vector.date.addingTimeInterval(60)
        )

        #expect(identity.accessKeyId == vector.context.credentials.accessKeyId)
        #expect(identity.mechanism == .queryString)
    }

    @Test("Rejects an altered body", arguments: TestVectors.caseNames)
    func rejectsAlteredBody(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("header-signed-request.txt")

        await #expect(throws: SigV4Error.signatureMismatch()) {
            try await vector.verifier.verify(signed.request, body: signed.body + Array("x".utf8), now: vector.date)
        }
    }

    @Test("Rejects an altered signed header", arguments: TestVectors.caseNames)
    func rejectsAlteredHeader(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        var request = try vector.message("header-signed-request.txt").request
        let body = try vector.message("header-signed-request.txt").body
        let signedNames = Set(
            try #require(try vector.message("header-signed-request.txt").header("Authorization"))
                .split(separator: "SignedHeaders=")[1].prefix { $0 != "," }.split(separator: ";").map(String.init)
        )
        let preferred = signedNames.subtracting(["host", "x-amz-date"]).sorted().first ?? "host"
        let index = try #require(request.headers.firstIndex { $0.name.lowercased() == preferred })
        request.headers[index].value += "x"

        await #expect(throws: SigV4Error.signatureMismatch()) {
            try await vector.verifier.verify(request, body: body, now: vector.date)
        }
    }

    @Test("Rejects an altered signature", arguments: TestVectors.caseNames)
    func rejectsAlteredSignature(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("header-signed-request.txt")
        var request = signed.request
        let index = try #require(request.headers.firstIndex { $0.name == "Authorization" })
        let last = request.headers[index].value.removeLast()
        request.headers[index].value.append(last == "0" ? "1" : "0")

        await #expect(throws: SigV4Error.signatureMismatch()) {
            try await vector.verifier.verify(request, body: signed.body, now: vector.date)
        }
    }

    @Test("Rejects an unknown access key", arguments: TestVectors.caseNames)
    func rejectsUnknownKey(caseName: String) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("header-signed-request.txt")
        let verifier = SigV4Verifier(services: [vector.context.service]) { _ in nil }

        await #expect(throws: SigV4Error.unrecognizedClient()) {
            try await verifier.verify(signed.request, body: signed.body, now: vector.date)
        }
    }

    @Test("Rejects a clock 16 minutes off either way", arguments: TestVectors.caseNames, [-16.0, 16.0])
    func rejectsClockSkew(caseName: String, minutes: Double) async throws {
        let vector = try TestVectors.load(caseName)
        let signed = try vector.message("header-signed-request.txt")

        let error = await #expect(throws: SigV4Error.self) {
            try await vector.verifier.verify(
                signed.request,
                body: signed.body,
                now: vector.date.addingTimeInterval(minutes * 60)
            )
        }

        #expect(error?.code == .invalidSignature)
        #expect(error?.reason.hasPrefix(minutes > 0 ? "Signature expired: " : "Signature not yet current: ") == true)
    }
}
