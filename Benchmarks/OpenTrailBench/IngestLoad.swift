import AWSSigV4
import ArgumentParser
import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import TrailModel

/// A load generator for the ingest endpoints: concurrent clients on loopback, each sending signed batches
/// as fast as the server answers them, every event distinct.
struct IngestLoad: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Drive PutAuditEvents or the native batch endpoint of a running server."
    )

    enum Mode: String, ExpressibleByArgument {
        case putAuditEvents = "put-audit-events"
        case native
    }

    @Option var endpoint: String
    @Option var mode: Mode = .putAuditEvents
    @Option(help: "Channel ARN (put-audit-events).") var channel: String?
    @Option var events = 1_000_000
    @Option var clients = 8
    @Option var batch = 100
    @Option(help: "Report the rate every this many events.") var every = 100_000

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let keyID = environment["OPENTRAIL_ROOT_ACCESS_KEY_ID"],
            let secret = environment["OPENTRAIL_ROOT_SECRET_ACCESS_KEY"]
        else {
            throw ValidationError("set OPENTRAIL_ROOT_ACCESS_KEY_ID and OPENTRAIL_ROOT_SECRET_ACCESS_KEY")
        }
        guard let base = URL(string: endpoint), let host = base.host, let port = base.port else {
            throw ValidationError("--endpoint must be http://host:port")
        }
        if mode == .putAuditEvents, channel == nil {
            throw ValidationError("--channel is required for put-audit-events")
        }
        let signer = SigV4Signer(
            credentials: SigV4Credentials(accessKeyId: keyID, secretAccessKey: secret),
            region: "us-east-1",
            service: "cloudtrail-data"
        )
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let progress = Progress(total: events, every: every)
        let perClient = events / clients
        let start = ContinuousClock.now
        do {
            try await withThrowingTaskGroup(of: [Double].self) { group in
                for clientIndex in 0..<clients {
                    group.addTask {
                        var latencies: [Double] = []
                        var sent = 0
                        while sent < perClient {
                            let n = min(batch, perClient - sent)
                            let (path, query, body) = makeRequest(client: clientIndex, first: sent, count: n)
                            let started = ContinuousClock.now
                            try await send(
                                client,
                                signer: signer,
                                host: "\(host):\(port)",
                                path: path,
                                query: query,
                                body: body,
                                count: n
                            )
                            latencies.append((ContinuousClock.now - started).milliseconds)
                            sent += n
                            await progress.add(n)
                        }
                        return latencies
                    }
                }
                var all: [Double] = []
                for try await latencies in group { all += latencies }
                let seconds = (ContinuousClock.now - start).seconds
                all.sort()
                print(
                    String(
                        format:
                            "ingest %@: %d events in %.1f s = %.0f events/s (%d clients, batches of %d; request p50 %.1f ms, p99 %.1f ms)",
                        mode.rawValue,
                        perClient * clients,
                        seconds,
                        Double(perClient * clients) / seconds,
                        clients,
                        batch,
                        all[all.count / 2],
                        all[min(all.count - 1, all.count * 99 / 100)]
                    )
                )
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// One request's path, query and body; ids and eventIDs are unique per client and position.
    func makeRequest(client: Int, first: Int, count: Int) -> (String, String, [UInt8]) {
        let now = EventTime.format(Date())
        switch mode {
        case .putAuditEvents:
            var body = Array(#"{"auditEvents":["#.utf8)
            for i in first..<(first + count) {
                if i > first { body.append(UInt8(ascii: ",")) }
                let data =
                    #"{"version":"1.0","userIdentity":{"type":"ApplicationUser","principalId":"user\#(i % 50)"},"eventSource":"app\#(i % 20).example.com","eventName":"Operation\#(i % 200)","eventTime":"\#(now)","UID":"c\#(client)-\#(i)","recipientAccountId":"123456789012","sourceIPAddress":"192.0.2.\#(i % 250)","userAgent":"bench/1.0","requestParameters":{"item":"item-\#(i % 977)","count":\#(i % 13)}}"#
                body.append(contentsOf: #"{"id":"c\#(client)-\#(i)","eventData":"#.utf8)
                JSONValue.writeString(data, into: &body)
                body.append(UInt8(ascii: "}"))
            }
            body.append(contentsOf: "]}".utf8)
            let arn = channel!.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            return ("/PutAuditEvents", "channelArn=\(arn)", body)
        case .native:
            var body: [UInt8] = []
            body.reserveCapacity(count * 1200)
            for i in first..<(first + count) {
                body.append(
                    contentsOf:
                        #"{"eventVersion":"1.11","userIdentity":{"type":"IAMUser","principalId":"AIDABENCH\#(i % 50)","arn":"arn:aws:iam::123456789012:user/user\#(i % 50)","accountId":"123456789012","accessKeyId":"AKIA\#(String(format: "%06d", i % 50))BENCH00001","userName":"user\#(i % 50)"},"eventTime":"\#(now)","eventSource":"service\#(i % 20).amazonaws.com","eventName":"Operation\#(i % 200)","awsRegion":"us-east-1","sourceIPAddress":"192.0.2.\#(i % 250)","userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64","requestParameters":{"thing":"value-\#(i % 977)","count":\#(i % 13)},"responseElements":null,"requestID":"req-c\#(client)-\#(i)","eventID":"bench-c\#(client)-\#(i)","readOnly":\#(i % 10 < 6),"resources":[{"accountId":"123456789012","type":"AWS::Service\#(i % 10)::Thing","ARN":"arn:aws:service:us-east-1:123456789012:thing/\#(i % 10_000)"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012","eventCategory":"Management"}"#
                        .utf8
                )
                body.append(0x0A)
            }
            return ("/v1/events", "", body)
        }
    }

    func send(
        _ client: HTTPClient,
        signer: SigV4Signer,
        host: String,
        path: String,
        query: String,
        body: [UInt8],
        count: Int
    ) async throws {
        let unsigned = SigV4Request(
            method: "POST",
            path: path,
            query: query,
            headers: [(name: "Host", value: host), (name: "Content-Type", value: "application/json")]
        )
        let hash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let signed = signer.sign(unsigned, payloadHash: hash, date: Date())
        var request = HTTPClientRequest(url: "http://\(host)\(path)\(query.isEmpty ? "" : "?" + query)")
        request.method = .POST
        for header in signed.request.headers where header.name.lowercased() != "host" {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw ValidationError("HTTP \(response.status.code): \(String(buffer: answer))")
        }
        let text = String(buffer: answer)
        // Every event must be acknowledged: a benchmark that drops events measures nothing.
        if mode == .putAuditEvents, text.contains(#""errorCode""#) {
            throw ValidationError("events refused: \(text.prefix(300))")
        }
        if mode == .native, !text.hasPrefix(#"{"duplicates":0,"rejected":0"#) {
            throw ValidationError("records refused: \(text.prefix(300))")
        }
    }
}

/// Counts acknowledged events and prints the rate at each step.
actor Progress {
    let total: Int
    let every: Int
    var done = 0
    var nextReport: Int
    let start = ContinuousClock.now
    var lastTime = ContinuousClock.now
    var lastDone = 0

    init(total: Int, every: Int) {
        self.total = total
        self.every = every
        self.nextReport = every
    }

    func add(_ n: Int) {
        done += n
        guard done >= nextReport else { return }
        let now = ContinuousClock.now
        let window = Double(done - lastDone) / (now - lastTime).seconds
        print(
            String(
                format: "  %8d events: %.0f events/s over the last step, %.0f overall",
                done,
                window,
                Double(done) / (now - start).seconds
            )
        )
        lastTime = now
        lastDone = done
        nextReport += every
    }
}
