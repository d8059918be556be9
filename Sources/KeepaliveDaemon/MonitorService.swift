import KeepaliveControl
import KeepaliveCore
import KeepaliveSystemd
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The monitor: one runner per endpoint, `READY=1` once they are started, reloads (SIGHUP or the control API)
/// and reconnects answered in order by one loop, `STOPPING=1` on shutdown. Peers run as child tasks of
/// `run()`, so nothing outlives the service.
public struct MonitorService: Service {
    let source: ConfigSource
    let initial: MonitorConfig
    let connector: PeerConnector
    let notifier: SystemdNotifier
    let logger: Logger
    /// The latest status of every peer (for `STATUS=` and the control API).
    let directory: PeerDirectory
    public let record: DaemonRecord
    private let commands: AsyncStream<MonitorCommand>
    private let commandSink: AsyncStream<MonitorCommand>.Continuation

    public init(
        source: ConfigSource,
        initial: MonitorConfig,
        group: any EventLoopGroup,
        notifier: SystemdNotifier,
        logger: Logger
    ) {
        self.source = source
        self.initial = initial
        self.connector = PeerConnector(group: group)
        self.notifier = notifier
        self.logger = logger
        self.directory = PeerDirectory { line in _ = try? notifier.status(line) }
        self.record = DaemonRecord(configPath: initial.path)
        (commands, commandSink) = AsyncStream.makeStream(of: MonitorCommand.self)
        // Every configured peer is visible (as connecting) from the first control call on, even one that arrives
        // through socket activation before the runners have started.
        let now = MonotonicClock.now()
        directory.seed(initial.endpoints.map { PeerStatus(PeerStateMachine(endpoint: $0, at: now)) })
    }

    /// How the control API reaches this monitor.
    public var handle: MonitorHandle { MonitorHandle(commands: commandSink) }

    public func run() async throws {
        // Trap SIGHUP before READY=1: systemd may reload at once, and SIGHUP's default action is to exit.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let sink = commandSink
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var peers = PeerSet(connector: connector, directory: directory, logger: logger)
                for (index, endpoint) in initial.endpoints.enumerated() {
                    group.addTask(operation: peers.start(endpoint, startDelay: PeerSet.stagger * index))
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
                            reply?.resume(returning: ReloadResult(accepted: false, generation: record.generation, errors: ["the daemon is stopping"]))
                            continue
                        }
                        let outcome: ReloadResult
                        (current, outcome) = reload(current, peers: &peers, group: &group)
                        reply?.resume(returning: outcome)
                    case .reconnect(let name, let reply):
                        reply.resume(returning: !stopping && peers.reconnect(name))
                    case .shutdown:
                        stopping = true
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            _ = try? notifier.stopping()
            sink.yield(.shutdown)
            sink.finish()
        }
    }

    /// Applies a new configuration, or keeps the old one running when the new one is invalid.
    private func reload(
        _ current: MonitorConfig,
        peers: inout PeerSet,
        group: inout DiscardingTaskGroup
    ) -> (MonitorConfig, ReloadResult) {
        _ = try? notifier.reloading()
        defer { _ = try? notifier.ready() }
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
            let outcome = ReloadResult(
                accepted: false, generation: record.generation, errors: error.diagnostics.map(\.description))
            return (current, outcome)
        }
        let diff = ConfigDiff(from: current, to: next)
        for name in diff.removed {
            peers.stop(name)
        }
        for (index, endpoint) in (diff.changed + diff.added).enumerated() {
            peers.stop(endpoint.name)
            group.addTask(operation: peers.start(endpoint, startDelay: PeerSet.stagger * index))
        }
        directory.setProblem(nil)
        let generation = record.advanceGeneration()
        if next.control != current.control {
            logger.warning("The [control] settings changed; they take effect when the daemon restarts")
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

/// The running peers by name, and how to start one.
private struct PeerSet {
    /// Peers started together are started this far apart. Connections opened in the same instant keep their
    /// keepalive timers in step for ever, and thousands of probes (and their ACKs) in one burst overflow the
    /// kernel's receive backlog (`net.core.netdev_max_backlog`, 1000): probes lost that way look like a dead
    /// peer. 1 ms apart spreads 5000 peers over 5 s.
    static let stagger: Duration = .milliseconds(1)

    let connector: PeerConnector
    let directory: PeerDirectory
    let logger: Logger
    private var handles: [String: PeerHandle] = [:]
    private var nextOwner = 0

    init(connector: PeerConnector, directory: PeerDirectory, logger: Logger) {
        self.connector = connector
        self.directory = directory
        self.logger = logger
    }

    /// Registers a runner for `endpoint` and returns the work to run as a child task.
    mutating func start(_ endpoint: EndpointConfig, startDelay: Duration) -> @Sendable () async -> Void {
        nextOwner += 1
        directory.claim(endpoint.name, owner: nextOwner)
        // Visible as connecting at once, though its first connect may wait for the stagger.
        directory.seed([PeerStatus(PeerStateMachine(endpoint: endpoint, at: MonotonicClock.now()))])
        let reporter = PeerReporter(logger: logger, directory: directory, owner: nextOwner)
        let runner = PeerRunner(endpoint: endpoint, connector: connector, reporter: reporter)
        handles[endpoint.name] = runner.handle
        return { await runner.run(startDelay: startDelay) }
    }

    mutating func stop(_ name: String) {
        handles.removeValue(forKey: name)?.stop()
    }

    func reconnect(_ name: String) -> Bool {
        guard let handle = handles[name] else { return false }
        handle.reconnect()
        return true
    }
}
