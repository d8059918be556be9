import KeepaliveCore
import Synchronization

/// The latest status of every peer, shared by the runners (writers), `STATUS=` and the control API (readers).
/// Re-renders the status line on each change and hands it to `publish` only when it differs, under the lock,
/// so two peers changing at once can never leave an older line as the last one sent.
final class PeerDirectory: Sendable {
    private struct State {
        var peers: [String: PeerStatus] = [:]
        /// Which runner may write each name: during a reload the old runner of a changed endpoint may still
        /// report while its successor already runs.
        var owners: [String: Int] = [:]
        var problem: String?
        var lastLine: String?
    }

    private let state = Mutex(State())
    private let publish: @Sendable (String) -> Void

    init(publish: @escaping @Sendable (String) -> Void) {
        self.publish = publish
    }

    /// Hands `name` to the runner `owner` before it starts; writes from any earlier runner are ignored after.
    func claim(_ name: String, owner: Int) {
        state.withLock { $0.owners[name] = owner }
    }

    func update(_ status: PeerStatus, owner: Int) {
        state.withLock { state in
            guard state.owners[status.name] == owner else { return }
            state.peers[status.name] = status
            announce(&state)
        }
    }

    func remove(_ name: String, owner: Int) {
        state.withLock { state in
            guard state.owners[name] == owner else { return }
            state.owners[name] = nil
            state.peers[name] = nil
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

    var peers: [PeerStatus] {
        state.withLock { Array($0.peers.values).sorted { $0.name < $1.name } }
    }

    var statusLine: String {
        state.withLock { StatusLine.render(Array($0.peers.values), problem: $0.problem) }
    }

    private func announce(_ state: inout State) {
        let line = StatusLine.render(Array(state.peers.values), problem: state.problem)
        guard line != state.lastLine else { return }
        state.lastLine = line
        publish(line)
    }
}
