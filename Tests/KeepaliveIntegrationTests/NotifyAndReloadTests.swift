import Foundation
import KeepaliveTestSupport
import Testing

/// sd_notify on a real datagram socket, and SIGHUP reloads proven on the kernel's own connection table.
@Suite("sd_notify and reload", .serialized)
struct NotifyAndReloadTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    /// A config file with 1 s / 1 s / 3 keepalive; `extra` adds lines to the named endpoint's table.
    static func config(_ endpoints: [(String, String)], extra: [String: String] = [:]) -> String {
        MonitorConfig.text(endpoints.map { (name: $0, address: $1) }, extra: extra)
    }

    @Test("READY, STATUS, WATCHDOG; reload good and bad configs; STOPPING; unchanged connections untouched")
    func lifecycle() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let notify = try NotifySocket(directory: bed.directory)
        defer { notify.close() }
        let peers = try [7101, 7102, 7103].map { try bed.peer(port: $0) }
        let configPath = try bed.write(
            Self.config([("a", peers[0].endpoint), ("b", peers[1].endpoint), ("c", peers[2].endpoint)]))

        let daemon = try bed.daemon(
            ["--config", configPath], environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "300000"])
        let context = { "\(notify.transcript)\n\(daemon.process.transcript)" }

        let ready = try #require(notify.wait { $0.assignments["READY"] == "1" }, "\(context())")
        try #require(notify.wait { $0.assignments["STATUS"] == "3 peers: 3 up" } != nil, "\(context())")
        // WATCHDOG=1 every half period (150 ms) while the loops run.
        var pings: [ContinuousClock.Instant] = []
        var after = ready.index
        while pings.count < 4, let ping = notify.wait(after: after, timeout: .seconds(2), { $0.assignments["WATCHDOG"] == "1" }) {
            pings.append(ping.message.receivedAt)
            after = ping.index
        }
        try #require(pings.count == 4, "\(context())")
        for (earlier, later) in zip(pings, pings.dropFirst()) {
            #expect(later - earlier > .milliseconds(100) && later - earlier < .milliseconds(300))
        }

        let before = try [7101, 7102, 7103].map { try pair.localPorts(peerPort: $0) }
        #expect(before.allSatisfy { $0.count == 1 }, "\(before)")

        // A good reload: a unchanged, b changed, c removed, d added.
        try bed.write(Self.config(
            [("a", peers[0].endpoint), ("b", peers[1].endpoint), ("d", peers[2].endpoint)],
            extra: ["b": "keepalive_count = 4\n"]))
        let mark = notify.all.count - 1
        let sentAt = monotonicMicroseconds()
        daemon.process.signal(SIGHUP)
        let reloading = try #require(notify.wait(after: mark) { $0.assignments["RELOADING"] == "1" }, "\(context())")
        let monotonic = try #require(reloading.message.assignments["MONOTONIC_USEC"].flatMap(Int64.init), "\(context())")
        #expect(monotonic >= sentAt && monotonic - sentAt < 1_000_000)
        try #require(notify.wait(after: reloading.index) { $0.assignments["READY"] == "1" } != nil, "\(context())")
        try #require(daemon.waitForEvent(peer: "d", ["PEER_STATE": "up"]) != nil, "\(context())")
        try #require(notify.wait(after: reloading.index) { $0.assignments["STATUS"] == "3 peers: 3 up" } != nil, "\(context())")
        let reloaded = try #require(
            daemon.process.waitForLine(timeout: .seconds(5)) { $0.text.contains("Configuration reloaded") }, "\(context())")
        #expect(reloaded.line.text.contains("1 added, 1 removed, 1 changed, 1 unchanged"))
        #expect(try pair.localPorts(peerPort: 7101) == before[0], "a untouched: same connection, same local port")
        let bAfter = try pair.localPorts(peerPort: 7102)
        #expect(bAfter.count == 1 && bAfter != before[1], "b reconnected with its new settings")
        let cdAfter = try pair.localPorts(peerPort: 7103)
        #expect(cdAfter.count == 1 && cdAfter != before[2], "c's connection closed, d's opened")

        // A bad reload: rejected with file:line:column, everything keeps running untouched.
        try bed.write(Self.config([("a", peers[0].endpoint)]) + "keepalive_intervall = \"2s\"\n")
        let established = try [7101, 7102, 7103].map { try pair.localPorts(peerPort: $0) }
        let badMark = notify.all.count - 1
        daemon.process.signal(SIGHUP)
        let rejected = try #require(
            notify.wait(after: badMark) { $0.assignments["STATUS"]?.hasPrefix("reload rejected: \(configPath):") == true },
            "\(context())")
        #expect(rejected.message.assignments["STATUS"]?.contains("keepalive_intervall") == true)
        #expect(rejected.message.assignments["STATUS"]?.hasSuffix("3 peers: 3 up") == true)
        try #require(notify.wait(after: rejected.index) { $0.assignments["READY"] == "1" } != nil, "\(context())")
        let journalLine = try #require(
            daemon.process.waitForLine(timeout: .seconds(5)) { $0.text.contains("MESSAGE_ID=5dc46a31c35d4206a5582499fd467ce2") },
            "\(context())")
        #expect(journalLine.line.text.contains("Reload rejected"))
        #expect(try [7101, 7102, 7103].map { try pair.localPorts(peerPort: $0) } == established)

        // SIGTERM: STOPPING=1 and a clean exit within a second.
        let stopMark = notify.all.count - 1
        daemon.process.signal(SIGTERM)
        let took = try #require(daemon.process.waitForExit(timeout: .seconds(5)), "\(context())")
        #expect(took < .seconds(1))
        #expect(daemon.process.exitStatus == 0)
        #expect(notify.wait(after: stopMark, timeout: .seconds(1)) { $0.assignments["STOPPING"] == "1" } != nil, "\(context())")
    }

    @Test("A bad config at start: exit 78, STATUS= with file:line:column and ERRNO=, nothing started")
    func fatalStart() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let notify = try NotifySocket(directory: directory)
        defer { notify.close() }
        let configPath = directory.appendingPathComponent("bad.toml")
        try "[[endpoint]]\nname = \"db\"\naddress = \"10.0.0.5:99999\"\n".write(to: configPath, atomically: true, encoding: .utf8)
        let daemon = try Daemon(namespace: nil, arguments: ["--config", configPath.path], environment: ["NOTIFY_SOCKET": notify.path])
        defer { daemon.stop() }
        #expect(daemon.process.waitForExit(timeout: .seconds(5)) != nil)
        #expect(daemon.process.exitStatus == 78)
        let failure = try #require(notify.wait(timeout: .seconds(2)) { $0.assignments["ERRNO"] != nil }, "\(notify.transcript)")
        #expect(failure.message.assignments["ERRNO"] == "22")
        #expect(failure.message.assignments["STATUS"]?.hasPrefix("Invalid configuration: \(configPath.path):3:11:") == true,
                "\(failure.message.text)")
        #expect(!notify.all.contains { $0.assignments["READY"] != nil })
        #expect(daemon.process.allLines.contains { $0.text.contains("\(configPath.path):3:11:") })
    }
}
