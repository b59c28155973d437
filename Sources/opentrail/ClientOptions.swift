import ArgumentParser
import Foundation
import TrailServer

/// How a client subcommand reaches a running OpenTrail: endpoint, credentials and signing region.
struct ClientOptions: ParsableArguments {
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

    /// A signing client of the endpoint, with the credentials found.
    func client() throws -> LookupClient {
        let key = try LookupClient.credentials(file: credentialsFile, dataDirectory: dataDirectory)
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--endpoint must be an http(s) URL, got \(endpoint)")
        }
        return LookupClient(endpoint: url, key: key)
    }
}
