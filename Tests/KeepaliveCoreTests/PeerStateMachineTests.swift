import KeepaliveCore
import Testing

@Suite("Peer state machine")
struct PeerStateMachineTests {
    var clock = ManualClock()
    var machine: PeerStateMachine

    init() {
        machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
    }

    /// Starts and connects: the common opening of most tests.
    mutating func connect() {
        #expect(machine.started(at: clock.now) == [.connect])
        clock.advance(.milliseconds(3))
        _ = machine.connected(remoteAddress: "10.0.0.5:5432", at: clock.now)
    }

    @Test("Starting connects, and the verdict is connecting until the connect finishes")
    mutating func startConnects() {
        #expect(machine.started(at: clock.now) == [.connect])
        #expect(machine.verdict == .connecting)
        #expect(machine.link == .connecting)
    }

    @Test("The first connect reports connected (info), not a recovery")
    mutating func firstConnect() {
        _ = machine.started(at: clock.now)
        let events = machine.connected(remoteAddress: "10.0.0.5:5432", at: clock.now).events
        #expect(events.count == 1)
        #expect(events.first?.kind == .connected)
        #expect(events.first?.outage == nil)
        #expect(machine.verdict == .up)
    }

    @Test("Probes answered in time never make a peer suspect")
    mutating func answeredProbes() {
        connect()
        for _ in 0..<10 {
            clock.advance(.milliseconds(900))
            #expect(machine.sampled(Fixtures.sample(silence: .milliseconds(900)), at: clock.now).isEmpty)
            // A probe seen for the first time (however late the timer wheel sent it) is in flight, not unanswered.
            clock.advance(.milliseconds(300))
            #expect(machine.sampled(Fixtures.sample(probes: 1, silence: .milliseconds(1200)), at: clock.now).isEmpty)
            // Answered before the confirming sample: the count is back to zero.
            clock.advance(.milliseconds(100))
            #expect(machine.sampled(Fixtures.sample(silence: .milliseconds(90)), at: clock.now).isEmpty)
        }
        #expect(machine.verdict == .up)
    }

    @Test("Unanswered probes 1, 2, 3 are reported one by one as suspect; the kernel's ETIMEDOUT is half-open")
    mutating func silentPeerIsHalfOpen() {
        connect()
        var reported: [Int] = []
        for probes in 1...3 {
            clock.advance(.seconds(1))
            let silence = Duration.seconds(1) + .seconds(probes - 1) + .milliseconds(50)
            let events = machine.sampledAndConfirmed(Fixtures.sample(probes: probes, silence: silence), clock: &clock).events
            #expect(events.allSatisfy { $0.kind == .suspect })
            reported += events.map(\.unansweredProbes)
            #expect(machine.verdict == .suspect(unansweredProbes: probes))
        }
        // The first sighting of probe k already proves probe k-1 unanswered; its confirmation proves probe k.
        #expect(reported == [1, 2, 3])
        clock.advance(.seconds(1))
        let actions = machine.lost(
            PeerFailure(reason: .halfOpen, errno: 110),
            finalSample: Fixtures.sample(probes: 0, silence: .milliseconds(4096)),
            at: clock.now)
        // Reported before the connection is torn down, then reconnect.
        #expect(actions.dropFirst().first == .disconnect)
        #expect(actions.last == .scheduleReconnect(attempt: 0))
        let down = actions.events.first
        #expect(down?.kind == .down)
        #expect(down?.verdict == .down(.halfOpen))
        #expect(down?.failure?.errno == 110)
        // The kernel may clear its probe count at death: the evidence keeps the highest seen.
        #expect(down?.unansweredProbes == 3)
        #expect(down?.evidence?.lastAckReceived == .milliseconds(4096))
    }

    @Test("A suspect peer that answers again is up, with how long it was suspect")
    mutating func suspectRecovers() {
        connect()
        clock.advance(.seconds(1))
        // Suspect from the confirming sample on.
        _ = machine.sampledAndConfirmed(Fixtures.sample(probes: 1, silence: .milliseconds(1100)), clock: &clock)
        #expect(machine.verdict == .suspect(unansweredProbes: 1))
        clock.advance(.milliseconds(550))
        let events = machine.sampled(Fixtures.sample(silence: .milliseconds(10)), at: clock.now).events
        #expect(events.first?.kind == .recovered)
        #expect(events.first?.outage == .milliseconds(550))
        #expect(events.first?.previous == .suspect(unansweredProbes: 1))
        #expect(machine.verdict == .up)
    }

    @Test("Each way a connection ends maps to its reason", arguments: [
        (PeerFailure(reason: .halfOpen, errno: 110), DownReason.halfOpen),
        (PeerFailure(reason: .reset, errno: 104), .reset),
        (PeerFailure(reason: .closed), .closed),
    ])
    mutating func lossReasons(failure: PeerFailure, reason: DownReason) {
        connect()
        let events = machine.lost(failure, finalSample: nil, at: clock.now).events
        #expect(events.first?.verdict == .down(reason))
        #expect(machine.downFailure == failure)
        #expect(machine.counters.downs[reason] == 1)
    }

    @Test("Each way a first connect fails maps to its reason", arguments: DownReason.allCases)
    mutating func connectFailureReasons(reason: DownReason) {
        _ = machine.started(at: clock.now)
        let actions = machine.connectFailed(PeerFailure(reason: reason), at: clock.now)
        #expect(actions.events.first?.kind == .down)
        #expect(machine.verdict == .down(reason))
        #expect(actions.last == .scheduleReconnect(attempt: 0))
    }

    @Test("A down peer keeps its first reason; a new kind of reconnect failure is reported once, as what it is")
    mutating func reconnectFailures() {
        connect()
        _ = machine.lost(PeerFailure(reason: .halfOpen, errno: 110), finalSample: nil, at: clock.now)
        var attempts: [Int] = []
        var reports: [PeerReport.Kind] = []
        for failure in [
            PeerFailure(reason: .timeout), PeerFailure(reason: .timeout),
            PeerFailure(reason: .refused, errno: 111), PeerFailure(reason: .refused, errno: 111),
        ] {
            clock.advance(.seconds(1))
            #expect(machine.reconnectDue(at: clock.now) == [.connect])
            let actions = machine.connectFailed(failure, at: clock.now)
            reports += actions.events.map(\.kind)
            if case .scheduleReconnect(let attempt) = actions.last { attempts.append(attempt) }
            #expect(machine.verdict == .down(.halfOpen))
        }
        #expect(reports == [
            .reconnectFailed(PeerFailure(reason: .timeout)),
            .reconnectFailed(PeerFailure(reason: .refused, errno: 111)),
        ])
        // Backoff grows with every failure since the loss.
        #expect(attempts == [1, 2, 3, 4])
        #expect(machine.counters.reconnects == 4)
    }

    @Test("Up again after being down: recovered, with the outage and the reason it was down for")
    mutating func recoveryAfterDown() {
        connect()
        _ = machine.lost(PeerFailure(reason: .reset, errno: 104), finalSample: nil, at: clock.now)
        clock.advance(.milliseconds(12_300))
        _ = machine.reconnectDue(at: clock.now)
        let event = machine.connected(remoteAddress: "10.0.0.5:5432", at: clock.now).events.first
        #expect(event?.kind == .recovered)
        #expect(event?.outage == .milliseconds(12_300))
        #expect(event?.failure?.reason == .reset)
        #expect(machine.verdict == .up)
        #expect(machine.downFailure == nil)
    }

    @Test("Events that do not fit the link are ignored, never acted on")
    mutating func staleEvents() {
        #expect(machine.sampled(Fixtures.sample(probes: 3, silence: .seconds(5)), at: clock.now).isEmpty)
        #expect(machine.lost(PeerFailure(reason: .reset), finalSample: nil, at: clock.now).isEmpty)
        #expect(machine.reconnectDue(at: clock.now).isEmpty)
        connect()
        #expect(machine.connected(remoteAddress: nil, at: clock.now).isEmpty)
        #expect(machine.connectFailed(PeerFailure(reason: .refused), at: clock.now).isEmpty)
        #expect(machine.reconnectDue(at: clock.now).isEmpty)
    }

    @Test("A requested reconnect drops the connection and connects again; the verdict stands until it answers")
    mutating func requestedReconnect() {
        connect()
        machine.received(bytes: 3)
        #expect(machine.reconnectRequested(at: clock.now) == [.disconnect, .connect])
        #expect(machine.verdict == .up)
        #expect(machine.counters.reconnects == 1)
        #expect(machine.counters.bytesReceived == 3)
        // Nothing happened to a healthy peer: no alert, and certainly no "first connection".
        #expect(machine.connected(remoteAddress: nil, at: clock.now).isEmpty)
        #expect(machine.verdict == .up)
        // A down peer stays down, with its reason, until the new connection answers; then it recovers.
        _ = machine.lost(PeerFailure(reason: .reset, errno: 104), finalSample: nil, at: clock.now)
        #expect(machine.reconnectRequested(at: clock.now) == [.disconnect, .connect])
        #expect(machine.verdict == .down(.reset))
        #expect(machine.connected(remoteAddress: nil, at: clock.now).events.first?.kind == .recovered)
        // A healthy peer whose reconnect fails goes down like any other.
        _ = machine.reconnectRequested(at: clock.now)
        #expect(machine.connectFailed(PeerFailure(reason: .refused, errno: 111), at: clock.now).events.first?.kind == .down)
    }

    @Test("Stopping disconnects once")
    mutating func stopping() {
        connect()
        #expect(machine.stopped() == [.disconnect])
        #expect(machine.stopped().isEmpty)
    }

    @Test("Bytes the peer sends are counted")
    mutating func countsBytes() {
        connect()
        machine.received(bytes: 10)
        machine.received(bytes: 5)
        #expect(machine.counters.bytesReceived == 15)
    }
}
