import AWSSigV4
import Testing

/// The signer reproduces every v4 case of the aws-c-auth suite byte for byte.
// The vectors live in shared/testdata beside the package and are never copied into it; without
// them these tests are skipped.
@Suite(.enabled(if: TestVectors.isAvailable, "SigV4 vectors not found: set OPENTRAIL_SHARED or check out ../shared"))
struct SigningVectorTests {
    @Test("Header signing matches canonical request, string to sign and signature", arguments: TestVectors.caseNames)
    func headerSigning(caseName: String) throws {
        // given
        let vector = try TestVectors.load(caseName)
        let message = try vector.message("request.txt")

        // when
        let signed = vector.signer.sign(
            message.request,
            payloadHash: SigV4.payloadHash(message.body),
            date: vector.date,
            options: vector.signerOptions
        )

        // then
        #expect(signed.canonicalRequest == (try vector.text("header-canonical-request.txt")))
        #expect(signed.stringToSign == (try vector.text("header-string-to-sign.txt")))
        #expect(signed.signature == (try vector.text("header-signature.txt")))
        let expected = try vector.message("header-signed-request.txt")
        #expect(signed.authorization == expected.header("Authorization"))
        #expect(lines(signed.request.headers) == lines(expected.request.headers))
        #expect(signed.request.target == expected.request.target)
    }

    @Test("Query signing (presigning) matches the vectors", arguments: TestVectors.caseNames)
    func querySigning(caseName: String) throws {
        // given
        let vector = try TestVectors.load(caseName)
        let message = try vector.message("request.txt")

        // when
        let presigned = vector.signer.presign(
            message.request,
            payloadHash: SigV4.payloadHash(message.body),
            date: vector.date,
            expires: vector.context.expirationInSeconds,
            options: vector.signerOptions
        )

        // then
        #expect(presigned.canonicalRequest == (try vector.text("query-canonical-request.txt")))
        #expect(presigned.stringToSign == (try vector.text("query-string-to-sign.txt")))
        #expect(presigned.signature == (try vector.text("query-signature.txt")))
        let expected = try vector.message("query-signed-request.txt")
        #expect(presigned.request.target == expected.request.target)
        #expect(lines(presigned.request.headers) == lines(expected.request.headers))
    }
}
