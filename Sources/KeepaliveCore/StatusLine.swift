/// The one-line summary sent as `STATUS=` (shown by `systemctl status`):
/// `5 peers: 3 up, 1 suspect (cache: 2/3 probes), 1 down (db: half-open)`.
public enum StatusLine {
    /// At most this many peers are named per state, so the line stays readable with hundreds of peers.
    public static let namedPeersLimit = 3

    /// `problem` is prefixed when the last reload was rejected, so `systemctl status` shows it.
    public static func render(_ peers: [PeerStatus], problem: String? = nil) -> String {
        let prefix = problem.map { "\($0); " } ?? ""
        guard !peers.isEmpty else { return prefix + "no peers configured" }
        let sorted = peers.sorted { $0.name < $1.name }
        var parts: [String] = []
        for state in PeerState.allCases {
            let inState = sorted.filter { $0.verdict.state == state }
            guard !inState.isEmpty else { continue }
            var part = "\(inState.count) \(state.rawValue)"
            if state == .suspect || state == .down {
                var named = inState.prefix(namedPeersLimit).map { peer in
                    switch peer.verdict {
                    case .suspect(let probes): "\(peer.name): \(probes)/\(peer.keepalive.count) probes"
                    case .down(let reason): "\(peer.name): \(reason.rawValue)"
                    default: peer.name
                    }
                }
                if inState.count > namedPeersLimit {
                    named.append("+\(inState.count - namedPeersLimit) more")
                }
                part += " (\(named.joined(separator: ", ")))"
            }
            parts.append(part)
        }
        let noun = peers.count == 1 ? "peer" : "peers"
        return prefix + "\(peers.count) \(noun): " + parts.joined(separator: ", ")
    }
}
