import KeepaliveCore
import KeepaliveSystemd
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// The monitor: one runner per endpoint, `READY=1` once they are started, `SIGHUP` reloads, `STOPPING=1` on
/// shutdown. Peers run as child tasks of `run()`, so nothing outlives the service.
public struct MonitorService: Service {
    let source: ConfigSource
    let initial: MonitorConfig
    let connector: PeerConnector
    let notifier: SystemdNotifier
    let directory: PeerDirectory
    let logger: Logger

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
    }

    public func run() async throws {
        // Trap SIGHUP before READY=1: systemd may reload at once, and SIGHUP's default action is to exit.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var peers = PeerSet(connector: connector, directory: directory, logger: logger)
                for endpoint in initial.endpoints {
                    group.addTask(operation: peers.start(endpoint))
                }
                _ = try? notifier.ready()
                logger.notice(
                    "keepalive-monitor started: watching \(initial.endpoints.count) peers",
                    metadata: ["CONFIG_PATH": .string(initial.path ?? "command line")])
                var current = initial
                for await _ in hangups.cancelOnGracefulShutdown() {
                    current = reload(current, peers: &peers, group: &group)
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            _ = try? notifier.stopping()
        }
    }

    /// Applies a new configuration, or keeps the old one running when the new one is invalid.
    private func reload(
        _ current: MonitorConfig,
        peers: inout PeerSet,
        group: inout DiscardingTaskGroup
    ) -> MonitorConfig {
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
            return current
        }
        let diff = ConfigDiff(from: current, to: next)
        for name in diff.removed {
            peers.stop(name)
        }
        for endpoint in diff.changed {
            peers.stop(endpoint.name)
            group.addTask(operation: peers.start(endpoint))
        }
        for endpoint in diff.added {
            group.addTask(operation: peers.start(endpoint))
        }
        directory.setProblem(nil)
        logger.notice(
            "Configuration reloaded: \(diff.summary)",
            metadata: [
                "MESSAGE_ID": .string(MessageID.configReloaded.rawValue),
                "CONFIG_PATH": .string(source.path ?? "command line"),
            ])
        return next
    }
}

/// The running peers by name, and how to start one.
private struct PeerSet {
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
    mutating func start(_ endpoint: EndpointConfig) -> @Sendable () async -> Void {
        nextOwner += 1
        directory.claim(endpoint.name, owner: nextOwner)
        let reporter = PeerReporter(logger: logger, directory: directory, owner: nextOwner)
        let runner = PeerRunner(endpoint: endpoint, connector: connector, reporter: reporter)
        handles[endpoint.name] = runner.handle
        return { await runner.run() }
    }

    mutating func stop(_ name: String) {
        handles.removeValue(forKey: name)?.stop()
    }
}
