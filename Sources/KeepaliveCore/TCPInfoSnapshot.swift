/// The fields of the kernel's `struct tcp_info` that tell what keepalive is doing on one socket.
///
/// Durations are what the kernel reports, relative to the moment of the `getsockopt(TCP_INFO)` call.
public struct TCPInfoSnapshot: Hashable, Sendable {
    /// `tcpi_state`, e.g. 1 for ESTABLISHED.
    public var state: UInt8
    /// `tcpi_probes`: keepalive (or zero-window) probes sent and not yet answered.
    public var probes: Int
    /// `tcpi_backoff`: exponential backoff of the retransmission timer.
    public var backoff: Int
    /// `tcpi_total_retrans`: retransmitted segments over the connection's life (`tcpi_retransmits` is a u8 and wraps).
    public var totalRetransmits: Int
    /// `tcpi_unacked`: segments sent and not acknowledged. While it is non-zero the kernel sends no keepalive probes.
    public var unacked: Int
    /// `tcpi_last_data_recv`: time since the peer last sent data.
    public var lastDataReceived: Duration
    /// `tcpi_last_ack_recv`: time since the peer last acknowledged anything, keepalive probes included.
    public var lastAckReceived: Duration
    /// `tcpi_rtt`: smoothed round-trip time.
    public var rtt: Duration
    /// `tcpi_rttvar`: round-trip time variance.
    public var rttVariance: Duration

    public init(
        state: UInt8,
        probes: Int,
        backoff: Int,
        totalRetransmits: Int,
        unacked: Int,
        lastDataReceived: Duration,
        lastAckReceived: Duration,
        rtt: Duration,
        rttVariance: Duration
    ) {
        self.state = state
        self.probes = probes
        self.backoff = backoff
        self.totalRetransmits = totalRetransmits
        self.unacked = unacked
        self.lastDataReceived = lastDataReceived
        self.lastAckReceived = lastAckReceived
        self.rtt = rtt
        self.rttVariance = rttVariance
    }

    /// How long the kernel has heard nothing at all from the peer. The keepalive timer counts from the later of
    /// the last data and the last ACK, so this is what it compares with the idle time.
    public var silence: Duration { min(lastDataReceived, lastAckReceived) }

    /// The kernel's name for `state` (`ESTABLISHED`, `CLOSE_WAIT`, …).
    public var stateName: String {
        let names = [
            "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT",
            "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV",
        ]
        let index = Int(state) - 1
        return names.indices.contains(index) ? names[index] : "STATE_\(state)"
    }
}
