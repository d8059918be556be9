import KeepaliveCore
import KeepaliveTestSupport

/// A clock that moves only when the test says so.
struct ManualClock {
    private(set) var now = MonotonicInstant(nanoseconds: 1_000_000_000)

    mutating func advance(_ duration: Duration) {
        now = now + duration
    }
}

/// Test data shared by the core tests.
enum Fixtures {
    static let keepalive = SampleEndpoints.keepalive

    static func endpoint(_ name: String = "db", keepalive: KeepaliveSettings = keepalive) -> EndpointConfig {
        SampleEndpoints.endpoint(name, keepalive: keepalive)
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

extension PeerStateMachine {
    /// Samples `snapshot` twice, 150 ms apart (longer than the answer time of a fast path), as the daemon does
    /// when a new probe appears: the first sighting is in flight, the second confirms it unanswered.
    mutating func sampledAndConfirmed(_ snapshot: TCPInfoSnapshot, clock: inout ManualClock) -> [Action] {
        var actions = sampled(snapshot, at: clock.now)
        clock.advance(.milliseconds(150))
        var later = snapshot
        later.lastAckReceived += .milliseconds(150)
        later.lastDataReceived += .milliseconds(150)
        actions += sampled(later, at: clock.now)
        return actions
    }
}

extension Array where Element == PeerStateMachine.Action {
    /// The events among the actions.
    var events: [PeerReport] {
        compactMap { if case .report(let event) = $0 { event } else { nil } }
    }
}
