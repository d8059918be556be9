/// The one-line summary sent as `STATUS=` (shown by `systemctl status`):
/// `5 peers: 1 down (db: half-open), 1 suspect (cache: 2/3 probes), 3 up`. `keepalivectl check` prints the same
/// summary after its verdict word, so an operator reads one wording and one order (worst first) everywhere.
public enum StatusLine {
    /// At most this many peers are named per state, so the line stays readable with hundreds of peers.
    public static let namedPeersLimit = 3

    /// The states in the order the line gives them: the worst first, so that a line cut short still says it.
    public static let order: [PeerState] = [.down, .suspect, .connecting, .up]

    /// The line for `peers`; `problem` is prefixed when the last reload was rejected.
    public static func render(_ peers: [PeerStatus], problem: String? = nil) -> String {
        var summary = StatusSummary()
        for peer in peers {
            summary.update(peer.name, from: nil, to: peer.verdict, keepaliveCount: peer.keepalive.count)
        }
        return summary.render(problem: problem)
    }

    /// What the line says about one peer in trouble: `db: half-open`, `cache: 2/3 probes`, `mq` (connecting).
    /// nil for a peer that is up (up peers are counted, not named).
    public static func detail(
        name: String, state: PeerState, reason: DownReason?, unansweredProbes: Int, keepaliveCount: Int
    ) -> String? {
        switch state {
        case .down: "\(name): \(reason?.rawValue ?? "down")"
        case .suspect: "\(name): \(unansweredProbes)/\(keepaliveCount) probes"
        case .connecting: name
        case .up: nil
        }
    }
}
