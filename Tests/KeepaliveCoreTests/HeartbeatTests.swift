import KeepaliveCore
import Testing

/// The application heartbeat, event by event on a manual clock: the seed case is a 1-byte 0x01 answered by 0x41
/// within 1 s, every 45 s.
@Suite("Application heartbeat")
struct HeartbeatTests {
    static let seed = HeartbeatSettings(request: [0x01], expectedReply: [0x41], interval: .seconds(45), timeout: .seconds(1))

    var clock = ManualClock()
    var machine: PeerStateMachine

    init() {
        var endpoint = Fixtures.endpoint()
        endpoint.heartbeat = Self.seed
        machine = PeerStateMachine(endpoint: endpoint, at: clock.now)
    }

    /// Connects; the first request goes at once.
    mutating func connect() {
        _ = machine.started(at: clock.now)
        let actions = machine.connected(remoteAddress: "10.0.0.5:5432", at: clock.now)
        #expect(actions.last == .sendHeartbeat)
        #expect(machine.heartbeatSent(at: clock.now) == [
            .armHeartbeatTimeout(after: .seconds(1)), .scheduleHeartbeat(after: .seconds(45)),
        ])
    }

    @Test("Without a heartbeat nothing is ever written")
    mutating func noHeartbeat() {
        var plain = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = plain.started(at: clock.now)
        #expect(!plain.connected(remoteAddress: nil, at: clock.now).contains(.sendHeartbeat))
        #expect(plain.heartbeatDue(at: clock.now).isEmpty)
        #expect(plain.heartbeat == nil)
    }

    @Test("A reply in time is the round trip, and the peer stays up")
    mutating func answered() {
        connect()
        clock.advance(.milliseconds(7))
        #expect(machine.received([0x41], at: clock.now).isEmpty)
        #expect(machine.heartbeat?.latestRTT == .milliseconds(7))
        #expect(machine.verdict == .up)
        // The timeout that follows finds nothing in flight.
        clock.advance(.seconds(1))
        #expect(machine.heartbeatTimeoutDue(at: clock.now, lateness: .zero, requestUnacknowledged: false).isEmpty)
        #expect(PeerStatus(machine).heartbeatRTT == .milliseconds(7))
    }

    @Test("A reply split across reads is judged when it is complete; extra bytes after it are ignored")
    mutating func splitReply() {
        var endpoint = Fixtures.endpoint()
        endpoint.heartbeat = HeartbeatSettings(
            request: Array("PING\r\n".utf8), expectedReply: Array("+PONG".utf8), interval: .seconds(5), timeout: .seconds(1))
        machine = PeerStateMachine(endpoint: endpoint, at: clock.now)
        _ = machine.started(at: clock.now)
        _ = machine.connected(remoteAddress: nil, at: clock.now)
        _ = machine.heartbeatSent(at: clock.now)
        clock.advance(.milliseconds(2))
        #expect(machine.received(Array("+PO".utf8), at: clock.now).isEmpty)
        #expect(machine.heartbeat?.isAwaitingReply == true)
        clock.advance(.milliseconds(1))
        #expect(machine.received(Array("NG\r\n".utf8), at: clock.now).isEmpty)
        #expect(machine.heartbeat?.latestRTT == .milliseconds(3))
        #expect(machine.received(Array("+PONG\r\n".utf8), at: clock.now).isEmpty)
        #expect(machine.verdict == .up)
    }

    @Test("A wrong reply is down (protocol), with what came back; the connection is dropped and retried")
    mutating func wrongReply() {
        connect()
        let actions = machine.received(Array("-ERR".utf8), at: clock.now)
        #expect(machine.verdict == .down(.wrongReply))
        #expect(DownReason.wrongReply.rawValue == "protocol")
        let event = actions.events.first
        #expect(event?.failure?.detail == #"expected "A", got "-""#)
        #expect(actions.contains(.disconnect))
        #expect(actions.contains(.scheduleReconnect(attempt: 0)))
        let alert = AlertFormatter.alert(for: actions.events[0])
        #expect(alert.fields["PEER_REASON"] == "protocol")
        #expect(alert.message.contains(#"the heartbeat reply was not the expected one: expected "A", got "-""#))
    }

    @Test("No reply within the timeout, the request acknowledged by the peer's kernel: down (unresponsive)")
    mutating func unresponsive() {
        connect()
        clock.advance(.seconds(1))
        let actions = machine.heartbeatTimeoutDue(at: clock.now, lateness: .microseconds(300), requestUnacknowledged: false)
        #expect(machine.verdict == .down(.unresponsive))
        #expect(actions.contains(.disconnect))
        let alert = AlertFormatter.alert(for: actions.events[0])
        #expect(alert.fields["PEER_REASON"] == "unresponsive")
        #expect(alert.message.contains("its application did not answer the heartbeat (no reply within 1 s; the peer's kernel acknowledged "
            + "the request): the host is up but the service hangs"))
    }

    @Test("A request the peer's kernel has not acknowledged is the kernel's to judge: look again, blame nothing")
    mutating func unacknowledged() {
        connect()
        clock.advance(.seconds(1))
        #expect(machine.heartbeatTimeoutDue(at: clock.now, lateness: .zero, requestUnacknowledged: true)
            == [.armHeartbeatTimeout(after: .seconds(1))])
        #expect(machine.verdict == .up)
        // The kernel's user timeout then ends the connection: half-open, as without a heartbeat.
        clock.advance(.seconds(3))
        _ = machine.lost(PeerFailure(reason: .halfOpen, errno: 110), finalSample: nil, at: clock.now)
        #expect(machine.verdict == .down(.halfOpen))
        #expect(machine.heartbeat?.isAwaitingReply == false)
    }

    @Test("A timeout that ran late because the monitor was stalled gives the peer a full timeout more")
    mutating func monitorWasLate() {
        connect()
        clock.advance(.seconds(14))
        #expect(machine.heartbeatTimeoutDue(at: clock.now, lateness: .seconds(13), requestUnacknowledged: false)
            == [.armHeartbeatTimeout(after: .seconds(1))])
        #expect(machine.verdict == .up)
        // The reply read after the stall still counts.
        #expect(machine.received([0x41], at: clock.now).isEmpty)
        #expect(machine.verdict == .up)
    }

    @Test("The next request waits while one is in flight; each connection starts afresh")
    mutating func oneAtATime() {
        connect()
        #expect(machine.heartbeatDue(at: clock.now).isEmpty)
        _ = machine.received([0x41], at: clock.now)
        clock.advance(.seconds(45))
        #expect(machine.heartbeatDue(at: clock.now) == [.sendHeartbeat])
        _ = machine.heartbeatSent(at: clock.now)
        _ = machine.reconnectRequested(at: clock.now)
        #expect(machine.heartbeat?.isAwaitingReply == false)
    }

    @Test("An empty expected reply accepts any byte; the exchange ignores bytes when nothing is in flight")
    func anyReply() {
        var exchange = HeartbeatExchange(
            settings: HeartbeatSettings(request: [0x0a], expectedReply: [], interval: .seconds(2), timeout: .seconds(1)))
        let start = MonotonicInstant(nanoseconds: 0)
        #expect(exchange.received([0x7a], at: start) == nil)
        exchange.sent(at: start)
        #expect(exchange.received([UInt8](), at: start) == nil)
        #expect(exchange.received([0x7a], at: start + .milliseconds(4)) == .answered(rtt: .milliseconds(4)))
    }

    @Test("Bytes in alerts are quoted and escaped as the configuration writes them")
    func byteText() {
        #expect(ByteText.quoted(Array("+PONG\r\n".utf8)) == #""+PONG\r\n""#)
        #expect(ByteText.quoted([0x01, 0x22, 0x5c, 0xff]) == #""\x01\"\\\xff""#)
    }
}

@Suite("Stall detector")
struct StallDetectorTests {
    let start = MonotonicInstant(nanoseconds: 1_000_000_000_000)

    @Test("Scheduling noise is no stall")
    func noise() {
        var detector = StallDetector()
        #expect(detector.observe(lateness: .milliseconds(499), at: start) == nil)
        #expect(detector.count == 0)
    }

    @Test("Every timer late after one SIGSTOP is one stall, told once; a later stall is a new one")
    func oneStallManyTimers() {
        var detector = StallDetector()
        let resumed = start + .seconds(12)
        let first = detector.observe(lateness: .seconds(12), at: resumed)
        #expect(first == StallDetector.Stall(kind: .stopped, duration: .seconds(12), endedAt: resumed))
        #expect(detector.observe(lateness: .seconds(11), at: resumed + .milliseconds(2)) == nil)
        #expect(detector.observe(lateness: .seconds(3), at: resumed + .milliseconds(5)) == nil)
        #expect(detector.count == 1)
        // A timer of another loop, due earlier in the same stall, runs a little later: the stall was longer.
        #expect(detector.observe(lateness: .seconds(13), at: resumed + .milliseconds(7)) == nil)
        #expect(detector.latest?.duration == .seconds(13))
        #expect(detector.count == 1)
        let later = resumed + .seconds(60)
        #expect(detector.observe(lateness: .seconds(2), at: later)?.duration == .seconds(2))
        #expect(detector.count == 2)
    }

    @Test("A suspended system shows as a jump between boot time and monotonic time")
    func suspend() {
        var detector = StallDetector()
        #expect(detector.observe(suspendGap: .seconds(5), at: start) == nil)
        #expect(detector.observe(suspendGap: .seconds(5) + .milliseconds(3), at: start + .seconds(1)) == nil)
        let stall = detector.observe(suspendGap: .seconds(95), at: start + .seconds(2))
        #expect(stall?.kind == .suspended)
        #expect(stall?.duration == .seconds(90) - .milliseconds(3))
    }
}
