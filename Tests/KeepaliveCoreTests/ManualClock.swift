import KeepaliveCore

/// A clock that moves only when the test says so.
struct ManualClock {
    private(set) var now = MonotonicInstant(nanoseconds: 1_000_000_000)

    mutating func advance(_ duration: Duration) {
        now = now + duration
    }
}

/// Test data shared by the core tests.
enum Fixtures {
    static let keepalive = KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 3)

    static func endpoint(_ name: String = "db", keepalive: KeepaliveSettings = keepalive) -> EndpointConfig {
        EndpointConfig(
            name: name,
            address: EndpointAddress(host: "10.0.0.5", port: 5432, kind: .ipv4),
            keepalive: keepalive,
            userTimeout: keepalive.deadline,
            connectTimeout: .seconds(5),
            reconnect: ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0.2))
    }

    /// A TCP_INFO sample of an established connection.
    static func sample(
        probes: Int = 0,
        silence: Duration,
        rtt: Duration = .microseconds(100)
    ) -> TCPInfoSnapshot {
        TCPInfoSnapshot(
            state: 1, probes: probes, backoff: 0, totalRetransmits: 0, unacked: 0,
            lastDataReceived: silence + .seconds(100), lastAckReceived: silence, rtt: rtt,
            rttVariance: .microseconds(50))
    }
}

extension Array where Element == PeerStateMachine.Action {
    /// The events among the actions.
    var events: [PeerEvent] {
        compactMap { if case .report(let event) = $0 { event } else { nil } }
    }
}
