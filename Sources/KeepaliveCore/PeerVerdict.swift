/// What the monitor says about a peer: the user-facing contract shared by the journal, `STATUS=`, the control
/// API and the CLI. The raw values are the exact words operators and their scripts match on.
public enum PeerState: String, Hashable, Sendable, CaseIterable {
    /// The first connect since the endpoint was configured has not finished yet.
    case connecting
    /// Connected; the peer answers keepalive probes (or there has been no need to probe yet).
    case up
    /// Connected, but keepalive probes are going unanswered.
    case suspect
    /// Not connected; `DownReason` says why.
    case down
}

/// Why a peer is down, or why a connect attempt failed.
public enum DownReason: String, Hashable, Sendable, CaseIterable {
    /// Keepalive or user timeout expired (ETIMEDOUT): the peer vanished without a word.
    case halfOpen = "half-open"
    /// The peer answered with RST (ECONNRESET), e.g. it rebooted and forgot the connection.
    case reset
    /// The peer closed the connection (FIN).
    case closed
    /// Connect was refused (ECONNREFUSED): the host is there, nothing listens.
    case refused
    /// Connect failed with EHOSTUNREACH, ENETUNREACH or EACCES: no route, or a firewall said no.
    case unreachable
    /// Connect got no answer within the connect timeout.
    case timeout
    /// The name did not resolve.
    case dns
    /// The peer's kernel acknowledged the heartbeat request but its application did not answer within the
    /// heartbeat timeout: alive but hung (a stopped or overloaded server), what keepalive alone cannot see.
    case unresponsive
    /// The heartbeat reply was not the expected one: the peer speaks another protocol, or is unwell.
    case wrongReply = "protocol"
}

/// The verdict with its detail: suspect carries the unanswered probes, down carries its reason.
public enum PeerVerdict: Hashable, Sendable {
    case connecting
    case up
    case suspect(unansweredProbes: Int)
    case down(DownReason)

    public var state: PeerState {
        switch self {
        case .connecting: .connecting
        case .up: .up
        case .suspect: .suspect
        case .down: .down
        }
    }

    public var reason: DownReason? {
        if case .down(let reason) = self { return reason }
        return nil
    }
}
