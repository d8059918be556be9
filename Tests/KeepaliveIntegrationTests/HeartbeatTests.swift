import Foundation
import KeepaliveControl
import KeepaliveSystemd
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// Application heartbeats against real servers from Debian (redis-server, memcached) and a plain TCP echo
/// (socat) in a network namespace: a hung application (SIGSTOP) is `unresponsive`, a wrong reply is `protocol`, a
/// silenced host with a heartbeat in flight is `half-open` within the user timeout, and a stopped monitor blames
/// nobody.
@Suite("Application heartbeats against real servers", .serialized)
struct HeartbeatIntegrationTests {
    init() throws {
        try Preconditions.requireRootAndTools()
        for tool in ["redis-server", "memcached", "socat"] {
            let found = ["/usr/bin/", "/usr/sbin/", "/usr/local/bin/"].contains { FileManager.default.isExecutableFile(atPath: $0 + tool) }
            try #require(found, "\(tool) is not installed (.ci/run installs it)")
        }
    }

    /// A server in the peer namespace, stopped (and reaped) with the test bed.
    private func server(_ name: String, in bed: TestBed, _ arguments: [String], port: Int) throws -> ChildProcess {
        let process = try bed.peerSideServer(name: name, arguments: arguments)
        // Listening once the kernel lists the socket.
        let listening = eventually(timeout: .seconds(10), pollingEvery: .milliseconds(50)) {
            (try? Shell.run("ip", "netns", "exec", bed.pair.peerSide, "ss", "-Htln", "sport", "= :\(port)"))?.contains("LISTEN") == true
        }
        guard listening else {
            process.stop()
            throw TestFailure("\(name) did not listen on \(port):\n\(process.transcript)")
        }
        return process
    }

    /// A real redis-server on the peer side, persisting nothing.
    private func redisServer(in bed: TestBed, port: Int) throws -> ChildProcess {
        try server("redis-server", in: bed, [
            "redis-server", "--bind", bed.pair.peerAddress, "--port", String(port), "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--dir", bed.directory.path,
        ], port: port)
    }

    /// socat on the peer side, echoing what it is sent.
    private func echoServer(in bed: TestBed, port: Int) throws -> ChildProcess {
        try server("socat echo", in: bed, [
            "socat", "TCP-LISTEN:\(port),bind=\(bed.pair.peerAddress),reuseaddr", "PIPE",
        ], port: port)
    }

    /// The daemon watching one endpoint with the heartbeat keys given, keepalive 1 s / 1 s / 3.
    private func daemon(in bed: TestBed, name: String, port: Int, heartbeat: String) throws -> (Daemon, socket: String) {
        let socket = bed.controlSocket
        let config = try bed.write(MonitorConfig.text(
            [(name, "\(bed.pair.peerAddress):\(port)")], sections: "[control]\nsocket = \"\(socket)\"\n",
            extra: [name: heartbeat + "\n"]))
        return (try bed.daemon(["--config", config]), socket)
    }

    /// `GetPeer` through keepalivectl's own client.
    private func peer(_ name: String, socket: String) throws -> PeerInfo {
        try ControlClient(socketPath: socket, timeout: .seconds(5)).peer(named: name)
    }

    @Test("Redis PING → +PONG: up with a heartbeat RTT; a SIGSTOP'd server is unresponsive, and up again after SIGCONT")
    func redis() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let redis = try redisServer(in: bed, port: 7601)
        let (daemon, socket) = try daemon(in: bed, name: "cache", port: 7601, heartbeat: """
            heartbeat_send = "PING\\r\\n"
            heartbeat_expect = "+PONG"
            heartbeat_interval = "1s"
            heartbeat_timeout = "500ms"
            """)
        let up = try #require(daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
        // The first heartbeat is due a second after the connect (heartbeat_interval) and answered at once.
        var info = try peer("cache", socket: socket)
        _ = eventually(timeout: .seconds(5)) {
            if let next = try? peer("cache", socket: socket) { info = next }
            return info.heartbeatRttUs != nil
        }
        let rtt = try #require(info.heartbeatRttUs, "no heartbeat RTT within 5 s: \(info)")
        #expect(rtt > 0 && rtt < 500_000)
        #expect(daemon.events(peer: "cache").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")

        // A hung server: its kernel still ACKs (keepalive cannot see this), its application does not answer.
        redis.signal(SIGSTOP)
        let stoppedAt = ContinuousClock.now
        let down = try #require(
            daemon.waitForEvent(peer: "cache", ["PEER_STATE": "down"], after: up.index, timeout: .seconds(10)),
            "\(daemon.process.transcript)")
        #expect(down.reason == "unresponsive", "\(down.message)")
        // At most one interval until the request, one timeout for the reply, and slack for a loaded machine.
        #expect(down.readAt - stoppedAt < .milliseconds(2500), "unresponsive after \(down.readAt - stoppedAt)")
        #expect(down.message.contains("did not answer the heartbeat"), "\(down.message)")
        redis.signal(SIGCONT)
        let again = daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"], after: down.index, timeout: .seconds(15))
        #expect(again?.reason == "unresponsive", "the recovery names what it recovered from: \(daemon.process.transcript)")
    }

    @Test("memcached version → VERSION stays up; a heartbeat expecting another protocol is down (protocol)")
    func memcached() throws {
        let bed = try TestBed()
        defer { bed.close() }
        _ = try server("memcached", in: bed, [
            "memcached", "-l", bed.pair.peerAddress, "-p", "7602", "-U", "0", "-u", "nobody",
        ], port: 7602)
        do {
            let (daemon, socket) = try daemon(in: bed, name: "memcache", port: 7602, heartbeat: """
                heartbeat_send = "version\\r\\n"
                heartbeat_expect = "VERSION "
                heartbeat_interval = "500ms"
                heartbeat_timeout = "400ms"
                """)
            defer { daemon.stop() }
            try #require(daemon.waitForEvent(peer: "memcache", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
            // A fixed wait on purpose: it proves that nothing happens over four heartbeats.
            Thread.sleep(forTimeInterval: 2)
            #expect(daemon.events(peer: "memcache").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")
            #expect(try peer("memcache", socket: socket).heartbeatRttUs != nil)
        }
        let (daemon, _) = try daemon(in: bed, name: "memcache", port: 7602, heartbeat: """
            heartbeat_send = "version\\r\\n"
            heartbeat_expect = "+PONG"
            """)
        let down = try #require(
            daemon.waitForEvent(peer: "memcache", ["PEER_STATE": "down"], timeout: .seconds(10)), "\(daemon.process.transcript)")
        #expect(down.reason == "protocol")
        #expect(down.message.contains(#"expected "+PONG", got "V""#), "\(down.message)")
    }

    @Test("A plain TCP echo: the reply must match what was sent")
    func echo() throws {
        let bed = try TestBed()
        defer { bed.close() }
        _ = try echoServer(in: bed, port: 7603)
        let (daemon, socket) = try daemon(in: bed, name: "echo", port: 7603, heartbeat: """
            heartbeat_send_hex = "01 02 ff"
            heartbeat_expect_hex = "01 02 ff"
            heartbeat_interval = "300ms"
            heartbeat_timeout = "200ms"
            """)
        try #require(daemon.waitForEvent(peer: "echo", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        // A fixed wait on purpose: it proves that nothing happens over six heartbeats.
        Thread.sleep(forTimeInterval: 2)
        #expect(daemon.events(peer: "echo").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")
        #expect(try peer("echo", socket: socket).counters.bytesReceived >= 3 * 5)
    }

    @Test("A host silenced with a heartbeat in flight is half-open within the user timeout, not unresponsive")
    func silencedWithDataInFlight() throws {
        let bed = try TestBed()
        defer { bed.close() }
        _ = try echoServer(in: bed, port: 7604)
        let (daemon, _) = try daemon(in: bed, name: "echo", port: 7604, heartbeat: """
            heartbeat_send = "hb\\n"
            heartbeat_expect = "hb\\n"
            heartbeat_interval = "2s"
            heartbeat_timeout = "500ms"
            """)
        let up = try #require(daemon.waitForEvent(peer: "echo", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
        // A fixed time on purpose, not a condition: halfway to the first heartbeat (due 2 s after the connect), so
        // that the heartbeat goes out into the silence.
        Thread.sleep(forTimeInterval: 1)
        try bed.pair.silence(port: 7604)
        let silencedAt = ContinuousClock.now
        let down = try #require(
            daemon.waitForEvent(peer: "echo", ["PEER_STATE": "down"], after: up.index, timeout: .seconds(20)),
            "\(daemon.process.transcript)")
        // The user timeout (1 s + 1 s × 3 = 4 s) after the last ACK, plus at most one heartbeat interval for the
        // request to go out: the kernel decides, as retransmissions hold keepalive back; never 15 minutes.
        #expect(down.reason == "half-open", "\(daemon.process.transcript)")
        #expect(down.fields["ERRNO"] == "110")
        #expect(down.readAt - silencedAt < .seconds(8), "half-open after \(down.readAt - silencedAt)")
    }

    @Test("A monitor stopped for longer than the heartbeat timeout blames nobody and says once that it was stalled")
    func stoppedMonitor() throws {
        let bed = try TestBed()
        defer { bed.close() }
        _ = try redisServer(in: bed, port: 7605)
        let (daemon, socket) = try daemon(in: bed, name: "cache", port: 7605, heartbeat: """
            heartbeat_send = "PING\\r\\n"
            heartbeat_expect = "+PONG"
            heartbeat_interval = "400ms"
            heartbeat_timeout = "200ms"
            """)
        let up = try #require(daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
        // Heartbeats are going: one has been answered.
        let beating = eventually(timeout: .seconds(5), pollingEvery: .milliseconds(50)) {
            (try? peer("cache", socket: socket))?.heartbeatRttUs != nil
        }
        try #require(beating, "no heartbeat answered within 5 s: \(daemon.process.transcript)")
        daemon.process.signal(SIGSTOP)
        // The stall itself: a fixed time on purpose, the length the daemon must measure.
        Thread.sleep(forTimeInterval: 3)
        daemon.process.signal(SIGCONT)
        let stall = daemon.process.waitForLine(from: up.index + 1, timeout: .seconds(5)) { line in
            StderrLogLine.parse(line.text)?.fields["MESSAGE_ID"] == "585a303579df458db0c6b4bee80ff0ef"
        }
        let stallLine = try #require(stall.flatMap { StderrLogLine.parse($0.line.text) }, "\(daemon.process.transcript)")
        let stalledFor = Int(stallLine.fields["STALL_USEC"] ?? "") ?? 0
        #expect(stalledFor > 2_500_000 && stalledFor < 4_500_000, "\(stallLine)")
        #expect(stallLine.fields["STALL_KIND"] == "stopped")
        // Heartbeats go on for a while after the stall: still up, never unresponsive, and the stall told once. A
        // fixed wait on purpose: it proves that nothing more happens.
        Thread.sleep(forTimeInterval: 2)
        #expect(daemon.events(peer: "cache").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")
        let stalls = daemon.process.allLines.filter {
            StderrLogLine.parse($0.text)?.fields["MESSAGE_ID"] == "585a303579df458db0c6b4bee80ff0ef"
        }
        #expect(stalls.count == 1, "\(daemon.process.transcript)")
        let info = try ControlClient(socketPath: socket, timeout: .seconds(5)).daemonInfo()
        #expect(info.stalls == 1)
        #expect(info.lastStallUsec.map { $0 > 2_500_000 } == true)
    }
}
