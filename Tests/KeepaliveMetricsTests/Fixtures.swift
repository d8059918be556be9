import KeepaliveCore
import KeepaliveTestSupport
import KeepaliveMetrics

/// Peers in known states, driven through the real state machine on a manual clock.
enum Fixtures {
    /// Monotonic 1000 s ↔ wall clock 2026-01-01T00:00:00Z.
    static let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)
    static let clock = WallClockMapping(monotonic: start + .seconds(60), realtimeMicroseconds: 1_767_225_600_000_000)

    static func endpoint(_ name: String, _ address: String, count: Int = 3) -> EndpointConfig {
        SampleEndpoints.endpoint(
            name, address: address, keepalive: KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: count))
    }

    static func sample(probes: Int = 0, lastAck: Duration, rtt: Duration) -> TCPInfoSnapshot {
        TCPInfoSnapshot(
            state: 1, probes: probes, backoff: 0, totalRetransmits: 0, unacked: 0, lastDataReceived: .seconds(50),
            lastAckReceived: lastAck, rtt: rtt, rttVariance: .microseconds(50))
    }

    /// Up since start + 10 s, sampled at start + 59.5 s: RTT 412 µs, last ACK 250 ms before that sample.
    static var up: PeerStatus {
        var machine = PeerStateMachine(endpoint: endpoint("db", "10.0.0.5:5432"), at: start)
        _ = machine.started(at: start)
        _ = machine.connected(remoteAddress: "10.0.0.5:5432", at: start + .seconds(10))
        _ = machine.sampled(sample(lastAck: .milliseconds(250), rtt: .microseconds(412)), at: start + .milliseconds(59_500))
        return PeerStatus(machine)
    }

    /// Went down half-open at start + 30 s, then one reconnect refused: still down (half-open), 1 reconnect.
    static var down: PeerStatus {
        var machine = PeerStateMachine(endpoint: endpoint("cache", "[2001:db8::10]:6379", count: 4), at: start)
        _ = machine.started(at: start)
        _ = machine.connected(remoteAddress: "[2001:db8::10]:6379", at: start + .seconds(1))
        _ = machine.lost(PeerFailure(reason: .halfOpen, errno: 110), finalSample: nil, at: start + .seconds(30))
        _ = machine.reconnectDue(at: start + .milliseconds(30_500))
        _ = machine.connectFailed(PeerFailure(reason: .refused, errno: 111), at: start + .milliseconds(30_501))
        return PeerStatus(machine)
    }

    /// Suspect: 2 of 3 probes unanswered since the sample at start + 40 s (the probes are older than an answer time).
    static var suspect: PeerStatus {
        var machine = PeerStateMachine(endpoint: endpoint("api", "api.internal.example:443"), at: start)
        _ = machine.started(at: start)
        _ = machine.connected(remoteAddress: "10.0.0.7:443", at: start + .seconds(1))
        _ = machine.sampled(sample(probes: 2, lastAck: .seconds(3), rtt: .microseconds(1830)), at: start + .seconds(40))
        _ = machine.sampled(sample(probes: 2, lastAck: .milliseconds(3500), rtt: .microseconds(1830)), at: start + .milliseconds(40_500))
        return PeerStatus(machine)
    }

    /// Never connected yet.
    static var connecting: PeerStatus {
        var machine = PeerStateMachine(endpoint: endpoint("mq", "10.0.0.9:5672"), at: start + .seconds(59))
        _ = machine.started(at: start + .seconds(59))
        return PeerStatus(machine)
    }
}
