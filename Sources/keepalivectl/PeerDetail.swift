import KeepaliveControl
import KeepaliveCore

/// `keepalivectl status PEER`: every field of one peer, in three labelled sections.
enum PeerDetail {
    static func render(_ peer: PeerInfo, time: DisplayTime, colour: Bool) -> String {
        let keepalive = peer.keepalive
        var sections: [(title: String, fields: [(String, String)])] = []
        sections.append((peer.name, [
            ("Address", peer.address),
            ("Resolved address", peer.resolvedAddress ?? "-"),
            ("State", PeerText.verdict(peer, colour: colour)),
            ("Since", "\(time.timestamp(peer.sinceUsec)) (\(time.ago(peer.sinceUsec)))"),
            ("Probes unanswered", "\(peer.probesUnanswered) of \(keepalive.count)"),
            // Spans in the one wording of every message and table, not in the configuration's syntax.
            ("Keepalive", [
                "idle \(DurationText.humanReadable(.seconds(keepalive.idleSec)))",
                "interval \(DurationText.humanReadable(.seconds(keepalive.intervalSec)))",
                "count \(keepalive.count)",
                "user timeout \(DurationText.humanReadable(.milliseconds(keepalive.userTimeoutMs)))",
            ].joined(separator: ", ")),
        ]))
        // A down peer's sample was taken as its connection ended; its spans count back from then, not from now.
        let ended = peer.state == .down
        let sampleTitle = ended ? "TCP_INFO (last sample, as the connection ended)" : "TCP_INFO (latest sample)"
        let before = ended ? " before the end" : " ago"
        if let info = peer.tcpInfo {
            sections.append((sampleTitle, [
                ("State", info.state),
                ("Probes", "\(info.probes)"),
                ("Backoff", "\(info.backoff)"),
                ("Retransmits", "\(info.totalRetransmits) in total"),
                ("Unacked", "\(info.unacked)"),
                ("Last data received", DurationText.humanReadable(milliseconds: info.lastDataRecvMs) + before),
                ("Last ACK received", DurationText.humanReadable(milliseconds: info.lastAckRecvMs) + before),
                ("RTT", "\(DurationText.roundTrip(microseconds: info.rttUs)) "
                    + "(rttvar \(DurationText.roundTrip(microseconds: info.rttvarUs)))"),
            ] + (PeerText.heartbeatRTT(peer).map { [("Heartbeat RTT", $0)] } ?? [])))
        } else {
            sections.append(("TCP_INFO", [("Sample", "none taken")]))
        }
        let down = peer.counters.down
        sections.append(("Counters", [
            ("Reconnects", "\(peer.counters.reconnects)"),
            ("Bytes received", "\(peer.counters.bytesReceived)"),
            ("Times down", DownReason.allCases.map { "\($0.rawValue) \(down[$0])" }.joined(separator: ", ")),
        ]))

        let width = sections.flatMap { $0.fields.map(\.0.count) }.max() ?? 0
        return sections.map { section in
            section.title + "\n" + section.fields.map { label, value in
                "  \(label):" + String(repeating: " ", count: width - label.count + 1) + value + "\n"
            }.joined()
        }.joined(separator: "\n")
    }
}
