import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TrailServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the OpenTrail service (SQLite in the data directory, loopback by default)."
    )

    @Option(name: .customLong("data-dir"), help: "Directory for the database and generated credentials.")
    var dataDirectory: String?

    @Option(name: .customLong("host"), help: "Address to listen on (default 127.0.0.1).")
    var hostname: String?

    @Option(help: "Port to listen on (default \(ServerConfiguration.defaultPort); 0 picks a free port).")
    var port: Int?

    @Option(name: .customLong("config"), help: "YAML configuration file (account, region, principals).")
    var configFile: String?

    @Option(
        name: .customLong("account-id"),
        help: "Account ID of every resource and record (default \(ServerConfiguration.defaultAccountId))."
    )
    var accountId: String?

    @Option(help: "Default region (default \(ServerConfiguration.defaultRegion)).")
    var region: String?

    @Option(name: .customLong("retention-days"), help: "Days of event history to keep (default 90).")
    var retentionDays: Double?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        var configuration = ServerConfiguration()
        if let configFile { try ConfigFile.load(path: configFile).apply(to: &configuration) }
        if let dataDirectory { configuration.dataDirectory = dataDirectory }
        if let hostname { configuration.hostname = hostname }
        if let port { configuration.port = port }
        if let accountId { configuration.accountId = accountId }
        if let region { configuration.region = region }
        if let retentionDays { configuration.retention = retentionDays * 86_400 }
        let environment = ProcessInfo.processInfo.environment
        switch (environment["OPENTRAIL_ROOT_ACCESS_KEY_ID"], environment["OPENTRAIL_ROOT_SECRET_ACCESS_KEY"]) {
        case (let id?, let secret?) where !id.isEmpty && !secret.isEmpty:
            configuration.rootAccessKey = AccessKey(accessKeyId: id, secretAccessKey: secret)
        case (nil, nil):
            break
        default:
            throw ValidationError(
                "set both OPENTRAIL_ROOT_ACCESS_KEY_ID and OPENTRAIL_ROOT_SECRET_ACCESS_KEY, or neither"
            )
        }
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("unknown log level \(logLevel)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "opentrail")
        do {
            let app = try await buildApplication(configuration, logger: logger)
            try await app.runService()
        } catch let error as ConfigurationError {
            throw ValidationError(error.description)
        }
    }
}
