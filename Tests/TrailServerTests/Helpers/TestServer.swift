import AWSSigV4
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import TrailModel
import TrailServer

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

let rootKey = AccessKey(accessKeyId: "AKIAROOT000000000001", secretAccessKey: "root-secret-0123456789abcdefghij")
let aliceKey = AccessKey(accessKeyId: "AKIAALICE00000000001", secretAccessKey: "alice-secret-0123456789abcdefghi")

/// A server configuration in a fresh temporary data directory.
func testConfiguration(_ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "opentrail-server-\(UUID().uuidString)"
    ).path
    var configuration = ServerConfiguration(
        port: 0,
        dataDirectory: directory,
        principals: [
            PrincipalConfiguration(
                userName: "alice",
                accessKeyId: aliceKey.accessKeyId,
                secretAccessKey: aliceKey.secretAccessKey
            )
        ],
        rootAccessKey: rootKey
    )
    adjust(&configuration)
    return configuration
}

/// Builds a SigV4-signed AWS JSON 1.1 request the way botocore does.
struct SignedCall {
    var operation: String
    var body: String = "{}"
    var key: AccessKey = rootKey
    var region = "us-east-1"
    var service = "cloudtrail"
    var date: Date
    var target: String?

    init(_ operation: String, _ body: String = "{}", key: AccessKey = rootKey, date: Date) {
        self.operation = operation
        self.body = body
        self.key = key
        self.date = date
    }

    var headers: HTTPFields {
        let target = self.target ?? "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.\(operation)"
        let request = SigV4Request(
            method: "POST",
            path: "/",
            headers: [
                (name: "Host", value: "localhost"), (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: target),
            ]
        )
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            region: region,
            service: service
        )
        let signed = signer.sign(request, payloadHash: SigV4.payloadHash(Array(body.utf8)), date: date)
        var fields = HTTPFields()
        for header in signed.request.headers {
            fields.append(HTTPField(name: HTTPField.Name(header.name)!, value: header.value))
        }
        fields[.userAgent] = "opentrail-tests/1.0"
        return fields
    }
}

/// A parsed JSON answer.
struct Answer {
    let status: HTTPResponse.Status
    let json: JSONValue
    let headers: HTTPFields

    var errorType: String? { json["__type"]?.stringValue }
}

extension TestClientProtocol {
    /// Sends a signed call and parses the answer.
    func call(_ call: SignedCall, body override: String? = nil) async throws -> Answer {
        try await execute(
            uri: "/",
            method: .post,
            headers: call.headers,
            body: ByteBuffer(string: override ?? call.body)
        ) { response in
            let json = (try? JSONValue(parsing: Array(response.body.readableBytesView))) ?? .null
            return Answer(status: response.status, json: json, headers: response.headers)
        }
    }
}

/// The events of a LookupEvents answer, with their records parsed.
func records(_ answer: Answer) throws -> [JSONValue] {
    guard case .array(let events)? = answer.json["Events"] else { return [] }
    return try events.map { try JSONValue(parsing: $0["CloudTrailEvent"]?.stringValue ?? "null") }
}

func testLogger() -> Logger {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    return logger
}
