import KeepaliveControl
import KeepaliveCore

/// The daemon's side of the control API: answers from the peer directory, reloads and reconnects through the
/// monitor's own loop (so they are ordered with SIGHUP), daemon facts from the record.
public struct DaemonControl: MonitorControl {
    let monitor: MonitorHandle
    let directory: PeerDirectory
    let record: DaemonRecord

    public init(monitor: MonitorService) {
        self.monitor = monitor.handle
        self.directory = monitor.directory
        self.record = monitor.record
    }

    public func peers() async -> [PeerInfo] {
        directory.peers.map(Self.info)
    }

    public func peer(named name: String) async -> PeerInfo? {
        directory.status(named: name).map(Self.info)
    }

    public func reload() async -> ReloadResult {
        await monitor.reload()
    }

    public func reconnect(peer name: String) async -> Bool {
        await monitor.reconnect(peer: name)
    }

    public func daemonInfo() async -> DaemonInfo {
        let peers = directory.peers.map(Self.info)
        return DaemonInfo(
            startedUsec: record.startedRealtimeMicroseconds,
            uptimeUsec: (MonotonicClock.now() - record.startedMonotonic).microseconds,
            configPath: record.configPath,
            generation: record.generation,
            peers: peers.count,
            counts: DaemonInfo.Counts(peers))
    }

    public func changes() async -> AsyncStream<PeerInfo> {
        let statuses = directory.changes()
        let (stream, continuation) = AsyncStream.makeStream(of: PeerInfo.self, bufferingPolicy: .bufferingNewest(1024))
        let forwarding = Task {
            for await status in statuses {
                continuation.yield(Self.info(status))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in forwarding.cancel() }
        return stream
    }

    private static func info(_ status: PeerStatus) -> PeerInfo {
        PeerInfo(status, sinceUsec: RealtimeClock.microseconds(at: status.since))
    }
}
