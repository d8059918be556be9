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

    /// A server in the peer namespace, stopped (and reaped) when the test ends.
    private func server(_ name: String, in pair: NetworkPair, _ arguments: [String], port: Int) throws -> ChildProcess {
        let process = try ChildProcess(name: name, arguments: ["ip", "netns", "exec", pair.peerSide] + arguments)
        // Listening once a connect succeeds.
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if (try? Shell.run("ip", "netns", "exec", pair.peerSide, "ss", "-Htln", "sport", "= :\(port)"))?.contains("LISTEN") == true {
                return process
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.stop()
        throw TestFailure("\(name) did not listen on \(port):\n\(process.transcript)")
    }

    /// A real redis-server on the peer side, persisting nothing.
    private func redisServer(in pair: NetworkPair, port: Int, directory: URL) throws -> ChildProcess {
        try server("redis-server", in: pair, [
            "redis-server", "--bind", pair.peerAddress, "--port", String(port), "--save", "", "--appendonly", "no",
            "--protected-mode", "no", "--dir", directory.path,
        ], port: port)
    }

    /// The daemon watching one endpoint with the heartbeat keys given, keepalive 1 s / 1 s / 3.
    private func daemon(
        in pair: NetworkPair,
        directory: URL,
        name: String,
        port: Int,
        heartbeat: String
    ) throws -> (Daemon, socket: String) {
        let socket = directory.appendingPathComponent("control.socket").path
        let config = directory.appendingPathComponent("monitor.toml")
        try """
        [defaults]
        keepalive = "1s:1s:3"
        [control]
        socket = "\(socket)"
        [[endpoint]]
        name = "\(name)"
        address = "\(pair.peerAddress):\(port)"
        \(heartbeat)
        """.write(to: config, atomically: true, encoding: .utf8)
        return (try Daemon(namespace: pair.daemonSide, arguments: ["--config", config.path]), socket)
    }

    /// `GetPeer` through keepalivectl's own client.
    private func peer(_ name: String, socket: String) throws -> PeerInfo {
        try ControlClient(socketPath: socket, timeout: .seconds(5)).peer(named: name)
    }

    @Test("Redis PING → +PONG: up with a heartbeat RTT; a SIGSTOP'd server is unresponsive, and up again after SIGCONT")
    func redis() throws {
        let pair = try NetworkPair()
        defer { pair.close() }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let redis = try redisServer(in: pair, port: 7601, directory: directory)
        defer { redis.stop() }
        let (daemon, socket) = try daemon(in: pair, directory: directory, name: "cache", port: 7601, heartbeat: """
            heartbeat_send = "PING\\r\\n"
            heartbeat_expect = "+PONG"
            heartbeat_interval = "1s"
            heartbeat_timeout = "500ms"
            """)
        defer { daemon.stop() }
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
        let pair = try NetworkPair()
        defer { pair.close() }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let memcached = try server("memcached", in: pair, [
            "memcached", "-l", pair.peerAddress, "-p", "7602", "-U", "0", "-u", "nobody",
        ], port: 7602)
        defer { memcached.stop() }
        do {
            let (daemon, socket) = try daemon(in: pair, directory: directory, name: "memcache", port: 7602, heartbeat: """
                heartbeat_send = "version\\r\\n"
                heartbeat_expect = "VERSION "
                heartbeat_interval = "500ms"
                heartbeat_timeout = "400ms"
                """)
            defer { daemon.stop() }
            try #require(daemon.waitForEvent(peer: "memcache", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
            Thread.sleep(forTimeInterval: 2)
            #expect(daemon.events(peer: "memcache").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")
            #expect(try peer("memcache", socket: socket).heartbeatRttUs != nil)
        }
        let (daemon, _) = try daemon(in: pair, directory: directory, name: "memcache", port: 7602, heartbeat: """
            heartbeat_send = "version\\r\\n"
            heartbeat_expect = "+PONG"
            """)
        defer { daemon.stop() }
        let down = try #require(
            daemon.waitForEvent(peer: "memcache", ["PEER_STATE": "down"], timeout: .seconds(10)), "\(daemon.process.transcript)")
        #expect(down.reason == "protocol")
        #expect(down.message.contains(#"expected "+PONG", got "V""#), "\(down.message)")
    }

    @Test("A plain TCP echo: the reply must match what was sent")
    func echo() throws {
        let pair = try NetworkPair()
        defer { pair.close() }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let echo = try server("socat echo", in: pair, [
            "socat", "TCP-LISTEN:7603,bind=\(pair.peerAddress),reuseaddr", "PIPE",
        ], port: 7603)
        defer { echo.stop() }
        let (daemon, socket) = try daemon(in: pair, directory: directory, name: "echo", port: 7603, heartbeat: """
            heartbeat_send_hex = "01 02 ff"
            heartbeat_expect_hex = "01 02 ff"
            heartbeat_interval = "300ms"
            heartbeat_timeout = "200ms"
            """)
        defer { daemon.stop() }
        try #require(daemon.waitForEvent(peer: "echo", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        Thread.sleep(forTimeInterval: 2)
        #expect(daemon.events(peer: "echo").compactMap(\.state) == ["up"], "\(daemon.process.transcript)")
        #expect(try peer("echo", socket: socket).counters.bytesReceived >= 3 * 5)
    }

    @Test("A host silenced with a heartbeat in flight is half-open within the user timeout, not unresponsive")
    func silencedWithDataInFlight() throws {
        let pair = try NetworkPair()
        defer { pair.close() }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let echo = try server("socat echo", in: pair, [
            "socat", "TCP-LISTEN:7604,bind=\(pair.peerAddress),reuseaddr", "PIPE",
        ], port: 7604)
        defer { echo.stop() }
        let (daemon, _) = try daemon(in: pair, directory: directory, name: "echo", port: 7604, heartbeat: """
            heartbeat_send = "hb\\n"
            heartbeat_expect = "hb\\n"
            heartbeat_interval = "2s"
            heartbeat_timeout = "500ms"
            """)
        defer { daemon.stop() }
        let up = try #require(daemon.waitForEvent(peer: "echo", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
        Thread.sleep(forTimeInterval: 1)
        try pair.silence(port: 7604)
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
        let pair = try NetworkPair()
        defer { pair.close() }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let redis = try redisServer(in: pair, port: 7605, directory: directory)
        defer { redis.stop() }
        let (daemon, socket) = try daemon(in: pair, directory: directory, name: "cache", port: 7605, heartbeat: """
            heartbeat_send = "PING\\r\\n"
            heartbeat_expect = "+PONG"
            heartbeat_interval = "400ms"
            heartbeat_timeout = "200ms"
            """)
        defer { daemon.stop() }
        let up = try #require(daemon.waitForEvent(peer: "cache", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")
        Thread.sleep(forTimeInterval: 1)
        daemon.process.signal(SIGSTOP)
        Thread.sleep(forTimeInterval: 3)
        daemon.process.signal(SIGCONT)
        let stall = daemon.process.waitForLine(from: up.index + 1, timeout: .seconds(5)) { line in
            StderrLogLine.parse(line.text)?.fields["MESSAGE_ID"] == "585a303579df458db0c6b4bee80ff0ef"
        }
        let stallLine = try #require(stall.flatMap { StderrLogLine.parse($0.line.text) }, "\(daemon.process.transcript)")
        let stalledFor = Int(stallLine.fields["STALL_USEC"] ?? "") ?? 0
        #expect(stalledFor > 2_500_000 && stalledFor < 4_500_000, "\(stallLine)")
        #expect(stallLine.fields["STALL_KIND"] == "stopped")
        // Heartbeats go on for a while after the stall: still up, never unresponsive, and the stall told once.
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
