import AWSSigV4
public import Foundation
import TrailModel

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

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
    /// `{"through": N, "delivered": {trailARN: [keys]}, "failures": {trailARN: error}}`.
    public func flushDelivery(region: String) async throws -> JSONValue {
        try await post(
            path: "/v1/delivery/flush",
            headers: [(name: "Content-Type", value: "application/json")],
            service: "opentrail",
            body: [],
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
        let host = endpoint.port.map { "\(endpoint.host!):\($0)" } ?? endpoint.host!
        let unsigned = SigV4Request(method: "POST", path: path, headers: [(name: "Host", value: host)] + headers)
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey),
            region: region,
            service: service
        )
        let signed = signer.sign(unsigned, payloadHash: SigV4.payloadHash(body), date: Date())
        var urlRequest = URLRequest(url: endpoint.appendingPathComponent(path == "/" ? "" : path))
        urlRequest.httpMethod = "POST"
        for header in signed.request.headers where header.name.lowercased() != "host" {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        urlRequest.setValue("opentrail-cli/\(operation)", forHTTPHeaderField: "User-Agent")
        urlRequest.httpBody = Data(body)
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: urlRequest)
        } catch {
            throw ClientError(description: "cannot reach OpenTrail at \(endpoint): \(error.localizedDescription)")
        }
        let value = (try? JSONValue(parsing: [UInt8](data))) ?? .null
        guard let http = response as? HTTPURLResponse, http.statusCode == 200 else {
            let type = value["__type"]?.stringValue ?? value["code"]?.stringValue ?? "HTTP error"
            let message = value["message"]?.stringValue ?? ""
            throw ClientError(description: "\(operation) failed: \(type): \(message)")
        }
        return value
    }
}
