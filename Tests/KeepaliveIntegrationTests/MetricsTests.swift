import Foundation
import KeepaliveTestSupport
import Testing

/// `/metrics` of the real daemon binary in a network namespace: checked by `promtool`, scraped by a real
/// Prometheus server whose query API must show a silenced peer going down, and after a SIGHUP reload. The
/// example alert rules pass `promtool check rules` and `promtool test rules`.
@Suite("Prometheus metrics", .serialized)
struct MetricsTests {
    static let listen = "127.0.0.1:9469"
    static var repository: URL { TestPaths.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    static var rules: String { repository.appendingPathComponent("config/keepalive-monitor.rules.yml").path }

    init() throws {
        try Preconditions.requireRootAndTools()
        for tool in ["promtool", "prometheus"] {
            let found = try Shell.run(["sh", "-c", "command -v \(tool)"], allowFailure: true)
            guard !found.isEmpty else { throw TestFailure("\(tool) is not installed; .ci/run installs Debian's prometheus") }
        }
    }

    func scrape(_ pair: NetworkPair) throws -> NamespaceHTTP.Reply {
        try NamespaceHTTP.request(namespace: pair.daemonSide, "http://\(Self.listen)/metrics")
    }

    @Test("A real scrape passes promtool check metrics and carries the peers' values; 404 and 405 otherwise")
    func promtoolChecksARealScrape() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let peer = try bed.peer(port: 7301)
        let daemon = try bed.daemon([
            "--endpoint", "db=\(peer.endpoint)", "--endpoint", "nobody=\(pair.peerAddress):7399",
            "--keepalive", "1s:1s:3", "--control-socket", bed.controlSocket, "--metrics-listen", Self.listen,
        ])
        try #require(daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        try #require(daemon.waitForEvent(peer: "nobody", ["PEER_REASON": "refused"]) != nil, "\(daemon.process.transcript)")
        // Once the connection has been sampled, the scrape carries its RTT and last ACK.
        var reply = try scrape(pair)
        let sampled = eventually(timeout: .seconds(5)) {
            if let next = try? scrape(pair) { reply = next }
            return reply.body.contains("keepalive_peer_last_ack_timestamp_seconds{peer=\"db\"")
        }
        try #require(sampled, "no sample of db within 5 s:\n\(reply.body)")
        #expect(reply.status == 200)
        #expect(reply.headers.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8"))
        let file = try bed.write(reply.body, to: "scrape.txt")
        let lint = try Shell.run(["sh", "-c", "promtool check metrics < \(file)"], allowFailure: true)
        let status = try Shell.run(["sh", "-c", "promtool check metrics < \(file) >/dev/null 2>&1; echo $?"])
        #expect(status.trimmingCharacters(in: .whitespacesAndNewlines) == "0", "promtool: \(lint)\n\(reply.body)")
        #expect(lint.isEmpty, "promtool: \(lint)")

        let db = "peer=\"db\",address=\"\(peer.endpoint)\""
        let nobody = "peer=\"nobody\",address=\"\(pair.peerAddress):7399\""
        let lines = Set(reply.body.split(separator: "\n").map(String.init))
        for expected in [
            "keepalive_peer_state{\(db),state=\"up\"} 1", "keepalive_peer_state{\(db),state=\"down\"} 0",
            "keepalive_peer_state{\(nobody),state=\"down\"} 1", "keepalive_peer_down_total{\(nobody),reason=\"refused\"} 1",
            "keepalive_peer_keepalive_probes{\(db)} 3", "keepalive_peer_unanswered_probes{\(db)} 0",
            "keepalive_monitor_endpoints 2.0", "keepalive_monitor_config_generation 1.0",
            "keepalive_monitor_reload_failures_total 0", "keepalive_monitor_build_info{version=\"0.1.0\"} 1.0",
        ] {
            #expect(lines.contains(expected), "\(expected) in\n\(reply.body)")
        }
        let now = Date().timeIntervalSince1970
        let lastAck = try #require(Self.value(of: "keepalive_peer_last_ack_timestamp_seconds{\(db)}", in: reply.body))
        #expect(lastAck > now - 5 && lastAck <= now, "\(lastAck) vs \(now)")
        let rtt = try #require(Self.value(of: "keepalive_peer_rtt_seconds{\(db)}", in: reply.body))
        #expect(rtt > 0 && rtt < 0.1)
        #expect(Self.value(of: "keepalive_peer_rtt_seconds{\(nobody)}", in: reply.body) == nil)
        let since = try #require(Self.value(of: "keepalive_peer_state_since_timestamp_seconds{\(db)}", in: reply.body))
        #expect(since > now - 30 && since <= now)
        // The first sample after connecting is taken at once, not by the sample timer; wait for the timer's first
        // wake-up (about 1.5 s after the connect at 1s:1s:3) rather than guess a sleep.
        var lagCount = Self.value(of: "keepalive_monitor_sample_lag_seconds_count", in: reply.body) ?? 0
        _ = eventually(timeout: .seconds(5), pollingEvery: .milliseconds(250)) {
            if let body = try? scrape(pair).body {
                lagCount = Self.value(of: "keepalive_monitor_sample_lag_seconds_count", in: body) ?? 0
            }
            return lagCount >= 1
        }
        #expect(lagCount >= 1)

        let notFound = try NamespaceHTTP.request(namespace: pair.daemonSide, "http://\(Self.listen)/")
        #expect(notFound.status == 404)
        let notAllowed = try NamespaceHTTP.request(namespace: pair.daemonSide, "http://\(Self.listen)/metrics", method: "POST")
        #expect(notAllowed.status == 405)
        #expect(notAllowed.headers.contains("Allow: GET"))
    }

    @Test("A real Prometheus scrapes the daemon; its query API shows a silenced peer go down, and the alert")
    func prometheusSeesASilencedPeerGoDown() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let peer = try bed.peer(port: 7302)
        let daemon = try bed.daemon([
            "--endpoint", "db=\(peer.endpoint)", "--keepalive", "1s:1s:3", "--control-socket", bed.controlSocket,
            "--metrics-listen", Self.listen,
        ])
        try #require(daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        let prometheus = try PrometheusServer(
            namespace: pair.daemonSide, directory: bed.directory, targets: [Self.listen], ruleFiles: [Self.rules])
        defer { prometheus.stop() }
        let context = { "\(daemon.process.transcript)\n\(prometheus.process.transcript)" }

        let scraped = prometheus.wait(timeout: .seconds(30)) {
            try prometheus.query("up{job=\"keepalive-monitor\"}").first?.value == "1"
                && prometheus.query("keepalive_peer_state{peer=\"db\",state=\"up\"}").first?.value == "1"
        }
        try #require(scraped, "Prometheus never saw db up\n\(context())")
        let before = try prometheus.query("keepalive_peer_state{peer=\"db\",state=\"up\"}")
        #expect(before.first?.labels["address"] == peer.endpoint)
        #expect(before.first?.labels["instance"] == Self.listen)

        try pair.silence(port: 7302)
        try #require(
            daemon.waitForEvent(peer: "db", ["PEER_STATE": "down", "PEER_REASON": "half-open"], timeout: .seconds(15)) != nil,
            "\(context())")
        let down = prometheus.wait(timeout: .seconds(15)) {
            try prometheus.query("keepalive_peer_state{peer=\"db\",state=\"down\"}").first?.value == "1"
                && prometheus.query("keepalive_peer_state{peer=\"db\",state=\"up\"}").first?.value == "0"
                && prometheus.query("keepalive_peer_down_total{peer=\"db\",reason=\"half-open\"}").first?.value == "1"
        }
        #expect(down, "Prometheus never saw db down (half-open)\n\(context())")
        // The state set went through suspect on the way (1 s / 1 s / 3: probes 1 and 2 are seen unanswered).
        let suspect = try prometheus.query("max_over_time(keepalive_peer_state{peer=\"db\",state=\"suspect\"}[1m])")
        #expect(suspect.first?.value == "1", "\(suspect)")
        // The example rule sees it at once (pending: it fires after a minute down).
        let alerting = prometheus.wait(timeout: .seconds(10)) {
            try prometheus.alerts().contains { $0.name == "KeepalivePeerDown" && $0.labels["peer"] == "db" }
        }
        #expect(alerting, "no KeepalivePeerDown alert for db: \((try? prometheus.alerts()).map { "\($0)" } ?? "?")")
    }

    @Test("Peers removed by a SIGHUP reload disappear from /metrics; generation and reload failures follow")
    func removedPeersDisappearAfterReload() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let peers = try [7303, 7304].map { try bed.peer(port: $0) }
        func configure(_ endpoints: [(String, Peer)]) throws -> String {
            try bed.write(
                MonitorConfig.text(endpoints.map { ($0, $1.endpoint) }, sections: "[metrics]\nlisten = \"\(Self.listen)\"\n"))
        }
        let configPath = try configure([("keep", peers[0]), ("gone", peers[1])])
        let daemon = try bed.daemon(["--config", configPath, "--control-socket", bed.controlSocket])
        try #require(daemon.waitForEvent(peer: "gone", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        let before = try scrape(pair).body
        #expect(before.contains("peer=\"gone\""))
        #expect(before.contains("keepalive_monitor_endpoints 2.0"))

        try _ = configure([("keep", peers[0])])
        daemon.process.signal(SIGHUP)
        try #require(
            daemon.process.waitForLine(timeout: .seconds(5)) { $0.text.contains("Configuration reloaded") } != nil,
            "\(daemon.process.transcript)")
        let after = try scrape(pair).body
        #expect(!after.contains("peer=\"gone\""), "\(after)")
        #expect(after.contains("keepalive_peer_state{peer=\"keep\",address=\"\(peers[0].endpoint)\",state=\"up\"} 1"))
        #expect(after.contains("keepalive_monitor_endpoints 1.0"))
        #expect(after.contains("keepalive_monitor_config_generation 2.0"))

        let start = daemon.process.allLines.count
        try bed.write("[[endpoint]]\nname = \"broken\"\n")
        daemon.process.signal(SIGHUP)
        try #require(
            daemon.process.waitForLine(from: start, timeout: .seconds(5)) { $0.text.contains("Reload rejected") } != nil,
            "\(daemon.process.transcript)")
        let rejected = try scrape(pair).body
        #expect(rejected.contains("keepalive_monitor_reload_failures_total 1"))
        #expect(rejected.contains("keepalive_monitor_config_generation 2.0"))
        #expect(rejected.contains("peer=\"keep\""))
    }

    @Test("The example alert rules pass promtool check rules and promtool test rules")
    func exampleRules() throws {
        let check = try Shell.run("promtool", "check", "rules", Self.rules)
        #expect(check.contains("SUCCESS: 2 rules found"), "\(check)")
        let test = try Shell.run(
            "promtool", "test", "rules", Self.repository.appendingPathComponent("config/keepalive-monitor.rules.test.yml").path)
        #expect(test.contains("SUCCESS"), "\(test)")
    }

    /// The value of the sample line `series VALUE` in an exposition.
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
