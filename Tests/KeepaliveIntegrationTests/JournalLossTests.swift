import Foundation
import KeepaliveTestSupport
import Testing

/// The journal goes away mid-run: a real journald stopped with SIGSTOP (its socket still there, nobody reading:
/// `sd_journal_sendv` would block) and killed, then started again (its socket file left behind: ECONNREFUSED).
@Suite("Journal lost and regained", .serialized)
struct JournalLossTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    /// journald's pid: the harness's child (the harness execs itself under unshare, so its pid is the process's).
    static func journaldPid(harness: Int32) throws -> Int32 {
        let output = try Shell.run(["pgrep", "-P", String(harness), "-f", "systemd-journald"], allowFailure: true)
        guard let pid = output.split(separator: "\n").first.flatMap({ Int32($0) }) else {
            throw TestFailure("no journald under the harness (pid \(harness))")
        }
        return pid
    }

    /// Closes the peer's connection `times` times, each time waiting for the daemon to connect again: proof
    /// that its loop runs, 2 alerts (down, up) each.
    static func flap(_ peer: Peer, times: Int, accepted: inout Int) -> Bool {
        for _ in 0..<times {
            peer.closeConnections()
            accepted += 1
            guard peer.waitForConnection(count: accepted, timeout: .seconds(10)) else { return false }
        }
        return true
    }

    @Test("journald stopped, then killed and restarted: the daemon never blocks, no alert is lost, loss and return said once each")
    func journalGoesAway() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let peer = try bed.peer(port: 7211)
        let configPath = try bed.write(MonitorConfig.text(
            [("db", peer.endpoint)], defaults: "reconnect_initial = \"20ms\"\nreconnect_max = \"20ms\"\n"))
        let socket = bed.controlSocket
        let journal = try bed.journal(daemonArguments: ["--config", configPath, "--control-socket", socket])
        let context = { journal.process.transcript }
        try #require(try journal.waitForEntry(["PEER": "db", "PEER_STATE": "up"]) != nil, "\(context())")
        var accepted = 1
        #expect(peer.waitForConnection(count: accepted))
        let harness = journal.process.pid
        let stopped = try Self.journaldPid(harness: harness)

        // Stopped: its queue (10 datagrams with the kernel's default max_dgram_qlen) fills, then every send would
        // block. 12 flaps are 24 alerts; each reconnect proves the peer's loop still runs.
        kill(stopped, SIGSTOP)
        var flaps = 0
        var flapped = true
        // A send stuck for 1 s is a lost journal: flap on (at least 12 times) until the daemon says so on stderr.
        let lostNotice = { journal.process.allLines.contains { $0.text.contains("MESSAGE_ID=3c1b0ee4a7d54d6a9f2be1d5c8a06f41") } }
        let stopDeadline = ContinuousClock.now + .seconds(10)
        while flapped && (flaps < 12 || !lostNotice()) && ContinuousClock.now < stopDeadline {
            flapped = Self.flap(peer, times: 1, accepted: &accepted)
            flaps += 1
        }
        #expect(lostNotice(), "the daemon said it lost the journal\n\(context())")
        let status = Result { try Keepalivectl.run(["--socket", socket, "check"], in: bed.pair.daemonSide, timeout: .seconds(5)) }
        kill(stopped, SIGCONT)
        try #require(flapped, "the daemon stopped reconnecting while journald was stopped\n\(context())")
        #expect((try? status.get())?.output.hasPrefix("OK: ") == true, "\(status)")
        let back = try #require(
            try journal.waitForEntry(["MESSAGE_ID": "b6e2d1f0c9a84e37a51d4f8e2c7b9a63"]), "\(context())")
        #expect(back["MESSAGE"]?.contains("journald has not read its socket for") == true, "\(back)")
        #expect(try journal.waitForEntry(["PEER": "db", "PEER_REASON": "closed"]) != nil)
        // Every alert reached the journal: an up and a down per flap after the first up, in order, those that
        // waited marked.
        var alerts: [[String: String]] = []
        _ = eventually(timeout: .seconds(10), pollingEvery: .milliseconds(50)) {
            alerts = (try? journal.entries(["PEER=db"])) ?? []
            return alerts.count >= 1 + 2 * flaps
        }
        #expect(alerts.map { $0["PEER_STATE"] } == ["up"] + Array(repeating: ["down", "up"], count: flaps).flatMap { $0 })
        #expect(alerts.contains { $0["QUEUED_USEC"] != nil })

        // Killed: its socket file stays, sends fail with ECONNREFUSED. Then a new journald in the same namespace.
        kill(stopped, SIGKILL)
        try #require(Self.flap(peer, times: 3, accepted: &accepted), "\(context())")
        let daemonPid = try #require(journal.daemonPid())
        let restarted = try ChildProcess(
            name: "journald again",
            arguments: ["nsenter", "-t", String(daemonPid), "-m", "--", "setpriv", "--pdeathsig", "KILL", "--",
                        "/lib/systemd/systemd-journald"])
        defer { restarted.stop() }
        let refused = try #require(
            try journal.waitForEntries(["MESSAGE_ID": "b6e2d1f0c9a84e37a51d4f8e2c7b9a63"], count: 2), "\(context())")
        #expect(refused["MESSAGE"]?.contains("Connection refused (errno 111)") == true, "\(refused)")
        _ = eventually(timeout: .seconds(20), pollingEvery: .milliseconds(50)) {
            alerts = (try? journal.entries(["PEER=db"])) ?? []
            return alerts.count >= 7 + 2 * flaps
        }
        #expect(alerts.count == 7 + 2 * flaps, "every alert of both outages in the journal: \(alerts.map { $0["PEER_STATE"] ?? "?" })")

        // The daemon said on stderr, once per outage, that it lost the journal.
        let notices = journal.process.allLines.filter { $0.text.contains("MESSAGE_ID=3c1b0ee4a7d54d6a9f2be1d5c8a06f41") }
        #expect(notices.count == 2, "\(context())")
        #expect(!journal.process.allLines.contains { $0.text.contains("PEER=db") }, "no alert went to stderr: \(context())")
    }
}
