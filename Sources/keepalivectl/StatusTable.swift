import KeepaliveControl
import KeepaliveCore

/// The `keepalivectl status` table: one line per peer, sorted by name. RTT (the kernel's), HB RTT (the
/// application heartbeat's, for endpoints that have one) and last ACK are shown while connected; a down peer's
/// last sample is in `status PEER`.
enum StatusTable {
    static func render(_ peers: [PeerInfo], time: DisplayTime, colour: Bool) -> String {
        guard !peers.isEmpty else { return "No peers configured.\n" }
        var table = TextTable(header: ["PEER", "ADDRESS", "STATE", "REASON", "SINCE", "PROBES", "RTT", "HB RTT", "LAST ACK"])
        for peer in peers.sorted(by: { $0.name < $1.name }) {
            let state = peer.state
            let sample = state == .up || state == .suspect ? peer.tcpInfo : nil
            table.rows.append([
                .init(text: peer.name),
                .init(text: peer.address),
                .init(text: state.rawValue, style: { colour ? Terminal.paint($0, as: state) : $0 }),
                .init(text: peer.reason?.rawValue ?? "-"),
                .init(text: time.ago(peer.sinceUsec)),
                .init(text: PeerText.probes(peer)),
                .init(text: sample.map { DurationText.roundTrip(microseconds: $0.rttUs) } ?? "-"),
                .init(text: PeerText.heartbeatRTT(peer) ?? "-"),
                .init(text: sample.map { DurationText.humanReadable(milliseconds: $0.lastAckRecvMs) + " ago" } ?? "-"),
            ])
        }
        return table.render()
    }
}

/// Words about a peer shared by the table, the detail block and `watch`.
enum PeerText {
    /// `2/3`: unanswered keepalive probes of the count that declares the peer dead; `-` when there is nothing
    /// to count (connecting, or down without unanswered probes, e.g. refused).
    static func probes(_ peer: PeerInfo) -> String {
        switch peer.state {
        case .up, .suspect: "\(peer.probesUnanswered)/\(peer.keepalive.count)"
        case .down where peer.probesUnanswered > 0: "\(peer.probesUnanswered)/\(peer.keepalive.count)"
        case .connecting, .down: "-"
        }
    }

    /// The latest answered heartbeat's round trip while connected, as `0.41ms`; nil without one.
    static func heartbeatRTT(_ peer: PeerInfo) -> String? {
        guard peer.state == .up || peer.state == .suspect, let rtt = peer.heartbeatRttUs else { return nil }
        return DurationText.roundTrip(microseconds: rtt)
    }

    /// `down (half-open)`, `up`.
    static func verdict(_ peer: PeerInfo, colour: Bool) -> String {
        let state = colour ? Terminal.paint(peer.state.rawValue, as: peer.state) : peer.state.rawValue
        return state + (peer.reason.map { " (\($0.rawValue))" } ?? "")
    }
}
