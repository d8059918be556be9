import KeepaliveControl
import KeepaliveCore

/// `keepalivectl check`: one line and an exit status in the monitoring-plugins convention (Nagios, Icinga,
/// Sensu): `CRITICAL: 1 down (db: half-open), 4 up`.
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

    /// At most this many peers are named per state, so the line stays short with hundreds of peers.
    static let namedPeersLimit = 3

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
        if status == .ok {
            summary = "OK: \(peers.count) \(peers.count == 1 ? "peer" : "peers") up"
            return
        }
        let sorted = peers.sorted { $0.name < $1.name }
        var parts: [String] = []
        for state in [PeerState.down, .suspect, .connecting, .up] {
            let inState = sorted.filter { $0.state == state }
            guard !inState.isEmpty else { continue }
            var part = "\(inState.count) \(state.rawValue)"
            if state != .up {
                var named = inState.prefix(Self.namedPeersLimit).map(Self.detail)
                if inState.count > Self.namedPeersLimit {
                    named.append("+\(inState.count - Self.namedPeersLimit) more")
                }
                part += " (\(named.joined(separator: ", ")))"
            }
            parts.append(part)
        }
        summary = "\(status.rawValue): " + parts.joined(separator: ", ")
    }

    /// The daemon could not be asked.
    init(unknown problem: String) {
        status = .unknown
        summary = "UNKNOWN: \(problem)"
        counts = nil
    }

    /// `db: half-open`, `cache 2/3 probes`, `api`.
    private static func detail(_ peer: PeerInfo) -> String {
        switch peer.state {
        case .down: "\(peer.name): \(peer.reason?.rawValue ?? "down")"
        case .suspect: "\(peer.name) \(peer.probesUnanswered)/\(peer.keepalive.count) probes"
        case .connecting, .up: peer.name
        }
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
