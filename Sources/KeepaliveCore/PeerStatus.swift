/// A peer as the outside world sees it at one moment: what `STATUS=`, the control API and the CLI show.
public struct PeerStatus: Hashable, Sendable {
    public var name: String
    public var address: EndpointAddress
    public var remoteAddress: String?
    public var verdict: PeerVerdict
    public var since: MonotonicInstant
    public var keepalive: KeepaliveSettings
    public var userTimeout: Duration
    public var latestSample: TCPInfoSnapshot?
    /// When `latestSample` was read.
    public var latestSampleAt: MonotonicInstant?
    public var unansweredProbes: Int
    public var counters: PeerCounters
    /// The round trip of the latest answered application heartbeat, when there is one.
    public var heartbeatRTT: Duration?

    public init(_ machine: PeerStateMachine) {
        name = machine.endpoint.name
        address = machine.endpoint.address
        remoteAddress = machine.remoteAddress
        verdict = machine.verdict
        since = machine.since
        keepalive = machine.endpoint.keepalive
        userTimeout = machine.endpoint.userTimeout
        latestSample = machine.latestSample
        latestSampleAt = machine.latestSampleAt
        unansweredProbes = machine.unansweredProbes
        counters = machine.counters
        heartbeatRTT = machine.heartbeat?.latestRTT
    }
}
