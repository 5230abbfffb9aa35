import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The lab console: a Hummingbird application serving the pages, the JSON API, the live streams and `/metrics`
/// over the run directories under the runs roots. It only reads run directories; its actions start processes and
/// send signals, never write a run's evidence itself beyond one event row naming who asked.
public struct ConsoleServer: Sendable {
    /// How the console is set up.
    public let configuration: ConsoleConfiguration
    /// The runs it shows.
    public let catalog: RunCatalog
    let logger: Logger
    /// The run list's rendered rows and JSON objects, per run.
    let listRows = FragmentCache()
    let listJSON = FragmentCache()

    /// A console; checks the configuration first.
    ///
    /// - Throws: ``ConsoleError`` `.configuration` when binding beyond loopback without a token, or a runs root is
    ///   missing.
    public init(configuration: ConsoleConfiguration, logger: Logger = Logger(label: "qualstation.console")) throws(ConsoleError) {
        try configuration.check()
        self.configuration = configuration
        self.catalog = RunCatalog(roots: configuration.runsRoots)
        self.logger = logger
    }

    /// The Hummingbird application; `onReady` receives the port actually bound (useful with port 0).
    public func application(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ConsoleMiddleware(token: configuration.token))
        ConsoleRoutes(server: self).register(on: router)
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(configuration.bindAddress, port: configuration.port), serverName: "qualstation"),
            onServerRunning: { channel in await onReady(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully (open streams are closed, requests finish).
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [application(onReady: onReady)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
