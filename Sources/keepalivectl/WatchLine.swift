import KeepaliveControl
import KeepaliveCore

/// `keepalivectl watch`: one line per change of a peer's verdict.
enum WatchLine {
    /// `2026-11-21 20:40:53 db: down (half-open), probes 3/3`; the time is when the peer entered the state.
    /// Probes are left out when there is nothing to count.
    static func render(_ peer: PeerInfo, time: DisplayTime, colour: Bool) -> String {
        let probes = PeerText.probes(peer)
        return "\(time.timestamp(peer.sinceUsec)) \(peer.name): \(PeerText.verdict(peer, colour: colour))"
            + (probes == "-" ? "" : ", probes \(probes)") + "\n"
    }
}

/// Keeps the lines that say something new: a peer's state, reason or unanswered probes. The daemon's stream
/// already changes only then; this removes the overlap between its initial snapshot and the first changes.
struct WatchFilter {
    private struct Shown: Equatable {
        var state: PeerState
        var reason: DownReason?
        var probes: Int
    }

    private var shown: [String: Shown] = [:]

    /// True when `reply` is the first for its peer or changes what was last shown for it.
    mutating func admits(_ reply: WatchReply) -> Bool {
        let peer = reply.peer
        let now = Shown(state: peer.state, reason: peer.reason, probes: peer.probesUnanswered)
        defer { shown[peer.name] = now }
        return reply.initial || shown[peer.name] != now
    }
}
