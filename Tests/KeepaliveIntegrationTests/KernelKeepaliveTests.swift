import Foundation
import KeepaliveCore
import KeepaliveTestSupport
import Testing

/// The daemon against real peers across a veth pair between two network namespaces, keepalive 1 s / 1 s / 3.
/// Serialized: the verdict deadlines are requirements, and a 2-core CI machine must not be made to miss them by
/// the suite itself.
@Suite("Kernel keepalive verdicts in network namespaces", .serialized)
struct KernelKeepaliveTests {
    static let keepalive = ["--keepalive", "1s:1s:3"]

    init() throws {
        try Preconditions.requireRootAndTools()
    }

    @Test("A healthy peer stays up, and the daemon sends it nothing")
    func healthyPeerStaysUp() throws {
        try withWatchedPeer("web", port: 7001) { bed, peer, daemon, up in
            // Five keepalive cycles: each probe must be answered before it counts as unanswered. A fixed wait on
            // purpose: it proves that nothing happens.
            Thread.sleep(forTimeInterval: 5)
            let info = try bed.pair.socketInfo(peerPort: 7001)
            #expect(info.contains("timer:(keepalive"), "kernel keepalive armed: \(info)")
            let verdicts = daemon.events(peer: "web").compactMap(\.state)
            #expect(verdicts == ["up"], "\(daemon.process.transcript)")
            #expect(peer.bytesReceived() == 0)
        }
    }

    @Test("A silenced peer goes suspect with probes 1, 2, 3, then half-open within 250 ms of the kernel's floor")
    func silencedPeerIsHalfOpen() throws {
        try withWatchedPeer("db", port: 7002) { bed, peer, daemon, up in
            // Silenced mid-life, as a vanished host is: once the kernel has had a keepalive probe answered (an ACK
            // at least the 1 s idle time after the connection came up).
            let upAt = ContinuousClock.now
            let probed = eventually(timeout: .seconds(5)) {
                guard let info = try? bed.pair.socketInfo(peerPort: 7002), let range = info.range(of: "lastack:"),
                    let lastAck = Int(info[range.upperBound...].prefix { $0.isNumber })
                else { return false }
                return ContinuousClock.now - .milliseconds(lastAck) >= upAt + .milliseconds(900)
            }
            let seen = (try? bed.pair.socketInfo(peerPort: 7002)) ?? "(ss failed)"
            try #require(probed, "no keepalive probe answered within 5 s: \(seen)")
            try bed.pair.silence(port: 7002)
            // The kernel's floor: the last time it heard the peer, plus idle + interval × count.
            let askedAt = ContinuousClock.now
            let silence = try SocketInfo.silence(try bed.pair.socketInfo(peerPort: 7002))
            let floor = askedAt - silence + .seconds(1 + 1 * 3)

            var after = up.index
            for probes in 1...3 {
                let suspect = try #require(
                    daemon.waitForEvent(peer: "db", ["PEER_STATE": "suspect", "TCP_PROBES": "\(probes)"], after: after),
                    "no suspect event with \(probes) probes:\n\(daemon.process.transcript)")
                after = suspect.index
            }
            let down = try #require(
                daemon.waitForEvent(peer: "db", ["PEER_STATE": "down"], after: after, timeout: .seconds(10)),
                "\(daemon.process.transcript)")
            #expect(down.reason == "half-open")
            #expect(down.fields["ERRNO"] == "110")
            #expect(down.fields["TCP_PROBES"] == "3")
            #expect(down.fields["MESSAGE_ID"] == "f764b7df88a74687a682f8836bf27d3e")
            let lateness = down.readAt - floor
            print("half-open reported \(lateness.milliseconds) ms after the kernel's floor (last ACK + 1 s + 3 × 1 s)")
            #expect(lateness < .milliseconds(250), "down \(lateness) after the kernel's floor")
            #expect(lateness > .milliseconds(-50), "down before the kernel could know: \(lateness)")
        }
    }

    @Test("A peer that rebooted (forgot the connection) answers the next probe with RST: reset")
    func rebootedPeerIsReset() throws {
        try withWatchedPeer("mq", port: 7003) { bed, peer, daemon, up in
            #expect(peer.waitForConnection())
            try bed.pair.silence(port: 7003)
            peer.stop()
            try bed.pair.forgetConnections(port: 7003)
            try bed.pair.unsilence()
            let down = try #require(
                daemon.waitForEvent(peer: "mq", ["PEER_STATE": "down"], after: up.index), "\(daemon.process.transcript)")
            #expect(down.reason == "reset")
            #expect(down.fields["ERRNO"] == "104")
        }
    }

    @Test("A peer closing with linger 0 sends RST: reset")
    func lingerZeroIsReset() throws {
        try withWatchedPeer("api", port: 7004) { bed, peer, daemon, up in
            #expect(peer.waitForConnection())
            peer.resetConnections()
            let down = try #require(daemon.waitForEvent(peer: "api", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "reset")
            #expect(down.fields["ERRNO"] == "104")
        }
    }

    @Test("A peer closing normally sends FIN: closed; when it comes back the peer is up again with the outage")
    func closedThenBackUp() throws {
        try withWatchedPeer("cache", port: 7005) { bed, peer, daemon, up in
            #expect(peer.waitForConnection())
            peer.closeConnections()
            let down = try #require(daemon.waitForEvent(peer: "cache", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "closed")
            #expect(down.fields["ERRNO"] == nil)
            // Gone for good: reconnects are refused, reported as such, and the peer stays down (closed).
            peer.stop()
            let refused = try #require(
                daemon.waitForEvent(peer: "cache", ["CONNECT_RESULT": "refused"], after: down.index),
                "\(daemon.process.transcript)")
            #expect(refused.state == "down")
            #expect(refused.reason == "closed")
            _ = try bed.peer(port: 7005)
            let back = try #require(
                daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"], after: refused.index),
                "\(daemon.process.transcript)")
            #expect(back.fields["MESSAGE_ID"] == "eea6ab45370746a0b5ef2d9de57a0aba")
            #expect(back.fields["PEER_REASON"] == "closed")
            let outage = try #require(back.fields["OUTAGE_USEC"].flatMap(Int.init))
            let measured = back.readAt - down.readAt
            #expect(abs(Double(outage) / 1e6 - measured.seconds) < 0.2, "outage \(outage) µs vs measured \(measured)")
        }
    }

    @Test("Nothing listening: refused")
    func nothingListeningIsRefused() throws {
        try withTopology { bed in
            let daemon = try bed.daemon(["--endpoint", "gone=\(bed.pair.peerAddress):7006"] + Self.keepalive)
            let down = try #require(daemon.waitForEvent(peer: "gone", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "refused")
            #expect(down.fields["ERRNO"] == "111")
        }
    }

    @Test("An unreachable route: unreachable")
    func unreachableRoute() throws {
        try withTopology { bed in
            try bed.pair.makeUnreachable(bed.pair.peerAddress)
            let daemon = try bed.daemon(["--endpoint", "far=\(bed.pair.peerAddress):7007"] + Self.keepalive)
            let down = try #require(daemon.waitForEvent(peer: "far", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "unreachable")
            #expect(down.fields["ERRNO"] == "113")
        }
    }

    @Test("A connect that gets no answer: timeout, after the configured connect timeout")
    func connectTimeout() throws {
        try withTopology { bed in
            let config = try bed.write("""
                [defaults]
                connect_timeout = "700ms"
                [[endpoint]]
                name = "slow"
                address = "\(bed.pair.peerAddress):7008"
                """)
            try bed.pair.silence(port: 7008)
            let started = ContinuousClock.now
            let daemon = try bed.daemon(["--config", config])
            let down = try #require(daemon.waitForEvent(peer: "slow", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "timeout")
            #expect(down.readAt - started > .milliseconds(700))
            #expect(down.readAt - started < .seconds(3))
        }
    }

    @Test("A name that does not resolve: dns")
    func unresolvableName() throws {
        try withTopology { bed in
            let daemon = try bed.daemon(["--endpoint", "ghost=no-such-host.invalid:7009"] + Self.keepalive)
            let down = try #require(
                daemon.waitForEvent(peer: "ghost", ["PEER_STATE": "down"], timeout: .seconds(30)), "\(daemon.process.transcript)")
            #expect(down.reason == "dns")
        }
    }

    @Test("IPv6 peers: up, then closed")
    func ipv6Peer() throws {
        try withWatchedPeer("six", port: 7010, ipv6: true) { bed, peer, daemon, up in
            #expect(up.fields["PEER_ADDRESS"] == "[\(bed.pair.peerAddress6)]:7010")
            #expect(peer.waitForConnection())
            peer.closeConnections()
            let down = try #require(daemon.waitForEvent(peer: "six", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "closed")
        }
    }

    @Test("SIGTERM with connects in flight: a clean exit within a second")
    func cleanExitWithConnectsInFlight() throws {
        try withTopology { bed in
            try bed.pair.silence(port: 7011)
            let daemon = try bed.daemon(
                ["--endpoint", "a=\(bed.pair.peerAddress):7011", "--endpoint", "b=\(bed.pair.peerAddress):7011"])
            // Both connects are in flight once the kernel shows their SYNs unanswered.
            let inFlight = eventually(timeout: .seconds(5)) {
                let sockets = (try? Shell.run(
                    "ip", "netns", "exec", bed.pair.daemonSide, "ss", "-tnH", "state", "syn-sent", "dport", "= :7011")) ?? ""
                return sockets.split(separator: "\n").count == 2
            }
            try #require(inFlight, "the two connects never started: \(daemon.process.transcript)")
            daemon.process.signal(SIGTERM)
            let took = try #require(daemon.process.waitForExit(timeout: .seconds(5)), "\(daemon.process.transcript)")
            #expect(took < .seconds(1))
            #expect(daemon.process.exitStatus == 0)
        }
    }

    private func withTopology(_ body: (TestBed) throws -> Void) throws {
        let bed = try TestBed()
        defer { bed.close() }
        try body(bed)
    }

    /// A peer on `port` (of the peer side's IPv6 address if `ipv6`) and the daemon watching it as `name`; `body`
    /// runs once the daemon has said that the peer is up, with that alert.
    private func withWatchedPeer(
        _ name: String,
        port: Int,
        ipv6: Bool = false,
        _ body: (_ bed: TestBed, _ peer: Peer, _ daemon: Daemon, _ up: Daemon.Event) throws -> Void
    ) throws {
        try withTopology { bed in
            let peer = try bed.peer(port: port, host: ipv6 ? bed.pair.peerAddress6 : nil)
            let daemon = try bed.daemon(["--endpoint", "\(name)=\(peer.endpoint)"] + Self.keepalive)
            let up = try #require(daemon.waitForEvent(peer: name, ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
            try body(bed, peer, daemon, up)
        }
    }
}

/// Reads the kernel's view of a connection from `ss -tino`.
enum SocketInfo {
    /// How long the kernel has heard nothing from the peer: the smaller of `lastrcv` and `lastack`, the same
    /// quantity the keepalive timer compares with the idle time.
    static func silence(_ ssOutput: String) throws -> Duration {
        func field(_ name: String) -> Int? {
            guard let range = ssOutput.range(of: "\(name):") else { return nil }
            return Int(ssOutput[range.upperBound...].prefix { $0.isNumber })
        }
        guard let lastAck = field("lastack") else { throw TestFailure("no lastack in ss output: \(ssOutput)") }
        return .milliseconds(min(lastAck, field("lastrcv") ?? lastAck))
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
