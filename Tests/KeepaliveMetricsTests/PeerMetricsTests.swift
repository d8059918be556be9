import KeepaliveCore
import KeepaliveMetrics
import Testing

@Suite("Per-peer metrics from the peers' statuses")
struct PeerMetricsTests {
    func render(_ peers: [PeerStatus]) -> String {
        String(decoding: MetricsRegistry().render(peers: peers, clock: Fixtures.clock), as: UTF8.self)
    }

    /// The peers' part of the exposition (everything before the daemon's own families).
    func peerPart(_ peers: [PeerStatus]) -> String {
        let text = render(peers)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let end = lines.firstIndex { $0.hasPrefix("# HELP keepalive_monitor_") } ?? lines.endIndex
        return lines[..<end].joined(separator: "\n") + "\n"
    }

    @Test("Every family, name, label and value for peers up, suspect, down and connecting, sorted by peer")
    func exactValues() {
        let expected = """
            # HELP keepalive_peer_state 1 for the peer's current state (label state: connecting, up, suspect, down), 0 for the others.
            # TYPE keepalive_peer_state gauge
            keepalive_peer_state{peer="api",address="api.internal.example:443",state="connecting"} 0
            keepalive_peer_state{peer="api",address="api.internal.example:443",state="up"} 0
            keepalive_peer_state{peer="api",address="api.internal.example:443",state="suspect"} 1
            keepalive_peer_state{peer="api",address="api.internal.example:443",state="down"} 0
            keepalive_peer_state{peer="cache",address="[2001:db8::10]:6379",state="connecting"} 0
            keepalive_peer_state{peer="cache",address="[2001:db8::10]:6379",state="up"} 0
            keepalive_peer_state{peer="cache",address="[2001:db8::10]:6379",state="suspect"} 0
            keepalive_peer_state{peer="cache",address="[2001:db8::10]:6379",state="down"} 1
            keepalive_peer_state{peer="db",address="10.0.0.5:5432",state="connecting"} 0
            keepalive_peer_state{peer="db",address="10.0.0.5:5432",state="up"} 1
            keepalive_peer_state{peer="db",address="10.0.0.5:5432",state="suspect"} 0
            keepalive_peer_state{peer="db",address="10.0.0.5:5432",state="down"} 0
            keepalive_peer_state{peer="mq",address="10.0.0.9:5672",state="connecting"} 1
            keepalive_peer_state{peer="mq",address="10.0.0.9:5672",state="up"} 0
            keepalive_peer_state{peer="mq",address="10.0.0.9:5672",state="suspect"} 0
            keepalive_peer_state{peer="mq",address="10.0.0.9:5672",state="down"} 0
            # HELP keepalive_peer_unanswered_probes Keepalive probes outstanding for longer than a round trip, as of the latest TCP_INFO sample.
            # TYPE keepalive_peer_unanswered_probes gauge
            keepalive_peer_unanswered_probes{peer="api",address="api.internal.example:443"} 2
            keepalive_peer_unanswered_probes{peer="cache",address="[2001:db8::10]:6379"} 0
            keepalive_peer_unanswered_probes{peer="db",address="10.0.0.5:5432"} 0
            keepalive_peer_unanswered_probes{peer="mq",address="10.0.0.9:5672"} 0
            # HELP keepalive_peer_keepalive_probes Configured keepalive probe count (TCP_KEEPCNT): unanswered probes before the kernel gives up.
            # TYPE keepalive_peer_keepalive_probes gauge
            keepalive_peer_keepalive_probes{peer="api",address="api.internal.example:443"} 3
            keepalive_peer_keepalive_probes{peer="cache",address="[2001:db8::10]:6379"} 4
            keepalive_peer_keepalive_probes{peer="db",address="10.0.0.5:5432"} 3
            keepalive_peer_keepalive_probes{peer="mq",address="10.0.0.9:5672"} 3
            # HELP keepalive_peer_rtt_seconds Smoothed round-trip time (tcpi_rtt) of the latest TCP_INFO sample; absent without a sample of the current connection.
            # TYPE keepalive_peer_rtt_seconds gauge
            keepalive_peer_rtt_seconds{peer="api",address="api.internal.example:443"} 0.001830
            keepalive_peer_rtt_seconds{peer="db",address="10.0.0.5:5432"} 0.000412
            # HELP keepalive_peer_last_ack_timestamp_seconds When the peer last acknowledged anything, keepalive probes included (tcpi_last_ack_recv), in seconds since the epoch; absent without a sample of the current connection.
            # TYPE keepalive_peer_last_ack_timestamp_seconds gauge
            keepalive_peer_last_ack_timestamp_seconds{peer="api",address="api.internal.example:443"} 1767225577.000000
            keepalive_peer_last_ack_timestamp_seconds{peer="db",address="10.0.0.5:5432"} 1767225599.250000
            # HELP keepalive_peer_state_since_timestamp_seconds When the peer's current state began, in seconds since the epoch.
            # TYPE keepalive_peer_state_since_timestamp_seconds gauge
            keepalive_peer_state_since_timestamp_seconds{peer="api",address="api.internal.example:443"} 1767225580.000000
            keepalive_peer_state_since_timestamp_seconds{peer="cache",address="[2001:db8::10]:6379"} 1767225570.000000
            keepalive_peer_state_since_timestamp_seconds{peer="db",address="10.0.0.5:5432"} 1767225550.000000
            keepalive_peer_state_since_timestamp_seconds{peer="mq",address="10.0.0.9:5672"} 1767225599.000000
            # HELP keepalive_peer_down_total Times the peer went down, by reason (half-open, reset, closed, refused, unreachable, timeout, dns); a reason's series appears with its first down.
            # TYPE keepalive_peer_down_total counter
            keepalive_peer_down_total{peer="cache",address="[2001:db8::10]:6379",reason="half-open"} 1
            # HELP keepalive_peer_reconnects_total Connect attempts after the first (after a loss, a failed connect or an operator's reconnect).
            # TYPE keepalive_peer_reconnects_total counter
            keepalive_peer_reconnects_total{peer="api",address="api.internal.example:443"} 0
            keepalive_peer_reconnects_total{peer="cache",address="[2001:db8::10]:6379"} 1
            keepalive_peer_reconnects_total{peer="db",address="10.0.0.5:5432"} 0
            keepalive_peer_reconnects_total{peer="mq",address="10.0.0.9:5672"} 0

            """
        #expect(peerPart([Fixtures.up, Fixtures.connecting, Fixtures.down, Fixtures.suspect]) == expected)
    }

    @Test("Every down reason gets its own series under its exact verdict word")
    func everyReason() {
        var status = Fixtures.down
        for (index, reason) in DownReason.allCases.enumerated() {
            status.counters.downs[reason] = index + 1
        }
        let lines = render([status]).split(separator: "\n").filter { $0.hasPrefix("keepalive_peer_down_total{") }.map(String.init)
        #expect(lines == DownReason.allCases.enumerated().map { index, reason in
            "keepalive_peer_down_total{peer=\"cache\",address=\"[2001:db8::10]:6379\",reason=\"\(reason.rawValue)\"} \(index + 1)"
        })
        #expect(DownReason.allCases.map(\.rawValue) == ["half-open", "reset", "closed", "refused", "unreachable", "timeout", "dns", "unresponsive", "protocol"])
    }

    @Test("A peer that is no longer in the statuses (removed by a reload) has no series at all")
    func removedPeerIsGone() {
        let before = render([Fixtures.up, Fixtures.down])
        let after = render([Fixtures.up])
        #expect(before.contains("peer=\"cache\""))
        #expect(!after.contains("peer=\"cache\""))
        #expect(after.contains("peer=\"db\""))
    }

    @Test("Without peers the families are still announced, with no samples")
    func noPeers() {
        let text = peerPart([])
        for family in MetricFamily.peerFamilies {
            #expect(text.contains("# TYPE \(family.name) \(family.kind.rawValue)\n"))
        }
        #expect(!text.split(separator: "\n").contains { !$0.hasPrefix("#") && !$0.isEmpty })
    }
}
