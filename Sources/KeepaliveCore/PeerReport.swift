/// What the state machine reports about a peer for an operator: one journal entry each (`AlertFormatter` turns it
/// into the `Alert` that is sent).
public struct PeerReport: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// First connection since the endpoint was configured.
        case connected
        /// Keepalive probes are going unanswered (sent again each time the count grows).
        case suspect
        /// The peer went down.
        case down
        /// Up again after being down or suspect.
        case recovered
        /// Still down, and a reconnect failed for a different reason than the last attempt.
        case reconnectFailed(PeerFailure)
    }

    public var kind: Kind
    public var peer: String
    public var address: EndpointAddress
    /// The address actually connected to (after DNS), when there is one.
    public var remoteAddress: String?
    public var verdict: PeerVerdict
    /// The failure that brought the peer down (for `.down`), or that it was down with (for `.recovered`).
    public var failure: PeerFailure?
    public var keepalive: KeepaliveSettings
    /// The kernel's evidence: the latest TCP_INFO reading, if the connection ever had one.
    public var evidence: TCPInfoSnapshot?
    /// Probes unanswered, as read from the evidence.
    public var unansweredProbes: Int
    /// How long the peer was down or suspect, on recovery.
    public var outage: Duration?
    /// The verdict before this event, so a recovery can say what it recovered from.
    public var previous: PeerVerdict?
    public var at: MonotonicInstant

    public init(
        kind: Kind,
        peer: String,
        address: EndpointAddress,
        remoteAddress: String?,
        verdict: PeerVerdict,
        failure: PeerFailure?,
        keepalive: KeepaliveSettings,
        evidence: TCPInfoSnapshot?,
        unansweredProbes: Int,
        outage: Duration?,
        previous: PeerVerdict?,
        at: MonotonicInstant
    ) {
        self.kind = kind
        self.peer = peer
        self.address = address
        self.remoteAddress = remoteAddress
        self.verdict = verdict
        self.failure = failure
        self.keepalive = keepalive
        self.evidence = evidence
        self.unansweredProbes = unansweredProbes
        self.outage = outage
        self.previous = previous
        self.at = at
    }
}
