/// The counts and names behind the status line, kept up to date one verdict change at a time: a change costs
/// in proportion to the peers in trouble, not to all peers (a daemon watching thousands re-renders on every
/// change).
public struct StatusSummary: Hashable, Sendable {
    private var counts: [PeerState: Int] = [:]
    /// Peers that are not up (down, suspect, connecting) by name, with what the line says about each.
    private var troubled: [String: Trouble] = [:]
    public private(set) var total = 0

    private struct Trouble: Hashable, Sendable {
        var state: PeerState
        var detail: String
    }

    public init() {}

    /// A summary of counts alone, without names (`keepalivectl info` has only `GetDaemonInfo`'s counts): it
    /// renders the same words in the same order, just without naming the peers.
    public init(counts: [PeerState: Int]) {
        self.counts = counts.filter { $0.value > 0 }
        total = self.counts.values.reduce(0, +)
    }

    /// Peers in `state` now.
    public func count(of state: PeerState) -> Int {
        counts[state] ?? 0
    }

    /// Records that peer `name` went from `old` to `new` (nil: not there). `keepaliveCount` is its probe count.
    public mutating func update(_ name: String, from old: PeerVerdict?, to new: PeerVerdict?, keepaliveCount: Int) {
        if let old { remove(name, state: old.state) }
        guard let new else { return }
        var probes = 0
        if case .suspect(let unanswered) = new { probes = unanswered }
        add(name, state: new.state, reason: new.reason, unansweredProbes: probes, keepaliveCount: keepaliveCount)
    }

    /// Counts a peer that was not counted yet, from the fields a status or a control API record carries.
    public mutating func add(
        _ name: String, state: PeerState, reason: DownReason?, unansweredProbes: Int, keepaliveCount: Int
    ) {
        counts[state, default: 0] += 1
        total += 1
        let detail = StatusLine.detail(
            name: name, state: state, reason: reason, unansweredProbes: unansweredProbes,
            keepaliveCount: keepaliveCount)
        if let detail { troubled[name] = Trouble(state: state, detail: detail) }
    }

    private mutating func remove(_ name: String, state: PeerState) {
        counts[state, default: 0] -= 1
        total -= 1
        troubled[name] = nil
    }

    /// `1 down (db: half-open), 1 suspect (cache: 2/3 probes), 3 up`: each state with its count, worst first,
    /// the first few peers of each (by name) named but for the up ones; empty when there are no peers.
    public func renderCounts() -> String {
        var parts: [String] = []
        for state in StatusLine.order {
            guard let count = counts[state], count > 0 else { continue }
            var part = "\(count) \(state.rawValue)"
            if state != .up {
                let names = firstNames(in: state)
                var shown = names.compactMap { troubled[$0]?.detail }
                if !names.isEmpty, count > names.count { shown.append("+\(count - names.count) more") }
                if !shown.isEmpty { part += " (\(shown.joined(separator: ", ")))" }
            }
            parts.append(part)
        }
        return parts.joined(separator: ", ")
    }

    /// `5 peers: 1 down (db: half-open), …, 3 up`, after `problem; ` if given.
    public func render(problem: String? = nil) -> String {
        let prefix = problem.map { "\($0); " } ?? ""
        guard total > 0 else { return prefix + "no peers configured" }
        return prefix + "\(total) \(total == 1 ? "peer" : "peers"): " + renderCounts()
    }

    /// The alphabetically first `namedPeersLimit` names in `state`, in one pass: while thousands of peers are
    /// connecting at start, sorting them all for every line would cost more than the line is worth.
    private func firstNames(in state: PeerState) -> [String] {
        var first: [String] = []
        for (name, trouble) in troubled where trouble.state == state {
            if first.count < StatusLine.namedPeersLimit {
                first.append(name)
                first.sort()
            } else if name < first[first.count - 1] {
                first[first.count - 1] = name
                first.sort()
            }
        }
        return first
    }
}
