import Foundation
import KeepaliveTestSupport
import Testing

/// A name server that never answers, beside 100 peers by address and 4 names from /etc/hosts: `ip netns exec`
/// gives the daemon's namespace its own /etc/resolv.conf and /etc/hosts (from /etc/netns/NAME), and nft on the
/// peer side drops port 53, so glibc's lookups of `stuck.test` wait out their 30 s timeout.
@Suite("A silent name server", .serialized)
struct DNSStallTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    static let byAddress = 100
    static let byName = ["good1.test", "good2.test", "good3.test", "good4.test"]

    @Test("dns after the endpoint's connect_timeout, retried without another alert; no other peer's connects or samples delayed")
    func silentNameServer() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let netns = URL(fileURLWithPath: "/etc/netns/\(pair.daemonSide)")
        try FileManager.default.createDirectory(at: netns, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: netns) }
        try "nameserver \(pair.peerAddress)\noptions timeout:30 attempts:1\n"
            .write(to: netns.appendingPathComponent("resolv.conf"), atomically: true, encoding: .utf8)
        try "127.0.0.1 localhost\n\(pair.peerAddress) \(Self.byName.joined(separator: " "))\n"
            .write(to: netns.appendingPathComponent("hosts"), atomically: true, encoding: .utf8)
        try Shell.run(
            "ip", "netns", "exec", pair.peerSide, "nft",
            "add table inet dnsdrop; add chain inet dnsdrop input { type filter hook input priority 0; }; "
                + "add rule inet dnsdrop input udp dport 53 drop; add rule inet dnsdrop input tcp dport 53 drop")

        let peer = try bed.peer(port: 7601)
        let others = (0..<Self.byAddress).map { ("p\($0)", peer.endpoint) } + Self.byName.map { ($0, "\($0):7601") }
        let configPath = try bed.write(MonitorConfig.text(
            [("stuck", "stuck.test:7601")] + others,
            defaults: "reconnect_initial = \"200ms\"\nreconnect_max = \"1s\"\n",
            extra: ["stuck": "connect_timeout = \"1s\"\n"]))
        let socket = bed.controlSocket
        let started = ContinuousClock.now
        let daemon = try bed.daemon(["--config", configPath, "--control-socket", socket])
        let context = { daemon.process.transcript.suffix(6_000) }

        let stuck = try #require(
            daemon.waitForEvent(peer: "stuck", ["PEER_STATE": "down"], timeout: .seconds(10)), "\(context())")
        #expect(stuck.reason == "dns")
        #expect(stuck.message.contains("stuck.test did not resolve: no answer from the name server within 1 s"), "\(stuck.message)")
        #expect(stuck.readAt - started < .seconds(3), "a bounded wait: connect_timeout, not glibc's 30 s")
        for (name, _) in others {
            try #require(daemon.waitForEvent(peer: name, ["PEER_STATE": "up"], timeout: .seconds(10)) != nil, "\(name)\n\(context())")
        }

        // Every connection the peer holds is closed at once: all 104 must reconnect promptly, the names from
        // /etc/hosts too, while stuck.test keeps a lookup hanging (its retries join it instead of queueing).
        let mark = daemon.process.allLines.count - 1
        peer.closeConnections()
        let flapped = ContinuousClock.now
        for (name, _) in others {
            let back = try #require(
                daemon.waitForEvent(peer: name, ["PEER_STATE": "up"], after: mark, timeout: .seconds(10)), "\(name)\n\(context())")
            #expect(back.readAt - flapped < .seconds(2), "\(name) reconnected after \(back.readAt - flapped)")
        }
        // stuck.test is retried with backoff (each try waits its 1 s) while every other peer is sampled on: none
        // of them may be suspect or down for anything but the close.
        var json = ""
        var reconnects = 0
        _ = eventually(timeout: .seconds(15), pollingEvery: .milliseconds(200)) {
            let status = try? Keepalivectl.run(
                ["--socket", socket, "status", "stuck", "--json"], in: pair.daemonSide, timeout: .seconds(5))
            json = status?.output ?? ""
            reconnects = json.firstMatch(of: /"reconnects":(\d+)/).flatMap { Int($0.1) } ?? 0
            return reconnects >= 3
        }
        #expect(reconnects >= 3, "stuck.test is retried with backoff: \(json)")
        let stuckAlerts = daemon.events(peer: "stuck")
        #expect(stuckAlerts.count == 1, "one alert, however many retries: \(stuckAlerts.map(\.message))")
        let falseAlarms = daemon.events.filter { event in
            event.peer != "stuck" && (event.state == "suspect" || (event.state == "down" && event.reason != "closed"))
        }
        #expect(falseAlarms.isEmpty, "\(falseAlarms.map(\.message))")
    }
}
