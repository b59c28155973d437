import AWSSigV4
import Foundation

/// A request shaped like the AWS CLI's `aws cloudtrail lookup-events`, and keys to sign it.
enum CloudTrailFixture {
    static let accessKeyId = "AKIAOPENTRAILTEST01"
    static let secret = "s3cr3t/OpenTrail+Test/Key0123456789abcdEF"
    static let region = "us-east-1"
    /// 2013-05-24T00:00:00Z, the date of AWS's clock-skew example.
    static let date = Date(timeIntervalSince1970: 1_369_353_600)
    static let body = Array(
        #"{"LookupAttributes": [{"AttributeKey": "EventName", "AttributeValue": "ConsoleLogin"}]}"#.utf8
    )

    static let unsigned = SigV4Request(
        method: "POST",
        path: "/",
        headers: [
            (name: "Host", value: "cloudtrail.us-east-1.amazonaws.com"),
            (name: "X-Amz-Target", value: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"),
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "User-Agent", value: "aws-cli/2.27.0 md/Botocore#1.38.0"),
            (name: "Content-Length", value: String(body.count)),
        ]
    )

    static func signer(sessionToken: String? = nil, service: String = "cloudtrail") -> SigV4Signer {
        SigV4Signer(
            credentials: SigV4Credentials(
                accessKeyId: accessKeyId,
                secretAccessKey: secret,
                sessionToken: sessionToken
            ),
            region: region,
            service: service
        )
    }

    /// The fixture request signed at ``date``.
    static func signed(
        _ request: SigV4Request = unsigned,
        sessionToken: String? = nil,
        service: String = "cloudtrail",
        body: [UInt8] = body,
        at date: Date = date
    ) -> SigV4SignedRequest {
        signer(sessionToken: sessionToken, service: service)
            .sign(request, payloadHash: SigV4.payloadHash(body), date: date)
    }

    static func verifier(
        services: Set<String> = ["cloudtrail", "cloudtrail-data"],
        regions: Set<String>? = nil
    ) -> SigV4Verifier {
        SigV4Verifier(configuration: .init(services: services, regions: regions)) { id in
            id == accessKeyId ? secret : nil
        }
    }
}

extension SigV4Request {
    /// A copy with the value of every header named `name` (case-insensitive) replaced, or the
    /// header removed when `value` is `nil`.
    func replacingHeader(_ name: String, with value: String?) -> SigV4Request {
        var copy = self
        if let value {
            copy.headers = headers.map {
                $0.name.lowercased() == name.lowercased() ? (name: $0.name, value: value) : $0
            }
        } else {
            copy.headers = headers.filter { $0.name.lowercased() != name.lowercased() }
        }
        return copy
    }
}
