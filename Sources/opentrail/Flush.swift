import ArgumentParser
import Foundation
import TrailModel
import TrailServer

struct Flush: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver every trail's pending events now, without waiting for the delivery window.",
        discussion: """
            Prints one line per delivered log file (trail ARN and object key) and one per trail whose
            delivery failed; exits with status 1 if any failed.
            """
    )

    @Option(help: "OpenTrail endpoint.")
    var endpoint = "http://127.0.0.1:\(ServerConfiguration.defaultPort)"

    @Option(name: .customLong("data-dir"), help: "Data directory whose credentials file to use.")
    var dataDirectory = "./opentrail-data"

    @Option(
        name: .customLong("credentials-file"),
        help:
            "AWS shared-credentials file ([default] profile). Default: <data-dir>/credentials, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set."
    )
    var credentialsFile: String?

    @Option(help: "Region to sign for.")
    var region = ServerConfiguration.defaultRegion

    func run() async throws {
        let key = try LookupClient.credentials(file: credentialsFile, dataDirectory: dataDirectory)
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--endpoint must be an http(s) URL, got \(endpoint)")
        }
        let report = try await LookupClient(endpoint: url, key: key).flushDelivery(region: region)
        if case .object(let trails)? = report["delivered"] {
            for (arn, keys) in trails {
                guard case .array(let keys) = keys else { continue }
                for key in keys { print("delivered \(arn) \(key.stringValue ?? "")") }
            }
        }
        var failed = false
        if case .object(let failures)? = report["failures"] {
            for (arn, error) in failures {
                print("failed \(arn) \(error.stringValue ?? "")")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
