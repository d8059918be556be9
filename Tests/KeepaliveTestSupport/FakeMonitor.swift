import KeepaliveControl
import Synchronization

/// An in-test daemon: fixed answers, and a change stream the test drives. It stands in for the daemon only
/// here, where the protocol is the unit; the integration tests run the real one.
public final class FakeMonitor: MonitorControl {
    private struct State {
        var peers: [PeerInfo]
        var reloadResult = ReloadResult(accepted: true, generation: 2, errors: [])
        var reloads = 0
        var reconnected: [String] = []
        var subscribers: [Int: AsyncStream<PeerInfo>.Continuation] = [:]
        var nextSubscriber = 0
        var endedSubscriptions = 0
    }

    private let state: Mutex<State>
    public let info: DaemonInfo

    public init(peers: [PeerInfo] = SamplePeers.all) {
        state = Mutex(State(peers: peers))
        info = DaemonInfo(
            startedUsec: SamplePeers.nowUsec - 7_200_000_000,
            uptimeUsec: 7_200_000_000,
            configPath: "/etc/keepalive-monitor/keepalive-monitor.toml",
            generation: 1,
            peers: peers.count,
            counts: DaemonInfo.Counts(peers))
    }

    public func peers() async -> [PeerInfo] { state.withLock { $0.peers } }

    public func peer(named name: String) async -> PeerInfo? {
        state.withLock { $0.peers.first { $0.name == name } }
    }

    public func reload() async -> ReloadResult {
        state.withLock {
            $0.reloads += 1
            return $0.reloadResult
        }
    }

    public func reconnect(peer name: String) async -> Bool {
        state.withLock {
            guard $0.peers.contains(where: { $0.name == name }) else { return false }
            $0.reconnected.append(name)
            return true
        }
    }

    public func daemonInfo() async -> DaemonInfo { info }

    public func changes() async -> AsyncStream<PeerInfo> {
        let (stream, continuation) = AsyncStream.makeStream(of: PeerInfo.self)
        let id = state.withLock {
            $0.nextSubscriber += 1
            $0.subscribers[$0.nextSubscriber] = continuation
            return $0.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock {
                $0.subscribers[id] = nil
                $0.endedSubscriptions += 1
            }
        }
        return stream
    }

    /// Sends `peer` to every watcher.
    public func publish(_ peer: PeerInfo) {
        for continuation in state.withLock({ Array($0.subscribers.values) }) {
            continuation.yield(peer)
        }
    }

    /// Ends every watch, as the daemon does when it stops.
    public func finishChanges() {
        for continuation in state.withLock({ Array($0.subscribers.values) }) {
            continuation.finish()
        }
    }

    public func setReloadResult(_ result: ReloadResult) { state.withLock { $0.reloadResult = result } }
    public var reloads: Int { state.withLock { $0.reloads } }
    public var reconnected: [String] { state.withLock { $0.reconnected } }
    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
    public var endedSubscriptions: Int { state.withLock { $0.endedSubscriptions } }
}
