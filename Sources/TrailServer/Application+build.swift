import AsyncHTTPClient
public import Foundation
public import Hummingbird
public import Logging
import ServiceLifecycle
import TrailDelivery
import TrailModel
import TrailRules
import TrailStore

/// Builds the OpenTrail application: opens the store, resolves credentials and mounts the endpoints.
///
/// - Parameters:
///   - configuration: what to serve and where.
///   - logger: the server's logger (`opentrail` bootstraps the backend).
///   - now: the clock (tests inject one).
/// - Throws: ``ConfigurationError`` for a configuration the server cannot start with, or a store error.
public func buildApplication(
    _ configuration: ServerConfiguration,
    logger: Logger,
    now: @escaping @Sendable () -> Date = { Date() }
) async throws -> some ApplicationProtocol {
    try configuration.validate()
    try FileManager.default.createDirectory(
        atPath: configuration.dataDirectory,
        withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700]
    )
    let store = try SQLiteStore(
        configuration: .init(
            path: configuration.databasePath,
            synchronousFull: configuration.synchronousFull,
            walAutocheckpoint: configuration.walAutocheckpointPages
        ),
        logger: logger
    )
    let root = try RootCredentials.resolve(configuration: configuration, logger: logger)
    let principals = PrincipalDirectory(configuration: configuration, root: root)

    // Every writer of the log goes through group commit: concurrent calls share transactions.
    let metrics = ServerMetrics.prometheus(
        storeFiles: [configuration.databasePath, configuration.databasePath + "-wal"]
    )
    let log = GroupCommitLog(store, onCommit: { metrics.recordCommit(records: $0, duration: $1) })
    let ingestionStatus = IngestionStatusBoard(control: store)
    let signingKeys = SigningKeyStore(
        directory: configuration.signingKeysPath,
        rotationInterval: configuration.signingKeyRotation,
        masterKey: try SigningMasterKey.load(
            configuration: configuration,
            environment: ProcessInfo.processInfo.environment
        ),
        now: now
    )
    do {
        try await signingKeys.checkKeys()
    } catch let error as DigestError {
        throw ConfigurationError("digest signing keys: \(error.reason)")
    }
    // One outbound client for S3 and webhooks: no redirects (a signed request goes where it was
    // signed for), no decompression (gzipped log files are stored and read as they are).
    let httpClient = S3ObjectStore.makeHTTPClient()
    let objects: any ObjectStore
    do {
        objects = try configuration.objectStore.open(configuration: configuration, client: httpClient, logger: logger)
    } catch {
        // A client must be shut down before it is released.
        try? await httpClient.shutdown()
        throw error
    }
    let topics = TopicDirectory(
        configured: configuration.topics.map { .init(name: $0.name, subscriptions: $0.subscriptions) },
        control: store
    )
    let notifier = TopicNotifier(
        publisher: NotificationPublisher(httpClient: httpClient, logger: logger),
        control: store,
        logger: logger,
        topics: { reference, trail in await topics.topic(reference, for: trail) }
    )
    let digests = DigestKeeper(
        keys: signingKeys,
        objects: objects,
        control: store,
        configuration: .init(period: configuration.digestPeriod, regions: configuration.regions),
        logger: logger,
        now: now
    )
    let delivery = DeliveryEngine(
        log: store,
        control: store,
        objects: objects,
        notifier: notifier,
        digests: digests,
        configuration: .init(
            cutPolicy: LogFileCutPolicy(window: .milliseconds(Int64(configuration.deliveryWindow * 1000)))
        ),
        logger: logger,
        now: now
    )
    let monitorEngine = MonitorEngine(
        log: store,
        control: store,
        configuration: .init(accountID: configuration.accountId, region: configuration.region),
        logger: logger,
        now: now
    )
    let targetDispatcher = TargetDispatcher(
        control: store,
        publisher: NotificationPublisher(httpClient: httpClient, logger: logger),
        topics: topics,
        accountID: configuration.accountId,
        region: configuration.region,
        logger: logger,
        now: now
    )
    let catalog = MonitorCatalog(control: store)
    do {
        try await configuration.monitors.apply(to: catalog, now: EventTime.milliseconds(now()))
    } catch {
        try? await httpClient.shutdown()
        let reason = (error as? MonitorError)?.reason ?? (error as? CloudWatchError)?.reason ?? "\(error)"
        throw ConfigurationError("monitors in the config file: \(reason)")
    }
    let service = CloudTrailService(
        configuration: configuration,
        control: store,
        log: log,
        logger: logger,
        ingestionStatus: ingestionStatus,
        signingKeys: signingKeys,
        buckets: BucketCheck(objects: objects, createsBuckets: configuration.objectStore.createsBuckets ?? true)
    )
    let recorder = AuditRecorder(
        log: log,
        accountId: configuration.accountId,
        defaultRegion: configuration.region,
        metrics: metrics
    )
    let limiter = AuthFailureLimiter(
        limit: configuration.authFailureRecordsPerWindow,
        window: configuration.authFailureWindow
    )
    let controller = AWSJSONController(
        operations: service.operations,
        authenticator: Authenticator(
            principals: principals,
            allowedClockSkew: configuration.allowedClockSkew,
            regions: Set(configuration.regions)
        ),
        recorder: recorder,
        limiter: limiter,
        maxBodySize: configuration.maxRequestBodySize,
        now: now,
        metrics: metrics
    )

    let router = Router(context: AppRequestContext.self)
    // Unauthenticated, like /healthz: Prometheus cannot sign, and it shows aggregate counts only.
    router.get("/metrics") { _, _ in metrics.response() }
    router.get("/healthz") { _, _ in
        Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#))
        )
    }
    router.post("/") { request, context in
        try await controller.handle(request, context: context)
    }
    let ingest = IngestController(
        service: service,
        log: log,
        authenticator: Authenticator(
            principals: principals,
            allowedClockSkew: configuration.allowedClockSkew,
            regions: Set(configuration.regions)
        ),
        authFailures: AuthFailureRecorder(limiter: limiter, recorder: recorder),
        maxBatchBodySize: configuration.maxBatchBodySize,
        now: now,
        metrics: metrics,
        delivery: delivery,
        topics: topics,
        topicARNPrefix:
            "arn:\(TrailDocument.partition(configuration.region)):sns:\(configuration.region):\(configuration.accountId):",
        monitoringAPI: MonitoringAPI(
            catalog: catalog,
            control: store,
            log: log,
            dispatcher: targetDispatcher,
            accountID: configuration.accountId,
            region: configuration.region,
            now: now
        ),
        recorder: recorder
    )
    router.post("/PutAuditEvents") { request, context in
        try await ingest.putAuditEvents(request, context: context)
    }
    router.post("/v1/events") { request, context in
        try await ingest.ingestBatch(request, context: context)
    }
    router.post("/v1/digests/list") { request, context in try await ingest.listDigests(request, context: context) }
    router.post("/v1/delivery/flush") { request, context in
        try await ingest.flush(request, context: context)
    }
    for area in MonitoringAPI.actions.keys {
        router.post("/v1/\(area)/:action") { request, context in
            try await ingest.monitoring(request, context: context, area: area)
        }
    }
    router.get("/v1/topics") { request, context in try await ingest.listTopics(request, context: context) }
    router.put("/v1/topics/:name") { request, context in try await ingest.putTopic(request, context: context) }
    router.delete("/v1/topics/:name") { request, context in try await ingest.deleteTopic(request, context: context) }

    let summaries = AuthFailureSummaryService(
        limiter: limiter,
        recorder: recorder,
        interval: configuration.authFailureWindow,
        now: now
    )
    // Requests signed for S3 go to the read-only S3 API of the embedded store, whatever their path.
    let s3 = S3ReadAPI(
        configuration: configuration,
        objects: objects,
        principals: principals,
        metrics: metrics,
        now: now
    )
    return Application(
        responder: S3RequestDispatcher(s3: s3, next: router.buildResponder()),
        configuration: .init(
            address: .hostname(configuration.hostname, port: configuration.port),
            serverName: "OpenTrail"
        ),
        // Services stop in reverse order: delivery's last pass runs before the notifier's last pass, and
        // both before the HTTP client closes.
        services: [
            HTTPClientShutdownService(clients: [httpClient]),
            notifier,
            MonitorService(engine: monitorEngine, dispatcher: targetDispatcher, logger: logger),
            CheckpointService(
                store: store,
                interval: .milliseconds(Int64(configuration.checkpointInterval * 1000)),
                logger: logger
            ),
            IndexMergeService(store: store, interval: .seconds(1), logger: logger),
            DeliveryService(engine: delivery, logger: logger),
            summaries,
            IngestionStatusFlushService(board: ingestionStatus),
            RetentionService(
                log: log,
                retention: configuration.retention,
                interval: configuration.retentionInterval,
                batchSize: 1000,
                now: now,
                logger: logger
            ),
        ],
        onServerRunning: { channel in
            logger.notice(
                "OpenTrail is serving",
                metadata: [
                    "trail.server.address": "\(channel.localAddress?.description ?? "?")",
                    "trail.server.data_directory": "\(configuration.dataDirectory)",
                    "trail.server.account_id": "\(configuration.accountId)",
                ]
            )
        },
        logger: logger
    )
}
