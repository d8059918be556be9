import KeepaliveCore
import NIOCore
import Synchronization

/// Every peer's verdict, shared by the drivers (writers, only when a verdict changes) and by `STATUS=`, `Watch`
/// and the daemon's counts (readers). Kept small on purpose: the live details of a peer (TCP_INFO, counters) stay
/// with its driver and are read there when asked for, so that a healthy sample touches nothing shared.
final class PeerDirectory: Sendable {
    private struct State {
        var verdicts: [String: PeerVerdict] = [:]
        /// Which driver may write each name: during a reload the old driver of a changed endpoint may still
        /// report while its successor already runs.
        var owners: [String: Int] = [:]
        var summary = StatusSummary()
        var problem: String?
        var watchers: [Int: AsyncStream<PeerStatus>.Continuation] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())
    private let publisher: StatusPublisher

    /// `publish` sends a status line (as `STATUS=`); it is called on `loop`, coalesced, never under a lock.
    init(loop: any EventLoop, publish: @escaping @Sendable (String) -> Void) {
        self.publisher = StatusPublisher(loop: loop, send: publish)
    }

    /// Hands `name` to the driver `owner` before it reports; writes from any earlier driver are ignored after.
    func claim(_ name: String, owner: Int) {
        state.withLock { $0.owners[name] = owner }
    }

    /// Records the status of `owner`'s peer; only a changed verdict (or probe count) costs anything.
    func update(_ status: PeerStatus, owner: Int) {
        // The watchers are told after the lock is released. Yielding under it froze the whole daemon in the chaos
        // soak: a yield can take the waiting task's own lock, while a vanishing Watch client's task, cancelled
        // under that lock, ran its stream's `onTermination`, which waits for this one. A peer's updates all come
        // from its one event loop, so each watcher still sees that peer's changes in order.
        let watchers = state.withLock { state -> [AsyncStream<PeerStatus>.Continuation]? in
            guard state.owners[status.name] == owner else { return nil }
            let previous = state.verdicts.updateValue(status.verdict, forKey: status.name)
            guard previous != status.verdict else { return nil }
            state.summary.update(
                status.name, from: previous, to: status.verdict, keepaliveCount: status.keepalive.count)
            return Array(state.watchers.values)
        }
        guard let watchers else { return }
        for watcher in watchers {
            watcher.yield(status)
        }
        publisher.lineChanged { self.line }
    }

    func remove(_ name: String, owner: Int) {
        let changed = state.withLock { state -> Bool in
            guard state.owners[name] == owner else { return false }
            state.owners[name] = nil
            let previous = state.verdicts.removeValue(forKey: name)
            state.summary.update(name, from: previous, to: nil, keepaliveCount: 0)
            return true
        }
        if changed { publisher.lineChanged { self.line } }
    }

    /// Shown before the summary until cleared, e.g. a rejected reload.
    func setProblem(_ problem: String?) {
        let changed = state.withLock { state -> Bool in
            state.problem = problem
            return true
        }
        if changed { publisher.lineChanged { self.line } }
    }

    /// Sends the status line now if it changed, without waiting for the coalescing gap.
    func publishNow() async {
        await publisher.flushNow { self.line }
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
            // Returned from the lock and released after it: nothing of a stream runs while the lock is held.
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    /// Peers by state, from the running summary (no peer is looked at).
    var counts: (total: Int, byState: [PeerState: Int]) {
        state.withLock { state in
            var byState: [PeerState: Int] = [:]
            for peerState in PeerState.allCases {
                byState[peerState] = state.summary.count(of: peerState)
            }
            return (state.summary.total, byState)
        }
    }

    /// The status line as it stands.
    var line: String {
        state.withLock { $0.summary.render(problem: $0.problem) }
    }
}
