import KeepaliveCore
import Testing

@Suite("Alerts: the sentence, the priority, the MESSAGE_ID and the fields")
struct AlertFormatterTests {
    var clock = ManualClock()

    func halfOpenEvent() -> PeerReport {
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = machine.started(at: clock.now)
        _ = machine.connected(remoteAddress: "10.0.0.5:5432", at: clock.now)
        var clock = self.clock
        _ = machine.sampledAndConfirmed(Fixtures.sample(probes: 3, silence: .milliseconds(3200)), clock: &clock)
        return machine.lost(
            PeerFailure(reason: .halfOpen, errno: 110), finalSample: Fixtures.sample(silence: .milliseconds(4096)),
            at: clock.now
        ).events[0]
    }

    @Test("A half-open peer: err, which peer, probes of count, last ACK, ETIMEDOUT, and every field")
    func halfOpen() {
        let alert = AlertFormatter.alert(for: halfOpenEvent())
        #expect(alert.priority == .err)
        #expect(alert.messageID == .peerDown)
        #expect(alert.message == """
            db (10.0.0.5:5432) is down (half-open): 3 of 3 keepalive probes unanswered, last ACK 4.1 s ago; \
            the kernel gave up (ETIMEDOUT), the peer vanished without a word.
            """)
        #expect(alert.fields["PEER"] == "db")
        #expect(alert.fields["PEER_ADDRESS"] == "10.0.0.5:5432")
        #expect(alert.fields["PEER_STATE"] == "down")
        #expect(alert.fields["PEER_REASON"] == "half-open")
        #expect(alert.fields["TCP_PROBES"] == "3")
        #expect(alert.fields["TCP_KEEPALIVE"] == "1s:1s:3")
        #expect(alert.fields["ERRNO"] == "110")
        #expect(alert.fields["TCP_LAST_ACK_MSEC"] == "4096")
    }

    @Test("Suspect: warning; recovered: notice with OUTAGE_USEC; connected: info")
    func priorities() {
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = machine.started(at: clock.now)
        let connected = AlertFormatter.alert(for: machine.connected(remoteAddress: nil, at: clock.now).events[0])
        #expect(connected.priority == .info)
        #expect(connected.messageID == .peerConnected)
        var clock = self.clock
        let suspect = AlertFormatter.alert(
            for: machine.sampledAndConfirmed(Fixtures.sample(probes: 2, silence: .milliseconds(2150)), clock: &clock)
                .events.last!)
        #expect(suspect.priority == .warning)
        #expect(suspect.messageID == .peerSuspect)
        #expect(suspect.message == "db (10.0.0.5:5432) is suspect: 2 of 3 keepalive probes unanswered, last ACK 2.3 s ago.")
        clock.advance(.milliseconds(1500))
        let recovered = AlertFormatter.alert(
            for: machine.sampled(Fixtures.sample(silence: .milliseconds(5)), at: clock.now).events[0])
        #expect(recovered.priority == .notice)
        #expect(recovered.messageID == .peerRecovered)
        // Suspect since the first sighting of probe 2 (which proved probe 1 unanswered), 150 ms before the confirmation.
        #expect(recovered.fields["OUTAGE_USEC"] == "1650000")
    }

    @Test("Every reason has its own explanation", arguments: [
        (PeerFailure(reason: .reset, errno: 104), "the peer answered with RST (ECONNRESET)"),
        (PeerFailure(reason: .closed), "the peer closed the connection (FIN)"),
        (PeerFailure(reason: .refused, errno: 111), "nothing listens on port 5432"),
        (PeerFailure(reason: .unreachable, errno: 113), "connect failed (EHOSTUNREACH)"),
        (PeerFailure(reason: .timeout, detail: "within 5 s"), "connect got no answer within 5 s"),
        (PeerFailure(reason: .dns, detail: "Name or service not known"), "did not resolve"),
    ])
    func explanations(failure: PeerFailure, phrase: String) {
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = machine.started(at: clock.now)
        let alert = AlertFormatter.alert(for: machine.connectFailed(failure, at: clock.now).events[0])
        #expect(alert.message.contains(phrase), "\(alert.message)")
        #expect(alert.message.hasPrefix("db (10.0.0.5:5432) is down (\(failure.reason.rawValue)): "))
        #expect(alert.fields["PEER_REASON"] == failure.reason.rawValue)
    }

    @Test("Out of descriptors: the errno, the limit the kernel enforced, and how to raise it; the peer is not blamed")
    func outOfDescriptors() {
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = machine.started(at: clock.now)
        let failure = PeerFailure(reason: .unreachable, errno: 24, detail: "the daemon's limit is 64 open descriptors")
        let alert = AlertFormatter.alert(for: machine.connectFailed(failure, at: clock.now).events[0])
        #expect(alert.message == """
            db (10.0.0.5:5432) is down (unreachable): this host could not open the connection (EMFILE): the \
            daemon's limit is 64 open descriptors; the peer was never asked: raise the daemon's descriptor limit \
            (LimitNOFILE=) or free local resources.
            """)
        #expect(alert.fields["ERRNO"] == "24")
    }

    @Test("A reconnect failure names the sticky reason and what the attempt got")
    func reconnectFailure() {
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(), at: clock.now)
        _ = machine.started(at: clock.now)
        _ = machine.connected(remoteAddress: nil, at: clock.now)
        _ = machine.lost(PeerFailure(reason: .halfOpen, errno: 110), finalSample: nil, at: clock.now)
        _ = machine.reconnectDue(at: clock.now)
        let alert = AlertFormatter.alert(
            for: machine.connectFailed(PeerFailure(reason: .refused, errno: 111), at: clock.now).events[0])
        #expect(alert.messageID == .peerReconnectFailed)
        #expect(alert.fields["PEER_REASON"] == "half-open")
        #expect(alert.fields["CONNECT_RESULT"] == "refused")
        #expect(alert.fields["ERRNO"] == "111")
        #expect(alert.message.hasPrefix("db (10.0.0.5:5432) is still down (half-open); reconnect now fails: connect refused"))
    }

    @Test("MESSAGE_IDs are 128-bit hex and distinct")
    func messageIDs() {
        let ids = MessageID.allCases.map(\.rawValue)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) })
    }
}
