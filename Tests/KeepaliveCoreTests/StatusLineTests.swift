import KeepaliveCore
import Testing

@Suite("The STATUS= line")
struct StatusLineTests {
    func status(_ name: String, _ drive: (inout PeerStateMachine, MonotonicInstant) -> Void) -> PeerStatus {
        let now = MonotonicInstant(nanoseconds: 0)
        var machine = PeerStateMachine(endpoint: Fixtures.endpoint(name), at: now)
        _ = machine.started(at: now)
        drive(&machine, now)
        return PeerStatus(machine)
    }

    func up(_ name: String) -> PeerStatus {
        status(name) { machine, now in _ = machine.connected(remoteAddress: nil, at: now) }
    }

    func down(_ name: String, _ reason: DownReason) -> PeerStatus {
        status(name) { machine, now in _ = machine.connectFailed(PeerFailure(reason: reason), at: now) }
    }

    @Test("Counts by state, worst first, naming the peers that are not up")
    func summary() {
        let suspect = status("cache") { machine, now in
            _ = machine.connected(remoteAddress: nil, at: now)
            var clock = ManualClock()
            _ = machine.sampledAndConfirmed(Fixtures.sample(probes: 2, silence: .milliseconds(2300)), clock: &clock)
        }
        let peers = [up("a"), up("b"), up("c"), suspect, down("db", .halfOpen)]
        #expect(StatusLine.render(peers) == "5 peers: 1 down (db: half-open), 1 suspect (cache: 2/3 probes), 3 up")
    }

    @Test("Hundreds of peers down stay on one readable line")
    func manyDown() {
        let names = (1...200).map { "p" + String(repeating: "0", count: 3 - String($0).count) + String($0) }
        let peers = names.map { down($0, .refused) } + [up("ok")]
        #expect(StatusLine.render(peers) == "201 peers: 200 down (p001: refused, p002: refused, p003: refused, +197 more), 1 up")
    }

    @Test("A rejected reload stays visible in front of the summary")
    func problem() {
        #expect(StatusLine.render([up("a")], problem: "reload rejected: x.toml:3:1: bad") == "reload rejected: x.toml:3:1: bad; 1 peer: 1 up")
        #expect(StatusLine.render([]) == "no peers configured")
    }
}

@Suite("The status summary, kept up to date one change at a time")
struct StatusSummaryTests {
    @Test("Incremental updates give the same line as rendering from scratch")
    func incremental() {
        var summary = StatusSummary()
        summary.update("a", from: nil, to: .connecting, keepaliveCount: 3)
        summary.update("b", from: nil, to: .connecting, keepaliveCount: 3)
        #expect(summary.render() == "2 peers: 2 connecting (a, b)")
        summary.update("a", from: .connecting, to: .up, keepaliveCount: 3)
        summary.update("b", from: .connecting, to: .down(.refused), keepaliveCount: 3)
        summary.update("a", from: .up, to: .suspect(unansweredProbes: 1), keepaliveCount: 3)
        summary.update("a", from: .suspect(unansweredProbes: 1), to: .suspect(unansweredProbes: 2), keepaliveCount: 3)
        #expect(summary.render() == "2 peers: 1 down (b: refused), 1 suspect (a: 2/3 probes)")
        summary.update("b", from: .down(.refused), to: nil, keepaliveCount: 3)
        summary.update("a", from: .suspect(unansweredProbes: 2), to: .up, keepaliveCount: 3)
        #expect(summary.render(problem: "reload rejected: x") == "reload rejected: x; 1 peer: 1 up")
        summary.update("a", from: .up, to: nil, keepaliveCount: 3)
        #expect(summary.render() == "no peers configured")
        #expect(summary.total == 0)
    }
}
