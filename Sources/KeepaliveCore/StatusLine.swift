/// The one-line summary sent as `STATUS=` (shown by `systemctl status`):
/// `5 peers: 3 up, 1 suspect (cache: 2/3 probes), 1 down (db: half-open)`.
public enum StatusLine {
    /// At most this many peers are named per state, so the line stays readable with hundreds of peers.
    public static let namedPeersLimit = 3

    /// The line for `peers`; `problem` is prefixed when the last reload was rejected.
    public static func render(_ peers: [PeerStatus], problem: String? = nil) -> String {
        var summary = StatusSummary()
        for peer in peers {
            summary.update(peer.name, from: nil, to: peer.verdict, keepaliveCount: peer.keepalive.count)
        }
        return summary.render(problem: problem)
    }
}

/// The counts and names behind the status line, kept up to date one verdict change at a time: a change costs
/// in proportion to the peers in trouble, not to all peers (a daemon watching thousands re-renders on every
/// change).
public struct StatusSummary: Hashable, Sendable {
    private var counts: [PeerState: Int] = [:]
    /// Suspect and down peers by name, with what the line says about each.
    private var troubled: [String: Trouble] = [:]
    public private(set) var total = 0

    private struct Trouble: Hashable, Sendable {
        var state: PeerState
        var detail: String
    }

    public init() {}

    /// Peers in `state` now.
    public func count(of state: PeerState) -> Int {
        counts[state] ?? 0
    }

    /// Records that peer `name` went from `old` to `new` (nil: not there). `keepaliveCount` is its probe count.
    public mutating func update(_ name: String, from old: PeerVerdict?, to new: PeerVerdict?, keepaliveCount: Int) {
        if let old {
            counts[old.state, default: 0] -= 1
            total -= 1
            troubled[name] = nil
        }
        guard let new else { return }
        counts[new.state, default: 0] += 1
        total += 1
        switch new {
        case .suspect(let probes):
            troubled[name] = Trouble(state: .suspect, detail: "\(name): \(probes)/\(keepaliveCount) probes")
        case .down(let reason):
            troubled[name] = Trouble(state: .down, detail: "\(name): \(reason.rawValue)")
        case .connecting, .up:
            break
        }
    }

    /// `5 peers: 3 up, 1 suspect (cache: 2/3 probes), 1 down (db: half-open)`, after `problem; ` if given.
    public func render(problem: String? = nil) -> String {
        let prefix = problem.map { "\($0); " } ?? ""
        guard total > 0 else { return prefix + "no peers configured" }
        var parts: [String] = []
        for state in PeerState.allCases {
            guard let count = counts[state], count > 0 else { continue }
            var part = "\(count) \(state.rawValue)"
            if state == .suspect || state == .down {
                let names = troubled.filter { $0.value.state == state }
                var shown = names.keys.sorted().prefix(StatusLine.namedPeersLimit).compactMap { names[$0]?.detail }
                if names.count > StatusLine.namedPeersLimit {
                    shown.append("+\(names.count - StatusLine.namedPeersLimit) more")
                }
                part += " (\(shown.joined(separator: ", ")))"
            }
            parts.append(part)
        }
        return prefix + "\(total) \(total == 1 ? "peer" : "peers"): " + parts.joined(separator: ", ")
    }
}
