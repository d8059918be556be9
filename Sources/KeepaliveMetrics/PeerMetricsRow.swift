import KeepaliveCore

/// What `/metrics` shows of one peer, read on the peer's event loop at scrape time: only the fields the
/// families need, so that a scrape of 10 000 peers copies ten fields per peer, not a whole status.
public struct PeerMetricsRow: Sendable {
    public var name: String
    /// The configured address, as written (`[v6]:port` with brackets).
    public var address: String
    public var state: PeerState
    public var unansweredProbes: Int
    /// Configured `TCP_KEEPCNT`.
    public var keepaliveProbes: Int
    /// `tcpi_rtt` of the latest sample of the current connection, if any.
    public var rtt: Duration?
    /// When the peer last acknowledged anything, by the latest sample of the current connection, if any.
    public var lastAck: MonotonicInstant?
    /// When the current state began.
    public var since: MonotonicInstant
    public var reconnects: Int
    /// Times the peer went down, by reason (only reasons that happened).
    public var downs: [DownReason: Int]

    public init(
        name: String, address: String, state: PeerState, unansweredProbes: Int, keepaliveProbes: Int,
        latestSample: TCPInfoSnapshot?, sampledAt: MonotonicInstant?, since: MonotonicInstant, counters: PeerCounters
    ) {
        self.name = name
        self.address = address
        self.state = state
        self.unansweredProbes = unansweredProbes
        self.keepaliveProbes = keepaliveProbes
        if let latestSample, let sampledAt {
            rtt = latestSample.rtt
            lastAck = MonotonicInstant(nanoseconds: sampledAt.nanoseconds - latestSample.lastAckReceived.nanosecondsTruncated)
        } else {
            rtt = nil
            lastAck = nil
        }
        self.since = since
        reconnects = counters.reconnects
        downs = counters.downs
    }

    /// The row of a status as the control API sees it (the same fields).
    public init(_ status: PeerStatus) {
        self.init(
            name: status.name, address: status.address.description, state: status.verdict.state,
            unansweredProbes: status.unansweredProbes, keepaliveProbes: status.keepalive.count,
            latestSample: status.latestSample, sampledAt: status.latestSampleAt, since: status.since,
            counters: status.counters)
    }
}

extension Duration {
    /// Whole nanoseconds, rounded toward zero.
    fileprivate var nanosecondsTruncated: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
