import KeepaliveControl
import KeepaliveCore

/// `keepalivectl check`: one line and an exit status in the monitoring-plugins convention (Nagios, Icinga,
/// Sensu): `CRITICAL: 1 down (db: half-open), 4 up`, the counts worded as the daemon's `STATUS=` line.
struct CheckResult: Equatable, Encodable {
    enum Status: String, Encodable {
        case ok = "OK"
        case warning = "WARNING"
        case critical = "CRITICAL"
        case unknown = "UNKNOWN"

        var exitCode: Int32 {
            switch self {
            case .ok: 0
            case .warning: 1
            case .critical: 2
            case .unknown: 3
            }
        }
    }

    var status: Status
    var summary: String
    /// Peers by state; nil when the daemon could not be asked.
    var counts: DaemonInfo.Counts?

    /// OK when every peer is up, WARNING when any is suspect or connecting, CRITICAL when any is down.
    init(peers: [PeerInfo]) {
        let counts = DaemonInfo.Counts(peers)
        self.counts = counts
        if counts.down > 0 {
            status = .critical
        } else if counts.suspect > 0 || counts.connecting > 0 {
            status = .warning
        } else {
            status = .ok
        }
        guard !peers.isEmpty else {
            summary = "OK: no peers configured"
            return
        }
        // The daemon's own STATUS= wording and order (`StatusSummary`), after the verdict word.
        var counted = StatusSummary()
        for peer in peers {
            counted.add(
                peer.name, state: peer.state, reason: peer.reason, unansweredProbes: peer.probesUnanswered,
                keepaliveCount: peer.keepalive.count)
        }
        summary = "\(status.rawValue): " + counted.renderCounts()
    }

    /// The daemon could not be asked.
    init(unknown problem: String) {
        status = .unknown
        summary = "UNKNOWN: \(problem)"
        counts = nil
    }

    private enum CodingKeys: String, CodingKey {
        case status, summary, counts
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(summary, forKey: .summary)
        try container.encode(counts, forKey: .counts)
    }
}
