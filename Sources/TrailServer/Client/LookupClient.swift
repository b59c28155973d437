import AWSSigV4
import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOHTTP1
import TrailDelivery
import TrailModel

/// A small signed client of OpenTrail's LookupEvents, for the command line.
public struct LookupClient: Sendable {
    /// A failure a person can act on.
    public struct ClientError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// What to look up.
    public struct Request: Sendable {
        public var region: String
        public var insights: Bool
        public var attribute: (key: String, value: String)?
        public var startTime: Date?
        public var endTime: Date?

        public init(region: String, insights: Bool = false) {
            self.region = region
            self.insights = insights
        }
    }

    /// One event of the answer.
    public struct Event: Sendable {
        public let shape: [String: JSONValue]
        let raw: JSONValue

        /// The LookupEvents `Event` as one line of JSON.
        public var jsonLine: String { raw.serializedString }

        /// Time, event name, user, source, read-only, event ID.
        public var tableRow: [String] {
            let time = shape["EventTime"].flatMap { value -> String? in
                if case .number(let n) = value, let seconds = Double(n) {
                    return EventTime.format(Date(timeIntervalSince1970: seconds))
                }
                return nil
            }
            return [
                time ?? "", shape["EventName"]?.stringValue ?? "", shape["Username"]?.stringValue ?? "",
                shape["EventSource"]?.stringValue ?? "", shape["ReadOnly"]?.stringValue ?? "",
                shape["EventId"]?.stringValue ?? "",
            ]
        }

        /// Renders rows under a header, columns padded to their widest cell.
        public static func renderTable(_ rows: [[String]]) -> String {
            let header = ["EVENT TIME", "EVENT NAME", "USER NAME", "EVENT SOURCE", "READ ONLY", "EVENT ID"]
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
            return all.map { row in
                row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }.joined(separator: "  ")
            }.joined(separator: "\n")
        }
    }

    let endpoint: URL
    let key: AccessKey

    public init(endpoint: URL, key: AccessKey) {
        self.endpoint = endpoint
        self.key = key
    }

    /// Reads credentials: an explicit file, else `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, else
    /// `<dataDirectory>/credentials`.
    public static func credentials(file: String?, dataDirectory: String) throws -> AccessKey {
        let environment = ProcessInfo.processInfo.environment
        if file == nil, let id = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] {
            return AccessKey(accessKeyId: id, secretAccessKey: secret)
        }
        let path = file ?? (dataDirectory as NSString).appendingPathComponent("credentials")
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ClientError(
                description:
                    "no credentials: cannot read \(path) (use --credentials-file or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
            )
        }
        guard let key = try RootCredentials.read(path: path) else {
            throw ClientError(description: "\(path) has no [default] aws_access_key_id and aws_secret_access_key")
        }
        return key
    }

    /// Pages through LookupEvents, calling `each` for every event, until `max` events or the end.
    public func lookup(_ request: Request, max: Int, each: (Event) throws -> Void) async throws {
        var token: String?
        var seen = 0
        repeat {
            var members: [(key: String, value: JSONValue)] = [("MaxResults", .int(Swift.min(50, max - seen)))]
            if let attribute = request.attribute {
                members.append(
                    (
                        "LookupAttributes",
                        .array([
                            .object([
                                ("AttributeKey", .string(attribute.key)), ("AttributeValue", .string(attribute.value)),
                            ])
                        ])
                    )
                )
            }
            if let start = request.startTime {
                members.append(("StartTime", .number(String(start.timeIntervalSince1970))))
            }
            if let end = request.endTime { members.append(("EndTime", .number(String(end.timeIntervalSince1970)))) }
            if request.insights { members.append(("EventCategory", .string("insight"))) }
            if let token { members.append(("NextToken", .string(token))) }
            let answer = try await call(
                "LookupEvents",
                body: JSONValue.object(members).serialized,
                region: request.region
            )
            guard case .array(let events)? = answer["Events"] else {
                throw ClientError(description: "unexpected answer from \(endpoint)")
            }
            for event in events {
                guard case .object(let members) = event else { continue }
                try each(Event(shape: Dictionary(members, uniquingKeysWith: { a, _ in a }), raw: event))
                seen += 1
                if seen >= max { return }
            }
            token = answer["NextToken"]?.stringValue
        } while token != nil
    }

    func call(_ operation: String, body: [UInt8], region: String) async throws -> JSONValue {
        try await post(
            path: "/",
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "X-Amz-Target", value: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.\(operation)"),
            ],
            service: "cloudtrail",
            body: body,
            region: region,
            operation: operation
        )
    }

    /// Delivers every trail's pending events now (`POST /v1/delivery/flush`) and returns the report:
    /// `{"through": N, "delivered": {trailARN: [keys]}, "failures": {trailARN: error}, "digests": {trailARN:
    /// [keys]}}`. With `sealsDigests`, every open digest chain also writes its digest now.
    public func flushDelivery(region: String, sealsDigests: Bool = false) async throws -> JSONValue {
        try await post(
            path: "/v1/delivery/flush",
            headers: [(name: "Content-Type", value: "application/json")],
            service: "opentrail",
            body: sealsDigests ? Array(#"{"digests": true}"#.utf8) : [],
            region: region,
            operation: "FlushDelivery"
        )
    }

    /// A SigV4-signed POST; the answer's JSON, or a ``ClientError`` with the server's error.
    func post(
        path: String,
        headers: [(name: String, value: String)],
        service: String,
        body: [UInt8],
        region: String,
        operation: String
    ) async throws -> JSONValue {
        let (status, value) = try await signedPost(
            path: path,
            headers: headers,
            service: service,
            body: body,
            region: region,
            operation: operation
        )
        guard status == 200 else {
            let type = value["__type"]?.stringValue ?? value["code"]?.stringValue ?? "HTTP error"
            let message = value["message"]?.stringValue ?? ""
            throw ClientError(description: "\(operation) failed: \(type): \(message)")
        }
        return value
    }
}

// MARK: - validate-logs

extension LookupClient {
    /// The trails the caller can see in `region` (DescribeTrails, shadow trails included): the answer's
    /// `trailList`.
    ///
    /// - Throws: ``ClientError`` when the server cannot be reached or refuses.
    public func describeTrails(region: String) async throws -> [JSONValue] {
        let answer = try await call("DescribeTrails", body: Array("{}".utf8), region: region)
        guard case .array(let trails)? = answer["trailList"] else {
            throw ClientError(description: "unexpected DescribeTrails answer from \(endpoint)")
        }
        return trails
    }

    /// The public keys of digests signed in `region` between `start` and `end` (ListPublicKeys): the answer,
    /// `{"PublicKeyList": [{"Value", "ValidityStartTime", "ValidityEndTime", "Fingerprint"}]}`.
    ///
    /// - Throws: ``ClientError`` when the server cannot be reached or refuses.
    public func listPublicKeys(region: String, start: Date, end: Date) async throws -> JSONValue {
        let body = JSONValue.object([
            ("StartTime", .int(Int64(start.timeIntervalSince1970.rounded(.down)))),
            ("EndTime", .int(Int64(end.timeIntervalSince1970.rounded(.up)))),
        ])
        return try await call("ListPublicKeys", body: body.serialized, region: region)
    }

    /// OpenTrail's index of the digests it delivered for a trail in a region (`POST /v1/digests/list`):
    /// `{"trailArn", "region", "digests": [{"bucket", "key", "digestStartTime", "digestEndTime"}], "head"}`,
    /// or `nil` when the server has no index (HTTP 404 or a `NotFound` error).
    ///
    /// - Parameters:
    ///   - trailARN: The trail.
    ///   - region: The region whose digests to list.
    ///   - start: Only digests ending at or after this.
    ///   - end: Only digests ending at or before this.
    /// - Throws: ``ClientError`` when the server cannot be reached or refuses otherwise.
    public func listDigests(trailARN: String, region: String, start: Date, end: Date) async throws -> JSONValue? {
        let body = JSONValue.object([
            ("trailArn", .string(trailARN)),
            ("region", .string(region)),
            ("startTime", .string(EventTime.format(start))),
            ("endTime", .string(EventTime.format(end))),
        ])
        let (status, answer) = try await signedPost(
            path: "/v1/digests/list",
            headers: [(name: "Content-Type", value: "application/json")],
            service: "opentrail",
            body: body.serialized,
            region: region,
            operation: "ListDigests"
        )
        let type = answer["__type"]?.stringValue ?? answer["code"]?.stringValue
        if status == 404 || type == "NotFound" { return nil }
        guard status == 200 else {
            throw ClientError(
                description: "ListDigests failed: \(type ?? "HTTP \(status)"): \(answer["message"]?.stringValue ?? "")"
            )
        }
        return answer
    }

    /// An S3 store at `endpoint` (by default this client's endpoint: OpenTrail's S3 read API), path-style,
    /// signed with this client's key for `region`. The caller shuts it down.
    ///
    /// - Throws: `ObjectStoreError` when the endpoint is not an http(s) URL.
    package func s3ObjectStore(endpoint: URL? = nil, region: String) throws -> S3ObjectStore {
        try S3ObjectStore(
            configuration: S3ObjectStore.Configuration(
                endpoint: (endpoint ?? self.endpoint).absoluteString,
                region: region,
                credentials: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
                addressingStyle: .path
            )
        )
    }

    /// How long one call may take, answer included.
    static let timeout = TimeAmount.seconds(120)
    /// The largest answer read (a LookupEvents page, a backtest's matches).
    static let maximumAnswerSize = 256 * 1024 * 1024

    /// A SigV4-signed POST; the HTTP status and the answer's JSON (`null` when it is not JSON).
    private func signedPost(
        path: String,
        headers: [(name: String, value: String)],
        service: String,
        body: [UInt8],
        region: String,
        operation: String
    ) async throws -> (status: Int, answer: JSONValue) {
        guard let host = endpoint.host else { throw ClientError(description: "\(endpoint) has no host") }
        let authority = endpoint.port.map { "\(host):\($0)" } ?? host
        let unsigned = SigV4Request(method: "POST", path: path, headers: [(name: "Host", value: authority)] + headers)
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            region: region,
            service: service
        )
        let signed = signer.sign(unsigned, payloadHash: SigV4.payloadHash(body), date: Date())
        var request = HTTPClientRequest(url: endpoint.appendingPathComponent(path == "/" ? "" : path).absoluteString)
        request.method = .POST
        for header in signed.request.headers {
            request.headers.add(name: header.name, value: header.value)
        }
        request.headers.replaceOrAdd(name: "User-Agent", value: "opentrail-cli/\(operation)")
        request.body = .bytes(ByteBuffer(bytes: body))
        // AsyncHTTPClient's shared client: no set-up or shutdown per command, and its connections are
        // kept between the calls a command makes (URLSession on Linux cost ~10 ms a call here).
        let status: Int
        let data: ByteBuffer
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
            status = Int(response.status.code)
            data = try await response.body.collect(upTo: Self.maximumAnswerSize)
        } catch let error as IOError {
            // A socket error: its errno says it best ("Connection refused").
            throw ClientError(
                description: "cannot reach OpenTrail at \(endpoint): \(String(cString: strerror(error.errnoCode)))"
            )
        } catch {
            throw ClientError(description: "cannot reach OpenTrail at \(endpoint): \(error)")
        }
        return (status, (try? JSONValue(parsing: data.readableBytesView)) ?? .null)
    }
}
