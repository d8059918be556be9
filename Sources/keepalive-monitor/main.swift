import ArgumentParser
import Glibc
import KeepaliveControl
import KeepaliveConfig
import KeepaliveCore
import KeepalivePOSIX
import KeepaliveDaemon
import KeepaliveMetrics
import KeepaliveSystemd
import Logging
import NIOPosix
import ServiceLifecycle

/// `keepalive-monitor`: parse the command line, load the configuration, wire the services. Nothing else.
@main
struct KeepaliveMonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepalive-monitor",
        abstract: "Watch upstream TCP peers with kernel keepalive and report the ones that die.",
        discussion: """
            Holds one TCP connection per configured endpoint with kernel keepalive and TCP_USER_TIMEOUT set, \
            follows the kernel's keepalive probes through TCP_INFO, and reports every peer that goes suspect, \
            half-open, reset, closed or unreachable to the systemd journal (or stderr) and over sd_notify. \
            SIGHUP reloads the configuration; SIGTERM and SIGINT stop the daemon.
            """,
        version: ProductVersion.current
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Read the configuration from this TOML file (default: \(BuiltInDefaults.configPath), unless --endpoint is given).",
            valueName: "path"))
    var config: String?

    @Option(
        name: .customLong("endpoint"),
        help: ArgumentHelp(
            "Watch this endpoint, written NAME=HOST:PORT; repeat for more. Added after the config file's endpoints.",
            valueName: "name=host:port"))
    var endpoints: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Default keepalive as IDLE:INTERVAL:COUNT (e.g. 10s:5s:3); an empty field keeps the default.",
            valueName: "idle:interval:count"))
    var keepalive: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve the control API (keepalivectl) on this Unix socket instead of [control] socket (default: \(BuiltInDefaults.controlSocketPath)).",
            valueName: "path"))
    var controlSocket: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve Prometheus metrics (GET /metrics) on this IP address and port instead of [metrics] listen (default: no listener).",
            valueName: "address:port"))
    var metricsListen: String?

    @Flag(name: .long, help: "Validate the configuration, print every endpoint with its resolved settings, and exit.")
    var checkConfig = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where logs and alerts go: auto (the journal under systemd or when it is reachable and stderr is not a terminal), journal, or stderr.",
            valueName: "target"))
    var logTarget: LogTargetChoice = .auto

    func run() async throws {
        // A closed stderr pipe must cost a log line, not the daemon.
        signal(SIGPIPE, SIG_IGN)
        let destination = logTarget.destination()
        let spool = destination == .journal ? JournalSpool(syslogIdentifier: "keepalive-monitor") : nil
        defer { spool?.close(timeout: .milliseconds(300)) }
        LoggingSystem.bootstrap { _ in
            switch (destination, spool) {
            case (.journal, let spool?): JournalLogHandler(syslogIdentifier: "keepalive-monitor", spool: spool)
            default: StderrLogHandler()
            }
        }
        let logger = Logger(label: "keepalive-monitor")
        let notifier = SystemdNotifier()

        let path = config ?? (endpoints.isEmpty ? BuiltInDefaults.configPath : nil)
        let overrides = CommandLineOverrides(
            endpoints: endpoints, keepalive: keepalive, controlSocket: controlSocket, metricsListen: metricsListen)
        let source = ConfigSource(path: path, overrides: overrides)
        let monitorConfig: MonitorConfig
        do {
            monitorConfig = try source.load()
        } catch {
            report(error, logger: logger, notifier: notifier)
            // EX_CONFIG: the unit's RestartPreventExitStatus=78 keeps systemd from restarting into the same typo.
            throw ExitCode(78)
        }
        if checkConfig {
            print(EffectiveConfigPrinter.render(monitorConfig), terminator: "")
            return
        }

        let group = MultiThreadedEventLoopGroup.singleton
        let metrics = monitorConfig.metrics.listen.map { _ in MetricsRegistry() }
        let monitor = MonitorService(
            source: source, initial: monitorConfig, group: group, notifier: notifier,
            metrics: metrics?.daemon ?? .disabled, logger: logger)
        // Bound before the services start, so READY=1 (sent by the monitor) always finds it listening.
        let server: ControlServer
        do {
            server = try await ControlServer.start(
                settings: monitorConfig.control,
                listenedDescriptor: try ListenedSockets.take().first,
                group: group,
                dispatcher: ControlDispatcher(control: DaemonControl(monitor: monitor), privilegedUIDs: [0, geteuid()]),
                logger: logger)
        } catch let error as ControlServer.SetupError {
            logger.critical("Cannot start the control API: \(error.message)")
            _ = try? notifier.startFailed(status: "Cannot start the control API: \(error.message)", errno: error.errno)
            throw ExitCode(1)
        } catch {
            logger.critical("Cannot read the sockets systemd passed: \(error)")
            _ = try? notifier.startFailed(status: "Cannot read the sockets systemd passed: \(error)", errno: EBADF)
            throw ExitCode(1)
        }
        logger.info("Control API listening", metadata: ["CONTROL_SOCKET": .string(server.description)])
        var services: [any Service] = [
            monitor, ControlSocketService(server: server), StallWatchService(watch: monitor.stallWatch),
        ]
        if let metrics, let address = monitorConfig.metrics.listen {
            // Bound before READY=1 as well: a scraper that starts with the unit finds it listening.
            let scraper = monitor.scraper(for: metrics)
            do {
                let metricsServer = try await MetricsServer.start(
                    address: address, group: group, contentType: MetricsRegistry.contentType,
                    scrape: { await scraper.scrape(allocator: $0) })
                logger.info("Metrics listening", metadata: ["METRICS_LISTEN": .string(metricsServer.description)])
                services.append(MetricsService(server: metricsServer))
            } catch {
                logger.critical("Cannot start the metrics listener: \(error.message)")
                _ = try? notifier.startFailed(status: "Cannot start the metrics listener: \(error.message)", errno: error.errno)
                await server.close()
                throw ExitCode(1)
            }
        }
        let watchdog = WatchdogConfiguration.fromEnvironment()
        if let problem = watchdog.problem {
            logger.warning("Watchdog not enabled: \(problem)")
        }
        if let settings = watchdog.configuration {
            services.append(
                WatchdogService(
                    interval: settings.pingInterval, group: group, notifier: notifier, stallWatch: monitor.stallWatch))
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await serviceGroup.run()
    }

    private func report(_ error: ConfigErrors, logger: Logger, notifier: SystemdNotifier) {
        if checkConfig {
            var standardError = StandardError()
            print(error.description, to: &standardError)
        } else {
            for diagnostic in error.diagnostics {
                logger.error("Invalid configuration: \(diagnostic)", metadata: ["CONFIG_ERROR": .string(diagnostic.description)])
            }
        }
        let first = error.diagnostics.first.map(\.description) ?? "invalid configuration"
        let count = error.diagnostics.count
        let more = count > 1 ? " (and \(count - 1) more)" : ""
        _ = try? notifier.startFailed(status: "Invalid configuration: \(first)\(more)", errno: EINVAL)
    }
}

extension LogTargetChoice: ExpressibleByArgument {}

/// `print(..., to:)` target for fd 2.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        // All of it: a single write(2) may be short. Nothing is left to tell if stderr itself fails.
        try? POSIX.writeAll(2, Array(string.utf8))
    }
}
