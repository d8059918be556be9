import KeepaliveControl
import KeepaliveCore
import KeepaliveMetrics
import KeepaliveSystemd
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The monitor: one driver per endpoint, each on its own event loop; `READY=1` once they are started; reloads
/// (SIGHUP or the control API) and reconnects answered in order by one loop; `STOPPING=1` on shutdown, after
/// which every peer's connection is closed before `run()` returns.
public struct MonitorService: Service {
    /// Peers started together are started this far apart. Connections opened in the same instant keep their
    /// keepalive timers in step for ever, and thousands of probes (and their ACKs) in one burst overflow the
    /// kernel's receive backlog (`net.core.netdev_max_backlog`, 1000): probes lost that way look like a dead
    /// peer. 1 ms apart spreads 5000 peers over 5 s.
    static let stagger: Duration = .milliseconds(1)

    let source: ConfigSource
    let initial: MonitorConfig
    let notifier: SystemdNotifier
    let logger: Logger
    /// Every peer's verdict (for `STATUS=`, `Watch` and the counts).
    let directory: PeerDirectory
    /// The running peers (for reload, reconnect and their live status).
    let registry: PeerRegistry
    public let run: DaemonRun
    /// The monitor's own lateness and stalls (see `StallWatchService`, which must run beside this service).
    public let stallWatch: StallWatch
    /// Where reloads and the sample timers record what `/metrics` shows.
    let metrics: DaemonMetrics
    /// The drivers of the configured endpoints, made (and visible as connecting) at once, started by `run()`.
    private let initialDrivers: [PeerDriver]
    private let commands: AsyncStream<MonitorCommand>
    private let commandSink: AsyncStream<MonitorCommand>.Continuation

    public init(
        source: ConfigSource,
        initial: MonitorConfig,
        group: any EventLoopGroup,
        notifier: SystemdNotifier,
        metrics: DaemonMetrics = .disabled,
        logger: Logger
    ) {
        self.source = source
        self.metrics = metrics
        self.initial = initial
        self.notifier = notifier
        self.logger = logger
        let directory = PeerDirectory(loop: group.next()) { line in _ = try? notifier.status(line) }
        self.directory = directory
        let stallWatch = StallWatch(logger: logger, stallCounter: metrics.stalls)
        self.stallWatch = stallWatch
        let registry = PeerRegistry(
            group: group, directory: directory, sampleLag: metrics.sampleLag, stallWatch: stallWatch, logger: logger)
        self.registry = registry
        self.run = DaemonRun(configPath: initial.path)
        metrics.endpoints.set(initial.endpoints.count)
        metrics.configGeneration.set(run.generation)
        (commands, commandSink) = AsyncStream.makeStream(of: MonitorCommand.self)
        // Every configured peer is visible (as connecting) from the first control call on, even one that arrives
        // through socket activation before the drivers have started.
        self.initialDrivers = initial.endpoints.map { registry.add($0) }
    }

    /// How the control API reaches this monitor.
    public var handle: MonitorHandle { MonitorHandle(commands: commandSink) }

    /// How `/metrics` reads the peers: their live statuses, gathered per event loop at each scrape.
    public func scraper(for metrics: MetricsRegistry) -> MetricsScraper {
        MetricsScraper(registry: registry, metrics: metrics)
    }

    public func run() async throws {
        // Trap SIGHUP before READY=1: systemd may reload at once, and SIGHUP's default action is to exit.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let sink = commandSink
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for (index, driver) in initialDrivers.enumerated() {
                    registry.start(driver, after: Self.stagger * index)
                }
                group.addTask {
                    for await _ in hangups {
                        sink.yield(.reload(reply: nil))
                    }
                }
                _ = try? notifier.ready()
                logger.notice(
                    "keepalive-monitor \(ProductVersion.current) started: watching \(initial.endpoints.count) \(initial.endpoints.count == 1 ? "peer" : "peers")",
                    metadata: ["CONFIG_PATH": .string(initial.path ?? "command line")])
                var current = initial
                var stopping = false
                for await command in commands {
                    switch command {
                    case .reload(let reply):
                        guard !stopping else {
                            reply?.resume(returning: ReloadResult(accepted: false, generation: run.generation, errors: ["the daemon is stopping"]))
                            continue
                        }
                        let outcome: ReloadResult
                        (current, outcome) = reload(current)
                        // The status line says how the reload went before READY=1 says it is over.
                        await directory.publishNow()
                        _ = try? notifier.ready()
                        reply?.resume(returning: outcome)
                    case .reconnect(let name, let reply):
                        reply.resume(returning: !stopping && registry.reconnect(name))
                    case .shutdown:
                        stopping = true
                    }
                }
                await registry.stopAll()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            _ = try? notifier.stopping()
            sink.yield(.shutdown)
            sink.finish()
        }
    }

    /// Applies a new configuration, or keeps the old one running when the new one is invalid.
    private func reload(_ current: MonitorConfig) -> (MonitorConfig, ReloadResult) {
        _ = try? notifier.reloading()
        let next: MonitorConfig
        do {
            next = try source.load()
        } catch {
            let first = error.diagnostics.first.map(\.description) ?? "invalid configuration"
            logger.error(
                "Reload rejected, the previous configuration keeps running: \(first)",
                metadata: [
                    "MESSAGE_ID": .string(MessageID.configRejected.rawValue),
                    "CONFIG_PATH": .string(source.path ?? "command line"),
                    "CONFIG_ERRORS": .string(error.description),
                ])
            directory.setProblem("reload rejected: \(first)")
            metrics.reloadFailures.increment()
            let outcome = ReloadResult(
                accepted: false, generation: run.generation, errors: error.diagnostics.map(\.description))
            return (current, outcome)
        }
        let diff = ConfigDiff(from: current, to: next)
        for name in diff.removed {
            registry.stop(name)
        }
        for (index, endpoint) in (diff.changed + diff.added).enumerated() {
            registry.stop(endpoint.name)
            registry.start(registry.add(endpoint), after: Self.stagger * index)
        }
        directory.setProblem(nil)
        let generation = run.advanceGeneration()
        metrics.endpoints.set(next.endpoints.count)
        metrics.configGeneration.set(generation)
        if next.control != current.control {
            logger.warning("The [control] settings changed; they take effect when the daemon restarts")
        }
        if next.metrics != current.metrics {
            logger.warning("The [metrics] settings changed; they take effect when the daemon restarts")
        }
        logger.notice(
            "Configuration reloaded: \(diff.summary)",
            metadata: [
                "MESSAGE_ID": .string(MessageID.configReloaded.rawValue),
                "CONFIG_PATH": .string(source.path ?? "command line"),
                "CONFIG_GENERATION": .string(String(generation)),
            ])
        return (next, ReloadResult(accepted: true, generation: generation, errors: []))
    }
}

extension MonitorService: CustomStringConvertible {
    /// ServiceLifecycle names each service with `"\(service)"`; the default description of this struct would spell
    /// out every driver — megabytes of text kept for the daemon's life at 10 000 peers.
    public var description: String { "MonitorService(\(initial.endpoints.count) endpoints)" }
}
