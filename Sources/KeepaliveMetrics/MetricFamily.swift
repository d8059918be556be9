/// One metric family of the exposition: its name, its Prometheus type and its `# HELP` text. The names are a
/// contract with operators' dashboards and alert rules (README, Metrics).
public struct MetricFamily: Hashable, Sendable {
    /// The Prometheus metric types this daemon exposes.
    public enum Kind: String, Hashable, Sendable {
        case gauge
        case counter
        case histogram
    }

    public var name: String
    public var kind: Kind
    public var help: String

    public init(name: String, kind: Kind, help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }
}

extension MetricFamily {
    // Per peer, labels `peer` and `address` (the endpoint's name and configured address).

    /// The state set: one series per state, 1 for the current one.
    public static let peerState = MetricFamily(
        name: "keepalive_peer_state", kind: .gauge,
        help: "1 for the peer's current state (label state: connecting, up, suspect, down), 0 for the others.")
    public static let peerUnansweredProbes = MetricFamily(
        name: "keepalive_peer_unanswered_probes", kind: .gauge,
        help: "Keepalive probes outstanding for longer than a round trip, as of the latest TCP_INFO sample.")
    public static let peerKeepaliveProbes = MetricFamily(
        name: "keepalive_peer_keepalive_probes", kind: .gauge,
        help: "Configured keepalive probe count (TCP_KEEPCNT): unanswered probes before the kernel gives up.")
    public static let peerRTT = MetricFamily(
        name: "keepalive_peer_rtt_seconds", kind: .gauge,
        help: "Smoothed round-trip time (tcpi_rtt) of the latest TCP_INFO sample; absent without a sample of the current connection.")
    public static let peerLastAck = MetricFamily(
        name: "keepalive_peer_last_ack_timestamp_seconds", kind: .gauge,
        help: "When the peer last acknowledged anything, keepalive probes included (tcpi_last_ack_recv), in seconds since the epoch; absent without a sample of the current connection.")
    public static let peerStateSince = MetricFamily(
        name: "keepalive_peer_state_since_timestamp_seconds", kind: .gauge,
        help: "When the peer's current state began, in seconds since the epoch.")
    public static let peerDowns = MetricFamily(
        name: "keepalive_peer_down_total", kind: .counter,
        help: "Times the peer went down, by reason (half-open, reset, closed, refused, unreachable, timeout, dns); a reason's series appears with its first down.")
    public static let peerReconnects = MetricFamily(
        name: "keepalive_peer_reconnects_total", kind: .counter,
        help: "Connect attempts after the first (after a loss, a failed connect or an operator's reconnect).")

    /// Every per-peer family, in the order they are written.
    public static let peerFamilies: [MetricFamily] = [
        peerState, peerUnansweredProbes, peerKeepaliveProbes, peerRTT, peerLastAck, peerStateSince, peerDowns,
        peerReconnects,
    ]

    // The daemon itself, no labels but build info's.

    public static let endpoints = MetricFamily(
        name: "keepalive_monitor_endpoints", kind: .gauge,
        help: "Endpoints in the running configuration.")
    public static let configGeneration = MetricFamily(
        name: "keepalive_monitor_config_generation", kind: .gauge,
        help: "Accepted configurations since start, counting from 1.")
    public static let reloadFailures = MetricFamily(
        name: "keepalive_monitor_reload_failures_total", kind: .counter,
        help: "Reloads rejected because the new configuration was invalid (the previous one kept running).")
    public static let sampleLag = MetricFamily(
        name: "keepalive_monitor_sample_lag_seconds", kind: .histogram,
        help: "How late each event loop's TCP_INFO sample timer fired compared with when it was due.")
    public static let stalls = MetricFamily(
        name: "keepalive_monitor_stalls_total", kind: .counter,
        help: "Times the monitor itself did not run for 500 ms or more (stopped, starved of CPU, or suspended); no peer was blamed.")
    public static let buildInfo = MetricFamily(
        name: "keepalive_monitor_build_info", kind: .gauge,
        help: "Always 1; label version is the daemon's version.")

    /// Every daemon family.
    public static let daemonFamilies: [MetricFamily] = [endpoints, configGeneration, reloadFailures, sampleLag, stalls, buildInfo]
}
