import ArgumentParser
import Foundation
import TrailModel
import TrailRules

/// Records per second on one core through what the monitor engine runs for each record: the EventBridge
/// envelope (the record flattened once), the 14 CIS metric filters, and N event rules compiled into one
/// matcher. `scripts/bench monitors` runs it with 10 and 1,000 rules, and Foundation's `JSONSerialization`
/// decoding the same records as the reference of decoding-based matching.
struct MonitorThroughput: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor-throughput",
        abstract: "Records/s on one core through the 14 CIS metric filters plus N event rules."
    )

    @Option(help: "Numbers of rules to measure.")
    var rules: [Int] = [10, 1000]

    @Option(help: "Distinct records (cycled).")
    var records = 20_000

    @Option(help: "Seconds per measurement.")
    var seconds: Double = 5

    func run() async throws {
        let samples = (0..<records).map { MonitorRecords.record($0) }
        let fields = samples.map { bytes in
            let value = try! JSONValue(parsing: bytes)
            return IndexedFields(record: value, fallbackTime: 0, fallbackEventID: "x")
        }
        let filters = CISMonitoringSet.controls.map { try! FilterPattern($0.filterPattern) }
        let averageSize = samples.reduce(0) { $0 + $1.count } / samples.count
        print("records: \(records) distinct, \(averageSize) bytes on average; \(filters.count) CIS filters")

        // Reference: decoding every record with Foundation (what matching on decoded objects starts with).
        let decodeRate = measure(seconds: seconds) { index in
            _ = try? JSONSerialization.jsonObject(with: Data(samples[index % samples.count]))
        }
        print(String(format: "JSONSerialization decode only: %.0f records/s", decodeRate))
        // The flattening alone.
        let flattenRate = measure(seconds: seconds) { index in
            let i = index % samples.count
            _ = try? EventBridgeEnvelope(record: samples[i], fields: fields[i], defaultAccount: "123456789012")
        }
        print(String(format: "envelope (flatten) only: %.0f records/s", flattenRate))

        var rates: [Int: Double] = [:]
        for count in rules {
            let patterns = (0..<count).map { (id: $0, pattern: try! EventPattern(json: MonitorRecords.rule($0))) }
            let matcher = EventPatternMatcher(patterns)
            var filterMatches = 0
            var ruleMatches = 0
            var scratch = EventPatternMatcher.Scratch()
            var ids: [Int] = []
            let rate = measure(seconds: seconds) { index in
                let i = index % samples.count
                guard
                    let envelope = try? EventBridgeEnvelope(
                        record: samples[i],
                        fields: fields[i],
                        defaultAccount: "123456789012"
                    )
                else { return }
                let view = LogEventView(message: samples[i], json: envelope.flat)
                for filter in filters where filter.matches(view) { filterMatches += 1 }
                matcher.matchingIDs(envelope.flat, into: &ids, scratch: &scratch)
                ruleMatches += ids.count
            }
            rates[count] = rate
            print(
                String(
                    format: "14 CIS filters + %d rules: %.0f records/s (%.2f µs/record; %d filter and %d rule matches)",
                    count,
                    rate,
                    1e6 / rate,
                    filterMatches,
                    ruleMatches
                )
            )
        }
        if let low = rules.min(), let high = rules.max(), low != high, let a = rates[low], let b = rates[high] {
            print(String(format: "rate with %d rules / rate with %d rules: %.2f", high, low, b / a))
        }
    }

    /// Calls `body` with 0, 1, 2, ... for about `seconds` (after a warm-up); returns calls per second.
    func measure(seconds: Double, _ body: (Int) -> Void) -> Double {
        for index in 0..<2000 { body(index) }
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while true {
            for _ in 0..<1000 {
                body(count)
                count += 1
            }
            let elapsed = clock.now - start
            let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if secondsElapsed >= seconds { return Double(count) / secondsElapsed }
        }
    }
}

/// Realistic CloudTrail records and EventBridge rules for the monitor benchmark.
enum MonitorRecords {
    static let services = [
        "s3", "ec2", "iam", "kms", "sts", "lambda", "dynamodb", "cloudtrail", "signin", "rds", "sns", "sqs",
        "logs", "monitoring", "config", "ssm", "secretsmanager", "ecr", "ecs", "eks",
    ]
    static let verbs = ["Get", "List", "Describe", "Put", "Create", "Delete", "Update", "Attach", "Detach", "Start"]
    static let nouns = ["Bucket", "Object", "Instance", "Role", "Policy", "Key", "User", "Function", "Table", "Trail"]
    static let identityTypes = ["IAMUser", "AssumedRole", "Root", "AWSService", "FederatedUser"]

    static func pick<T>(_ list: [T], _ index: Int, _ salt: Int) -> T {
        list[(index &* 2_654_435_761 &+ salt &* 40_503) % list.count]
    }

    static func record(_ index: Int) -> [UInt8] {
        let service = pick(services, index, 1)
        let verb = pick(verbs, index, 2)
        let name = verb + pick(nouns, index, 3)
        let identity = pick(identityTypes, index, 4)
        let readOnly = ["Get", "List", "Describe"].contains(verb)
        let failed = index % 17 == 0
        let second = index % 60
        var record = """
            {"eventVersion":"1.09","userIdentity":{"type":"\(identity)","principalId":"AIDA\(index % 977)EXAMPLE",\
            "arn":"arn:aws:iam::123456789012:user/user\(index % 50)","accountId":"123456789012",\
            "accessKeyId":"AKIA\(String(index % 9973).padding(toLength: 16, withPad: "0", startingAt: 0))",\
            "userName":"user\(index % 50)","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},\
            "attributes":{"creationDate":"2026-11-20T09:00:00Z","mfaAuthenticated":"\(index % 3 == 0)"}}},\
            "eventTime":"2026-11-20T10:00:\(second < 10 ? "0" : "")\(second)Z","eventSource":"\(service).amazonaws.com",\
            "eventName":"\(name)","awsRegion":"us-east-1","sourceIPAddress":"10.\(index % 7).\(index % 251).\(index % 199)",\
            "userAgent":"aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.debian botocore/1.34.0",
            """
        if failed {
            record += #""errorCode":"AccessDenied","errorMessage":"User is not authorized to perform this operation","#
        }
        record += """
            "requestParameters":{"bucketName":"bucket-\(index % 97)","maxResults":\(index % 200),\
            "filters":[{"name":"tag:team","values":["t\(index % 5)","shared"]}],"encrypted":\(index % 2 == 0)},\
            "responseElements":\(readOnly || failed ? "null" : "{\"requestId\":\"r-\(index)\",\"status\":\"ok\"}"),\
            "requestID":"\(UUID().uuidString)","eventID":"\(UUID().uuidString)","readOnly":\(readOnly),\
            "resources":[{"accountId":"123456789012","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::bucket-\(index % 97)"}],\
            "eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012",\
            "eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3",\
            "cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"\(service).us-east-1.amazonaws.com"}}
            """
        return Array(record.utf8)
    }

    /// A rule of the mix: exact source and name, prefixes, anything-but, numeric ranges, exists, CIDR.
    static func rule(_ index: Int) -> String {
        let service = pick(services, index, 5)
        let name = pick(verbs, index, 6) + pick(nouns, index, 7)
        switch index % 10 {
        case 0, 1, 2, 3:
            return #"{"source":["aws.\#(service)"],"detail":{"eventName":["\#(name)"]}}"#
        case 4, 5:
            return #"{"source":["aws.\#(service)"],"detail":{"eventName":[{"prefix":"\#(pick(verbs, index, 8))"}]}}"#
        case 6:
            return
                #"{"detail-type":["AWS API Call via CloudTrail"],"detail":{"eventSource":["\#(service).amazonaws.com"],"userIdentity":{"type":[{"anything-but":["AWSService","Root"]}]}}}"#
        case 7:
            return
                #"{"source":["aws.\#(service)"],"detail":{"requestParameters":{"maxResults":[{"numeric":[">",\#(index % 150),"<=",\#(index % 150 + 20)]}]}}}"#
        case 8:
            return
                #"{"detail":{"eventSource":["\#(service).amazonaws.com"],"errorCode":[{"exists":true}],"eventName":[{"suffix":"\#(pick(nouns, index, 9))"}]}}"#
        default:
            return
                #"{"source":["aws.\#(service)"],"detail":{"sourceIPAddress":[{"cidr":"10.\#(index % 7).0.0/16"}],"readOnly":[false]}}"#
        }
    }
}
