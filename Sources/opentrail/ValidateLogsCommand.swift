import ArgumentParser
import Foundation
import TrailDelivery
import TrailModel
import TrailServer
import TrailValidation

/// `opentrail validate-logs`: `aws cloudtrail validate-logs` for OpenTrail (same options, same output, same
/// exit status), reading concurrently, and using OpenTrail's digest index to catch deleted digests the AWS CLI
/// cannot see.
struct ValidateLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-logs",
        abstract: "Validate a trail's log files against its signed digest files, like aws cloudtrail validate-logs.",
        discussion: """
            Checks the trail's digest files of --region between --start-time and
            --end-time (signature, location, chain) and each log file's SHA-256.
            Prints what the AWS CLI prints (valid files with --verbose only,
            problems on standard error); exits with 1 if a file is invalid, 255
            if the validation could not run.

            Where the files are read:
              default          OpenTrail's S3 read API on --endpoint, or any S3
                               endpoint given with --s3-endpoint-url
              --data-dir DIR   the server's data directory (DIR/buckets)
              --directory DIR  downloaded files laid out by key, offline, with
                               --public-keys and --s3-bucket; a digest's
                               signature is read from
                               <digest>.json.gz.metadata.json

            Online, OpenTrail's digest index also reveals deleted digests the
            chain cannot: the newest ones, and every one of a run of deletions.

            Example:
              opentrail validate-logs --start-time 2026-11-21T00:00:00Z \\
                --trail-arn arn:aws:cloudtrail:us-east-1:123456789012:trail/main
            """
    )

    @Option(name: .customLong("trail-arn"), help: "ARN of the trail to validate.")
    var trailARN: String

    @Option(
        name: .customLong("start-time"),
        help: "Validate log files delivered on or after this UTC time, e.g. 2026-11-21T05:21:42Z."
    )
    var startTime: String

    @Option(
        name: .customLong("end-time"),
        help: "Validate log files delivered on or before this UTC time (default: now)."
    )
    var endTime: String?

    @Option(
        name: .customLong("s3-bucket"),
        help: "Bucket of the digest files (default: the trail's, from DescribeTrails)."
    )
    var s3Bucket: String?

    @Option(name: .customLong("s3-prefix"), help: "Key prefix of the digest files (used with --s3-bucket).")
    var s3Prefix: String?

    @Option(name: .customLong("account-id"), help: "Account whose files to validate (default: the ARN's).")
    var accountID: String?

    @Flag(help: "List every valid file too.")
    var verbose = false

    @Option(
        name: [.customLong("endpoint"), .customLong("endpoint-url")],
        help: "OpenTrail endpoint (CloudTrail API, digest index, and by default the S3 read API)."
    )
    var endpoint = "http://127.0.0.1:\(ServerConfiguration.defaultPort)"

    @Option(
        name: .customLong("credentials-file"),
        help:
            "AWS shared-credentials file ([default] profile). Default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when set, else <data-dir>/credentials."
    )
    var credentialsFile: String?

    @Option(help: "Region whose digest files to validate, and to sign for.")
    var region = ServerConfiguration.defaultRegion

    @Option(name: .customLong("s3-endpoint-url"), help: "S3 endpoint to read the files from (default: --endpoint).")
    var s3EndpointURL: String?

    @Option(
        name: .customLong("data-dir"),
        help: "Read the files directly from this server data directory (DIR/buckets, DIR/object-master.key)."
    )
    var dataDirectory: String?

    @Option(help: "Validate offline a directory of downloaded files laid out by key (DIR/AWSLogs/...).")
    var directory: String?

    @Option(
        name: .customLong("public-keys"),
        help: "Public keys from a file: the JSON output of aws cloudtrail list-public-keys."
    )
    var publicKeysFile: String?

    @Option(
        name: .customLong("digest-index"),
        help: "OpenTrail's digest index from a file (the answer of POST /v1/digests/list), e.g. offline."
    )
    var digestIndexFile: String?

    @Option(help: "Files read at once (default: 32 over S3, the core count for local files).")
    var concurrency: Int?

    func validate() throws {
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if directory != nil {
            guard publicKeysFile != nil, s3Bucket != nil else {
                throw ValidationError("--directory validates offline: give --public-keys FILE and --s3-bucket too")
            }
            guard dataDirectory == nil, s3EndpointURL == nil else {
                throw ValidationError("--directory cannot be combined with --data-dir or --s3-endpoint-url")
            }
        }
        if dataDirectory != nil, s3EndpointURL != nil {
            throw ValidationError("--data-dir and --s3-endpoint-url are two different sources: give one")
        }
    }

    func run() async throws {
        do {
            let status = try await validateLogs()
            if status != 0 { throw ExitCode(status) }
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            // As the AWS CLI reports a failure that stops the run: `\n<message>\n`, status 255.
            Self.write([ValidationOutput.fatal(Self.message(error))])
            throw ExitCode(255)
        }
    }

    private static func message(_ error: any Error) -> String {
        switch error {
        case let error as LogValidationError: return error.reason
        case let error as LookupClient.ClientError: return error.description
        case let error as ObjectStoreError: return error.message
        default: return "\(error)"
        }
    }

    /// Runs the validation, printing as it goes; returns the exit status.
    private func validateLogs() async throws -> Int32 {
        // The order of the AWS CLI's checks: times, then the ARN, then the trail.
        let start = try ValidationDate.parse(startTime)
        let end = try endTime.map { text throws(LogValidationError) in try ValidationDate.parse(text) } ?? Date()
        try ValidationConfiguration.checkTimeRange(start: start, end: end)
        try ValidationConfiguration.checkTrailARN(trailARN)
        let client = directory == nil ? try makeClient() : nil
        // The trail's location and OpenTrail's digest index are independent calls: made at once.
        async let pendingIndex = digestIndex(client: client, start: start, end: end)
        var bucket = s3Bucket
        var prefix = s3Prefix
        if bucket == nil, let client {
            do {
                (bucket, prefix) = try await trailLocation(client)
            } catch {
                // Awaited rather than cancelled, so that the call ends as it would have.
                _ = try? await pendingIndex
                throw error
            }
        }
        let configuration = try ValidationConfiguration(
            trailARN: trailARN,
            startTime: start,
            endTime: end,
            bucket: bucket ?? "",
            prefix: prefix,
            accountID: accountID,
            sourceRegion: region,
            concurrency: concurrency
        )
        var output = ValidationOutput(isVerbose: verbose)
        Self.write(output.startup(trailARN: trailARN, start: start, end: end))

        let (source, s3Store) = try makeSource(client: client, prefix: configuration.prefix)
        let summary: ValidationSummary
        do {
            let validator = LogValidator(
                configuration: configuration,
                source: source,
                publicKeys: try publicKeys(client: client),
                index: try await pendingIndex
            )
            summary = try await validator.run { event in Self.write(output.report(event)) }
        } catch {
            try? await s3Store?.shutdown()
            throw error
        }
        try await s3Store?.shutdown()
        Self.write(output.summary(summary, start: start, end: end))
        return summary.exitStatus
    }

    private func makeClient() throws -> LookupClient {
        let key = try LookupClient.credentials(
            file: credentialsFile,
            dataDirectory: dataDirectory ?? "./opentrail-data"
        )
        guard let url = URL(string: endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--endpoint must be an http(s) URL, got \(endpoint)")
        }
        return LookupClient(endpoint: url, key: key)
    }

    /// The trail's bucket and prefix, from DescribeTrails (as the AWS CLI finds them).
    private func trailLocation(_ client: LookupClient) async throws -> (bucket: String?, prefix: String?) {
        let trails = try await client.describeTrails(region: region)
        guard let trail = trails.first(where: { $0["TrailARN"]?.stringValue == trailARN }) else {
            throw LogValidationError(.trailNotFound, "A trail could not be found for \(trailARN)")
        }
        if trail["IsOrganizationTrail"]?.boolValue == true {
            throw LogValidationError(.invalidInput, "Organization trails are not supported by opentrail validate-logs")
        }
        return (trail["S3BucketName"]?.stringValue, trail["S3KeyPrefix"]?.stringValue)
    }

    /// Where the files are read: a directory, the data directory's store, or S3 (whose store must be shut
    /// down).
    private func makeSource(client: LookupClient?, prefix: String?) throws -> (any ValidationSource, S3ObjectStore?) {
        if let directory {
            // Files synced from below the prefix (`aws s3 sync s3://bucket/prefix DIR`) lack it.
            var stripped: String?
            if let prefix, !FileManager.default.fileExists(atPath: directory + "/" + prefix),
                FileManager.default.fileExists(atPath: directory + "/AWSLogs")
            {
                stripped = prefix
            }
            return (DirectorySource(root: directory, strippedPrefix: stripped), nil)
        }
        if let dataDirectory {
            let buckets = (dataDirectory as NSString).appendingPathComponent("buckets")
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: buckets, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw LogValidationError(
                    .invalidInput,
                    "\(buckets) is not a directory: is \(dataDirectory) a data directory?"
                )
            }
            let keyPath = (dataDirectory as NSString).appendingPathComponent(MasterKey.defaultFileName)
            let masterKey = try FileManager.default.contents(atPath: keyPath).map { try MasterKey(bytes: [UInt8]($0)) }
            let store = try LocalDirectoryStore(root: buckets, masterKey: masterKey)
            return (ObjectStoreSource(store: store), nil)
        }
        guard let client else { throw LogValidationError(.invalidInput, "No source to read the files from") }
        var s3Endpoint: URL?
        if let s3EndpointURL {
            guard let url = URL(string: s3EndpointURL), url.scheme == "http" || url.scheme == "https", url.host != nil
            else { throw ValidationError("--s3-endpoint-url must be an http(s) URL, got \(s3EndpointURL)") }
            s3Endpoint = url
        }
        let store = try client.s3ObjectStore(endpoint: s3Endpoint, region: region)
        return (ObjectStoreSource(store: store), store)
    }

    private func publicKeys(client: LookupClient?) throws -> any PublicKeyProvider {
        if let publicKeysFile { return try PublicKeyList(contentsOfFile: publicKeysFile) }
        guard let client else { throw LogValidationError(.invalidInput, "No public keys: give --public-keys FILE") }
        return ServerPublicKeys(client: client, region: region)
    }

    private func digestIndex(client: LookupClient?, start: Date, end: Date) async throws -> DigestIndexStatus {
        if let digestIndexFile {
            guard let data = FileManager.default.contents(atPath: digestIndexFile) else {
                throw LogValidationError(.invalidInput, "Cannot read the digest index file \(digestIndexFile)")
            }
            return .available(try DigestIndex(parsing: [UInt8](data)))
        }
        guard let client else { return .unavailable(reason: "offline") }
        guard let answer = try await client.listDigests(trailARN: trailARN, region: region, start: start, end: end)
        else { return .unavailable(reason: "the server at \(endpoint) has none") }
        return .available(try DigestIndex(from: answer))
    }

    private static func write(_ chunks: [ValidationOutput.Chunk]) {
        for chunk in chunks {
            let handle = chunk.stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data(chunk.text.utf8))
        }
    }
}

/// The public keys of OpenTrail's `ListPublicKeys`.
private struct ServerPublicKeys: PublicKeyProvider {
    let client: LookupClient
    let region: String

    func publicKeys(from start: Date, to end: Date) async throws -> [DigestPublicKey] {
        try DigestPublicKey.list(from: try await client.listPublicKeys(region: region, start: start, end: end))
    }
}
