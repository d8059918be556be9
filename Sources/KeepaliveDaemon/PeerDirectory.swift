import KeepaliveCore
import Synchronization

/// The latest status of every peer, shared by the runners (writers), `STATUS=` and the control API (readers).
/// Re-renders the status line when a verdict changes and hands it to `publish` only when it differs, under the lock,
/// so two peers changing at once can never leave an older line as the last one sent.
final class PeerDirectory: Sendable {
    private struct State {
        var peers: [String: PeerStatus] = [:]
        /// Which runner may write each name: during a reload the old runner of a changed endpoint may still
        /// report while its successor already runs.
        var owners: [String: Int] = [:]
        var summary = StatusSummary()
        var problem: String?
        var lastLine: String?
        var watchers: [Int: AsyncStream<PeerStatus>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())
    private let publish: @Sendable (String) -> Void

    init(publish: @escaping @Sendable (String) -> Void) {
        self.publish = publish
    }

    /// Shows `statuses` before any runner owns their names (the first owner's update replaces each), with one
    /// status line for the lot: thousands of peers at start must not mean thousands of datagrams to systemd.
    func seed(_ statuses: [PeerStatus]) {
        state.withLock { state in
            for status in statuses {
                let previous = state.peers.updateValue(status, forKey: status.name)
                state.summary.update(
                    status.name, from: previous?.verdict, to: status.verdict, keepaliveCount: status.keepalive.count)
            }
            announce(&state)
        }
    }

    /// Hands `name` to the runner `owner` before it starts; writes from any earlier runner are ignored after.
    func claim(_ name: String, owner: Int) {
        state.withLock { $0.owners[name] = owner }
    }

    func update(_ status: PeerStatus, owner: Int) {
        state.withLock { state in
            guard state.owners[status.name] == owner else { return }
            let previous = state.peers[status.name]
            state.peers[status.name] = status
            // Most updates are TCP_INFO samples that change no verdict: they must not cost a status line
            // rendered over every peer (with thousands of peers that was most of the daemon's CPU).
            guard previous?.verdict != status.verdict else { return }
            state.summary.update(status.name, from: previous?.verdict, to: status.verdict, keepaliveCount: status.keepalive.count)
            for watcher in state.watchers.values {
                watcher.yield(status)
            }
            announce(&state)
        }
    }

    func remove(_ name: String, owner: Int) {
        state.withLock { state in
            guard state.owners[name] == owner else { return }
            state.owners[name] = nil
            let previous = state.peers.removeValue(forKey: name)
            state.summary.update(name, from: previous?.verdict, to: nil, keepaliveCount: 0)
            announce(&state)
        }
    }

    /// Shown before the summary until cleared, e.g. a rejected reload.
    func setProblem(_ problem: String?) {
        state.withLock { state in
            state.problem = problem
            announce(&state)
        }
    }

    /// Every verdict change from now on (a new probe count while suspect counts), for `Watch`. A watcher that
    /// falls far behind loses the oldest changes, never the daemon's memory.
    func changes() -> AsyncStream<PeerStatus> {
        let (stream, continuation) = AsyncStream.makeStream(of: PeerStatus.self, bufferingPolicy: .bufferingNewest(1024))
        let id = state.withLock { state in
            state.nextWatcher += 1
            state.watchers[state.nextWatcher] = continuation
            return state.nextWatcher
        }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// One peer's latest status, or nil for an unknown name.
    func status(named name: String) -> PeerStatus? {
        state.withLock { $0.peers[name] }
    }

    var peers: [PeerStatus] {
        state.withLock { Array($0.peers.values).sorted { $0.name < $1.name } }
    }

    private func announce(_ state: inout State) {
        let line = state.summary.render(problem: state.problem)
        guard line != state.lastLine else { return }
        state.lastLine = line
        publish(line)
    }
}
