import Foundation
import KeepaliveControl
import KeepaliveTestSupport
import Testing

/// The built keepalivectl binary against an in-test control socket: output, errors and exit status as an
/// operator or a monitoring system sees them.
@Suite("keepalivectl commands")
struct CommandLineTests {
    @Test("status: the table, on standard output, without colour when piped")
    func status() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let result = try await CommandRun.run(["status", "--socket", server.path])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.map { $0.prefix(48) } == [
            "PEER   ADDRESS              STATE       REASON  ",
            "api    10.0.0.7:8080        up          -       ",
            "cache  cache.internal:6379  suspect     -       ",
            "db     [fd00::5]:5432       down        half-open",
            "mq     mq.internal:5672     connecting  -       ",
        ].map { $0.prefix(48) })
        #expect(!result.output.contains("\u{1B}["))
    }

    @Test("Without a subcommand and without --socket, status on $KEEPALIVE_MONITOR_SOCKET")
    func environmentSocket() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let result = try await CommandRun.run([], environment: ["KEEPALIVE_MONITOR_SOCKET": server.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasPrefix("PEER "))
    }

    @Test("status --json decodes to exactly the daemon's peers")
    func statusJSON() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let result = try await CommandRun.run(["status", "--json", "--socket", server.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(try ControlJSON.decode(ListPeersReply.self, from: Array(result.output.utf8)).peers == SamplePeers.all)
    }

    @Test("status PEER: the detail block; an unknown peer is an error with exit 1")
    func statusPeer() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let known = try await CommandRun.run(["status", "db", "--socket", server.path])
        #expect(known.status == 0)
        #expect(known.output.hasPrefix("db\n  Address:"))
        #expect(known.output.contains("State:              down (half-open)\n"))
        let unknown = try await CommandRun.run(["status", "nope", "--socket", server.path])
        #expect(unknown.status == 1)
        #expect(unknown.output.isEmpty)
        #expect(unknown.errors == "Error: no peer named \"nope\" (keepalivectl status lists them)\n")
    }

    @Test("check: CRITICAL with exit 2 when a peer is down, OK with exit 0 when all are up")
    func check() async throws {
        let troubled = try TestControlServer(FakeMonitor())
        defer { troubled.stop() }
        let critical = try await CommandRun.run(["check", "--socket", troubled.path])
        #expect(critical.status == 2)
        #expect(critical.output
            == "CRITICAL: 1 down (db: half-open), 1 suspect (cache: 2/3 probes), 1 connecting (mq), 1 up\n")

        let healthy = try TestControlServer(FakeMonitor(peers: CheckTests.allUp))
        defer { healthy.stop() }
        let ok = try await CommandRun.run(["check", "--json", "--socket", healthy.path])
        #expect(ok.status == 0)
        let expected = #"{"counts":{"connecting":0,"down":0,"suspect":0,"up":5},"status":"OK","summary":"OK: 5 up"}"#
        #expect(ok.output == expected + "\n")
    }

    @Test("check: UNKNOWN with exit 3 when the daemon is not running")
    func checkNotRunning() async throws {
        let path = "/tmp/kam-none-\(getpid()).socket"
        let result = try await CommandRun.run(["check", "--socket", path])
        #expect(result.status == 3)
        #expect(result.output == "UNKNOWN: keepalive-monitor is not running: no control socket at \(path)\n")
    }

    @Test("check: UNKNOWN with exit 3 when the daemon is wedged, after the timeout rather than never")
    func checkWedged() async throws {
        let server = try TestControlServer(FakeMonitor(), behaviour: .silent)
        defer { server.stop() }
        let started = ContinuousClock.now
        let result = try await CommandRun.run(["check", "--timeout", "1", "--socket", server.path])
        #expect(result.status == 3)
        #expect(result.output == "UNKNOWN: keepalive-monitor did not answer on \(server.path) within 1 s\n")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test("reload: refused to an ordinary user with a clear sentence")
    func reloadDenied() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor, caller: Callers.operatorUser)
        defer { server.stop() }
        let result = try await CommandRun.run(["reload", "--socket", server.path])
        #expect(result.status == 1)
        #expect(result.errors == "Error: permission denied: reload needs root or the daemon's user\n")
        #expect(monitor.reloads == 0)
    }

    @Test("reload: accepted prints the generation; rejected prints every error and exits 1")
    func reload() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor, caller: Callers.root)
        defer { server.stop() }
        let accepted = try await CommandRun.run(["reload", "--socket", server.path])
        #expect(accepted.status == 0)
        #expect(accepted.output == "Configuration accepted: generation 2 is running.\n")

        monitor.setReloadResult(ReloadResult(accepted: false, generation: 2, errors: [
            "/etc/km.toml:2:19: keepalive_count: expected an integer from 1 to 127, found 200",
            "/etc/km.toml:6:1: unknown key \"addres\" in [[endpoint]]; did you mean \"address\"?",
        ]))
        let rejected = try await CommandRun.run(["reload", "--socket", server.path])
        #expect(rejected.status == 1)
        #expect(rejected.output.isEmpty)
        #expect(rejected.errors == """
            Configuration rejected; generation 2 keeps running:
              /etc/km.toml:2:19: keepalive_count: expected an integer from 1 to 127, found 200
              /etc/km.toml:6:1: unknown key "addres" in [[endpoint]]; did you mean "address"?

            """)
    }

    @Test("reconnect PEER, and an unknown peer")
    func reconnect() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor, caller: Callers.daemonUser)
        defer { server.stop() }
        let known = try await CommandRun.run(["reconnect", "api", "--socket", server.path])
        #expect(known.status == 0)
        #expect(known.output == "Reconnecting api.\n")
        #expect(monitor.reconnected == ["api"])
        let unknown = try await CommandRun.run(["reconnect", "nope", "--socket", server.path])
        #expect(unknown.status == 1)
        #expect(unknown.errors == "Error: no peer named \"nope\" (keepalivectl status lists them)\n")
    }

    @Test("info, as text and as JSON")
    func info() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor)
        defer { server.stop() }
        let text = try await CommandRun.run(["info", "--socket", server.path])
        #expect(text.status == 0)
        #expect(text.output.hasPrefix("Version: 0.1.0 (control protocol 2)\nStarted: "))
        #expect(text.output.contains("(up 2 h 0 min)\n"))
        #expect(text.output.hasSuffix("""
            Config:  /etc/keepalive-monitor/keepalive-monitor.toml (generation 1)
            Peers:   4 peers: 1 down, 1 suspect, 1 connecting, 1 up
            Stalls:  0

            """))
        let json = try await CommandRun.run(["info", "--json", "--socket", server.path])
        #expect(try ControlJSON.decode(DaemonInfo.self, from: Array(json.output.utf8)) == monitor.info)
    }

    @Test("watch: the current state of every peer, then each change as it happens, until the daemon leaves")
    func watch() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor)
        defer { server.stop() }
        let run = try CommandRun(["watch", "--socket", server.path])
        #expect(await eventually { run.outputLines.count == 4 })
        #expect(run.outputLines.map { $0.dropFirst(20) } == [
            "db: down (half-open), probes 3/3", "api: up, probes 0/3", "mq: connecting", "cache: suspect, probes 2/3",
        ])

        var counted = SamplePeers.api
        counted.counters.bytesReceived = 99
        monitor.publish(counted)
        monitor.publish(SamplePeers.with(SamplePeers.cache, state: .down, reason: .halfOpen, probes: 3))
        #expect(await eventually { run.outputLines.count == 5 })
        #expect(run.outputLines.last?.dropFirst(20) == "cache: down (half-open), probes 3/3")

        server.stop()
        monitor.finishChanges()
        #expect(await eventually { !run.isRunning })
        #expect(run.status == 1)
        #expect(run.errorText == "Error: keepalive-monitor closed the connection\n")
        #expect(run.outputLines.count == 5, "a change of counters alone prints nothing")
    }

    @Test("watch --json: one Watch reply per line")
    func watchJSON() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor)
        defer { server.stop() }
        let run = try CommandRun(["watch", "--json", "--socket", server.path])
        #expect(await eventually { run.outputLines.count == 4 })
        monitor.publish(SamplePeers.with(SamplePeers.db, state: .up))
        #expect(await eventually { run.outputLines.count == 5 })
        let replies = try run.outputLines.map { try ControlJSON.decode(WatchReply.self, from: Array($0.utf8)) }
        #expect(replies.prefix(4).map(\.peer) == SamplePeers.all)
        #expect(replies.prefix(4).allSatisfy { $0.initial })
        #expect(replies.last == WatchReply(peer: SamplePeers.with(SamplePeers.db, state: .up), initial: false))
    }
}
