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
        try withTopology { pair in
            let peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7001)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "web=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            try #require(daemon.waitForEvent(peer: "web", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
            // Five keepalive cycles: each probe must be answered before it counts as unanswered.
            Thread.sleep(forTimeInterval: 5)
            let info = try pair.socketInfo(peerPort: 7001)
            #expect(info.contains("timer:(keepalive"), "kernel keepalive armed: \(info)")
            let verdicts = daemon.events(peer: "web").compactMap(\.state)
            #expect(verdicts == ["up"], "\(daemon.process.transcript)")
            #expect(peer.bytesReceived() == 0)
        }
    }

    @Test("A silenced peer goes suspect with probes 1, 2, 3, then half-open within 250 ms of the kernel's floor")
    func silencedPeerIsHalfOpen() throws {
        try withTopology { pair in
            let peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7002)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "db=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            let up = try #require(daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
            // Silenced mid-life, as a vanished host is: once the kernel has had a keepalive probe answered (an ACK
            // at least the 1 s idle time after the connection came up).
            let upAt = ContinuousClock.now
            let probed = eventually(timeout: .seconds(5)) {
                guard let info = try? pair.socketInfo(peerPort: 7002), let range = info.range(of: "lastack:"),
                    let lastAck = Int(info[range.upperBound...].prefix { $0.isNumber })
                else { return false }
                return ContinuousClock.now - .milliseconds(lastAck) >= upAt + .milliseconds(900)
            }
            let seen = (try? pair.socketInfo(peerPort: 7002)) ?? "(ss failed)"
            try #require(probed, "no keepalive probe answered within 5 s: \(seen)")
            try pair.silence(port: 7002)
            // The kernel's floor: the last time it heard the peer, plus idle + interval × count.
            let askedAt = ContinuousClock.now
            let silence = try SocketInfo.silence(try pair.socketInfo(peerPort: 7002))
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
        try withTopology { pair in
            let peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7003)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "mq=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            let up = try #require(daemon.waitForEvent(peer: "mq", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
            #expect(peer.waitForConnection())
            try pair.silence(port: 7003)
            peer.stop()
            try pair.forgetConnections(port: 7003)
            try pair.unsilence()
            let down = try #require(
                daemon.waitForEvent(peer: "mq", ["PEER_STATE": "down"], after: up.index), "\(daemon.process.transcript)")
            #expect(down.reason == "reset")
            #expect(down.fields["ERRNO"] == "104")
        }
    }

    @Test("A peer closing with linger 0 sends RST: reset")
    func lingerZeroIsReset() throws {
        try withTopology { pair in
            let peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7004)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "api=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            try #require(daemon.waitForEvent(peer: "api", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
            #expect(peer.waitForConnection())
            peer.resetConnections()
            let down = try #require(daemon.waitForEvent(peer: "api", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "reset")
            #expect(down.fields["ERRNO"] == "104")
        }
    }

    @Test("A peer closing normally sends FIN: closed; when it comes back the peer is up again with the outage")
    func closedThenBackUp() throws {
        try withTopology { pair in
            var peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7005)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "cache=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            try #require(daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
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
            peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress, port: 7005)
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
        try withTopology { pair in
            let daemon = try Daemon(
                namespace: pair.daemonSide, arguments: ["--endpoint", "gone=\(pair.peerAddress):7006"] + Self.keepalive)
            defer { daemon.stop() }
            let down = try #require(daemon.waitForEvent(peer: "gone", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "refused")
            #expect(down.fields["ERRNO"] == "111")
        }
    }

    @Test("An unreachable route: unreachable")
    func unreachableRoute() throws {
        try withTopology { pair in
            try pair.makeUnreachable(pair.peerAddress)
            let daemon = try Daemon(
                namespace: pair.daemonSide, arguments: ["--endpoint", "far=\(pair.peerAddress):7007"] + Self.keepalive)
            defer { daemon.stop() }
            let down = try #require(daemon.waitForEvent(peer: "far", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "unreachable")
            #expect(down.fields["ERRNO"] == "113")
        }
    }

    @Test("A connect that gets no answer: timeout, after the configured connect timeout")
    func connectTimeout() throws {
        try withTopology { pair in
            let directory = try TestPaths.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let config = directory.appendingPathComponent("monitor.toml")
            try """
            [defaults]
            connect_timeout = "700ms"
            [[endpoint]]
            name = "slow"
            address = "\(pair.peerAddress):7008"
            """.write(to: config, atomically: true, encoding: .utf8)
            try pair.silence(port: 7008)
            let started = ContinuousClock.now
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--config", config.path])
            defer { daemon.stop() }
            let down = try #require(daemon.waitForEvent(peer: "slow", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "timeout")
            #expect(down.readAt - started > .milliseconds(700))
            #expect(down.readAt - started < .seconds(3))
        }
    }

    @Test("A name that does not resolve: dns")
    func unresolvableName() throws {
        try withTopology { pair in
            let daemon = try Daemon(
                namespace: pair.daemonSide, arguments: ["--endpoint", "ghost=no-such-host.invalid:7009"] + Self.keepalive)
            defer { daemon.stop() }
            let down = try #require(
                daemon.waitForEvent(peer: "ghost", ["PEER_STATE": "down"], timeout: .seconds(30)), "\(daemon.process.transcript)")
            #expect(down.reason == "dns")
        }
    }

    @Test("IPv6 peers: up, then closed")
    func ipv6Peer() throws {
        try withTopology { pair in
            let peer = try Peer(namespace: pair.peerSide, host: pair.peerAddress6, port: 7010)
            defer { peer.stop() }
            let daemon = try Daemon(namespace: pair.daemonSide, arguments: ["--endpoint", "six=\(peer.endpoint)"] + Self.keepalive)
            defer { daemon.stop() }
            let up = try #require(daemon.waitForEvent(peer: "six", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
            #expect(up.fields["PEER_ADDRESS"] == "[\(pair.peerAddress6)]:7010")
            #expect(peer.waitForConnection())
            peer.closeConnections()
            let down = try #require(daemon.waitForEvent(peer: "six", ["PEER_STATE": "down"]), "\(daemon.process.transcript)")
            #expect(down.reason == "closed")
        }
    }

    @Test("SIGTERM with connects in flight: a clean exit within a second")
    func cleanExitWithConnectsInFlight() throws {
        try withTopology { pair in
            try pair.silence(port: 7011)
            let daemon = try Daemon(
                namespace: pair.daemonSide,
                arguments: ["--endpoint", "a=\(pair.peerAddress):7011", "--endpoint", "b=\(pair.peerAddress):7011"])
            defer { daemon.stop() }
            // Both connects are in flight once the kernel shows their SYNs unanswered.
            let inFlight = eventually(timeout: .seconds(5)) {
                let sockets = (try? Shell.run(
                    "ip", "netns", "exec", pair.daemonSide, "ss", "-tnH", "state", "syn-sent", "dport", "= :7011")) ?? ""
                return sockets.split(separator: "\n").count == 2
            }
            try #require(inFlight, "the two connects never started: \(daemon.process.transcript)")
            daemon.process.signal(SIGTERM)
            let took = try #require(daemon.process.waitForExit(timeout: .seconds(5)), "\(daemon.process.transcript)")
            #expect(took < .seconds(1))
            #expect(daemon.process.exitStatus == 0)
        }
    }

    private func withTopology(_ body: (NetworkPair) throws -> Void) throws {
        let pair = try NetworkPair()
        defer { pair.close() }
        try body(pair)
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
