import AWSSigV4
import Foundation
import Testing

@Suite struct VerifierTests {
    typealias Fixture = CloudTrailFixture

    @Test("A CloudTrail JSON POST signed like the AWS CLI verifies", arguments: [nil, "FQoGZXIvYXdzEXAMPLE//token+/="])
    func cloudTrailRoundTrip(sessionToken: String?) async throws {
        // given
        let signed = Fixture.signed(sessionToken: sessionToken)

        // when
        let identity = try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: Fixture.date)

        // then
        #expect(identity.accessKeyId == Fixture.accessKeyId)
        #expect(identity.region == "us-east-1")
        #expect(identity.service == "cloudtrail")
        #expect(identity.signingDate == Fixture.date)
        #expect(identity.sessionToken == sessionToken)
        let expectedHeaders =
            ["content-length", "content-type", "host", "x-amz-date"]
            + (sessionToken == nil ? [] : ["x-amz-security-token"]) + ["x-amz-target"]
        #expect(identity.signedHeaders == expectedHeaders)
        #expect(!identity.signedHeaders.contains("user-agent"))
        #expect(
            signed.authorization.hasPrefix(
                "AWS4-HMAC-SHA256 Credential=\(Fixture.accessKeyId)/20130524/us-east-1/cloudtrail/aws4_request, SignedHeaders="
            )
        )
    }

    @Test func acceptsEveryConfiguredService() async throws {
        let signed = Fixture.signed(service: "cloudtrail-data")
        let identity = try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: Fixture.date)
        #expect(identity.service == "cloudtrail-data")
    }

    @Test func unsignedHeadersMayChange() async throws {
        let signed = Fixture.signed()
        let request = signed.request.replacingHeader("User-Agent", with: "something-else")
        _ = try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
    }

    @Test func acceptsPayloadHashInsteadOfBody() async throws {
        let signed = Fixture.signed()
        let identity = try await Fixture.verifier()
            .verify(signed.request, payloadHash: SigV4.payloadHash(Fixture.body).uppercased(), now: Fixture.date)
        #expect(identity.accessKeyId == Fixture.accessKeyId)
    }

    // MARK: Missing authentication

    @Test func missingAuthentication() async throws {
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(Fixture.unsigned, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .missingAuthenticationToken)
        #expect(error?.reason == "Missing Authentication Token")
        #expect(error?.code.awsErrorCode == "MissingAuthenticationTokenException")
    }

    // MARK: Authorization header parsing

    @Test(
        "Tolerates extra spaces, missing spaces, tabs and any part order",
        arguments: [
            "AWS4-HMAC-SHA256   Credential=%C,   SignedHeaders=%H,  Signature=%S",
            "AWS4-HMAC-SHA256 Credential=%C,SignedHeaders=%H,Signature=%S",
            "AWS4-HMAC-SHA256\tCredential=%C,\tSignedHeaders=%H,\tSignature=%S",
            "AWS4-HMAC-SHA256 Signature=%S, Credential=%C, SignedHeaders=%H",
            " AWS4-HMAC-SHA256 Credential=%C, SignedHeaders=%H, Signature=%S, ",
        ]
    )
    func authorizationLayouts(template: String) async throws {
        let signed = Fixture.signed()
        let credential = "\(Fixture.accessKeyId)/20130524/us-east-1/cloudtrail/aws4_request"
        let signedHeaders = "content-length;content-type;host;x-amz-date;x-amz-target"
        let value = template.replacingOccurrences(of: "%C", with: credential)
            .replacingOccurrences(of: "%H", with: signedHeaders)
            .replacingOccurrences(of: "%S", with: signed.signature)
        let request = signed.request.replacingHeader("Authorization", with: value)
        _ = try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
    }

    @Test("Header names are matched case-insensitively", arguments: [true, false])
    func headerNameCase(lowercase: Bool) async throws {
        var request = Fixture.signed().request
        request.headers = request.headers.map {
            (name: lowercase ? $0.name.lowercased() : $0.name.uppercased(), value: $0.value)
        }
        _ = try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
    }

    @Test func missingSignatureAndSignedHeaders() async throws {
        let value = "AWS4-HMAC-SHA256 Credential=\(Fixture.accessKeyId)/20130524/us-east-1/cloudtrail/aws4_request"
        let request = Fixture.signed().request.replacingHeader("Authorization", with: value)

        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }

        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason == "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. Authorization=\(value)"
        )
    }

    @Test func foreignSchemeWithoutDate() async throws {
        let request = Fixture.unsigned.replacingHeader("Authorization", with: nil)
        var withBearer = request
        withBearer.headers.append((name: "Authorization", value: "Bearer eyJhbGciOi"))

        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(withBearer, body: Fixture.body, now: Fixture.date)
        }

        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason == "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=Bearer eyJhbGciOi"
        )
    }

    @Test func missingEqualSign() async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(of: "Credential=", with: "Credential= ")
        let request = signed.request.replacingHeader("Authorization", with: value)

        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }

        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason.hasPrefix(
                "'\(Fixture.accessKeyId)/20130524/us-east-1/cloudtrail/aws4_request' "
                    + "not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 "
            ) == true
        )
    }

    @Test func unsupportedAlgorithm() async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA512")
        let request = signed.request.replacingHeader("Authorization", with: value)

        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }

        #expect(error?.code == .incompleteSignature)
        #expect(error?.reason.contains("'AWS4-HMAC-SHA512'") == true)
    }

    @Test func twoAuthorizationHeaders() async throws {
        var request = Fixture.signed().request
        request.headers.append((name: "authorization", value: Fixture.signed().authorization))
        await #expect(throws: SigV4Error.incompleteSignature("")) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
    }

    @Test func missingDate() async throws {
        let request = Fixture.signed().request.replacingHeader("X-Amz-Date", with: nil)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason.hasPrefix(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-"
            ) == true
        )
    }

    @Test(
        "A malformed X-Amz-Date is incomplete",
        arguments: ["2013-05-24T00:00:00Z", "20130524T000000", "20130230T000000Z", "20130524T250000Z"]
    )
    func malformedDate(value: String) async throws {
        let request = Fixture.signed().request.replacingHeader("X-Amz-Date", with: value)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason
                == "Date must be in ISO-8601 'basic format'. Got '\(value)'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
    }

    @Test func dateHeaderInsteadOfXAmzDate() async throws {
        // given: X-Amz-Date left unsigned, then replaced by an HTTP Date header with the same time
        var options = SigV4Signer.Options()
        options.unsignedHeaderNames.insert("x-amz-date")
        var request = Fixture.signer()
            .sign(Fixture.unsigned, payloadHash: SigV4.payloadHash(Fixture.body), date: Fixture.date, options: options)
            .request.replacingHeader("X-Amz-Date", with: nil)
        request.headers.append((name: "Date", value: "Fri, 24 May 2013 00:00:00 GMT"))

        // when
        let identity = try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)

        // then
        #expect(identity.signingDate == Fixture.date)
        #expect(!identity.signedHeaders.contains("date"))
    }

    // MARK: Credential scope

    @Test func credentialWithFourElements() async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(of: "/us-east-1/", with: "/")
        let request = signed.request.replacingHeader("Authorization", with: value)

        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }

        #expect(error?.code == .incompleteSignature)
        #expect(
            error?.reason == "Credential must have exactly 5 slash-delimited elements, "
                + "e.g. keyid/date/region/service/term, got '\(Fixture.accessKeyId)/20130524/cloudtrail/aws4_request'"
        )
    }

    @Test func wrongTerminator() async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(of: "aws4_request", with: "aws5_request")
        let request = signed.request.replacingHeader("Authorization", with: value)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .invalidSignature)
        #expect(
            error?.reason == "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."
        )
    }

    @Test func scopeDateDiffersFromXAmzDate() async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(of: "/20130524/", with: "/20130523/")
        let request = signed.request.replacingHeader("Authorization", with: value)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .invalidSignature)
        #expect(
            error?.reason == "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                + "from HTTP: '20130523' != '20130524', from '20130524T000000Z'."
        )
    }

    @Test func serviceNotAccepted() async throws {
        let signed = Fixture.signed(service: "s3")
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.reason == "Credential should be scoped to correct service: 'cloudtrail' or 'cloudtrail-data'. ")
    }

    @Test func regionNotAccepted() async throws {
        let signed = Fixture.signed()
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier(regions: ["eu-west-1"]).verify(
                signed.request,
                body: Fixture.body,
                now: Fixture.date
            )
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.reason == "Credential should be scoped to a valid region, not 'us-east-1'. ")
    }

    @Test func hostMustBeSigned() async throws {
        var options = SigV4Signer.Options()
        options.unsignedHeaderNames.insert("host")
        let signed = Fixture.signer()
            .sign(Fixture.unsigned, payloadHash: SigV4.payloadHash(Fixture.body), date: Fixture.date, options: options)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .incompleteSignature)
        #expect(error?.reason == "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
    }

    // MARK: Keys, signatures, time

    @Test func unknownAccessKey() async throws {
        let signed = Fixture.signer().sign(
            Fixture.unsigned,
            payloadHash: SigV4.payloadHash(Fixture.body),
            date: Fixture.date
        )
        let verifier = SigV4Verifier(services: ["cloudtrail"]) { _ in nil }
        let error = await #expect(throws: SigV4Error.self) {
            try await verifier.verify(signed.request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .unrecognizedClient)
        #expect(error?.reason == "The security token included in the request is invalid.")
        #expect(error?.code.awsErrorCode == "UnrecognizedClientException")
    }

    @Test func wrongSecret() async throws {
        let signed = Fixture.signed()
        let verifier = SigV4Verifier(services: ["cloudtrail"]) { _ in "another-secret" }
        let error = await #expect(throws: SigV4Error.self) {
            try await verifier.verify(signed.request, body: Fixture.body, now: Fixture.date)
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.code.awsErrorCode == "InvalidSignatureException")
        #expect(
            error?.reason == "The request signature we calculated does not match the signature you provided. "
                + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        )
    }

    @Test("A signature that is not 64 lowercase hex digits fails", arguments: ["", "abc", "ZZ", "UPPER"])
    func malformedSignature(replacement: String) async throws {
        let signed = Fixture.signed()
        let value = signed.authorization.replacingOccurrences(
            of: signed.signature,
            with: replacement == "UPPER" ? signed.signature.uppercased() : replacement
        )
        let request = signed.request.replacingHeader("Authorization", with: value)
        await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(request, body: Fixture.body, now: Fixture.date)
        }
    }

    @Test func lookupErrorsPropagate() async throws {
        struct StoreDown: Error {}
        let verifier = SigV4Verifier(services: ["cloudtrail"]) { _ in throw StoreDown() }
        await #expect(throws: StoreDown.self) {
            try await verifier.verify(Fixture.signed().request, body: Fixture.body, now: Fixture.date)
        }
    }

    @Test func signatureExpiredMessage() async throws {
        let signed = Fixture.signed()
        let now = Fixture.date.addingTimeInterval(25 * 60)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: now)
        }
        #expect(error?.code == .invalidSignature)
        #expect(
            error?.reason
                == "Signature expired: 20130524T000000Z is now earlier than 20130524T001000Z (20130524T002500Z - 15 min.)"
        )
    }

    @Test func signatureNotYetCurrentMessage() async throws {
        let signed = Fixture.signed(at: Fixture.date.addingTimeInterval(30 * 60))
        let now = Fixture.date.addingTimeInterval(10 * 60)
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: now)
        }
        #expect(error?.code == .invalidSignature)
        #expect(
            error?.reason
                == "Signature not yet current: 20130524T003000Z is still later than 20130524T002500Z (20130524T001000Z + 15 min.)"
        )
    }

    @Test("Exactly 15 minutes of skew is accepted", arguments: [-15.0 * 60, 15.0 * 60 + 0.9])
    func skewBoundary(offset: Double) async throws {
        let signed = Fixture.signed()
        _ = try await Fixture.verifier().verify(
            signed.request,
            body: Fixture.body,
            now: Fixture.date.addingTimeInterval(offset)
        )
    }

    // MARK: Payload hash

    @Test func contentSHA256MismatchOutsideS3IsInvalidSignature() async throws {
        let signed = Fixture.signer()
            .sign(
                Fixture.unsigned,
                payloadHash: SigV4.payloadHash(Fixture.body),
                date: Fixture.date,
                options: .init(addsContentSHA256Header: true)
            )
        let error = await #expect(throws: SigV4Error.self) {
            try await Fixture.verifier().verify(signed.request, body: Array("{}".utf8), now: Fixture.date)
        }
        #expect(error?.code == .invalidSignature)
        #expect(error?.reason == "The provided 'x-amz-content-sha256' header does not match what was computed.")
    }

    @Test func unsignedPayloadIsRejectedOutsideS3() async throws {
        let signed = Fixture.signer()
            .sign(
                Fixture.unsigned,
                payloadHash: SigV4.unsignedPayload,
                date: Fixture.date,
                options: .init(addsContentSHA256Header: true)
            )
        await #expect(throws: SigV4Error.invalidSignature("")) {
            try await Fixture.verifier().verify(signed.request, body: Fixture.body, now: Fixture.date)
        }
    }

    // MARK: Secrets

    @Test func errorsNeverContainTheSecret() async throws {
        let signed = Fixture.signed()
        let requests = [
            signed.request,
            signed.request.replacingHeader("X-Amz-Date", with: "20990101T000000Z"),
            signed.request.replacingHeader("X-Amz-Target", with: "tampered"),
        ]
        for request in requests {
            do {
                _ = try await Fixture.verifier().verify(request, body: Array("tampered".utf8), now: Fixture.date)
                Issue.record("expected a failure")
            } catch let error as SigV4Error {
                #expect(!String(describing: error).contains(Fixture.secret))
                #expect(!error.reason.contains(Fixture.secret))
            }
        }
    }

    @Test func descriptionsRedactSecrets() {
        let credentials = SigV4Credentials(accessKeyId: "AKID", secretAccessKey: Fixture.secret, sessionToken: "tok")
        #expect(!credentials.description.contains(Fixture.secret))
        #expect(!credentials.description.contains("tok"))
        #expect(credentials.description.contains("AKID"))
        let identity = SigV4Identity(
            accessKeyId: "AKID",
            region: "r",
            service: "s",
            signingDate: Fixture.date,
            signedHeaders: ["host"],
            sessionToken: "tok",
            mechanism: .authorizationHeader
        )
        #expect(!identity.description.contains("tok"))
    }
}
