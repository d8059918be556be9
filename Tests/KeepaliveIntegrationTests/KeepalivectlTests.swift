import Foundation
import KeepaliveTestSupport
import Testing

/// `keepalivectl` against the real daemon whose peers go up, half-open and reset in network namespaces.
@Suite("keepalivectl against a running daemon", .serialized)
struct KeepalivectlTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    /// Runs keepalivectl (optionally as another user via setpriv) and returns its status and output.
    private func keepalivectl(_ arguments: [String], as identity: [String] = []) throws -> (status: Int32, output: String) {
        try Keepalivectl.run(arguments, as: identity)
    }

    @Test("status, status PEER, watch, check, reconnect and reload through the CLI, as root and as a group member")
    func cli() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        chmod(bed.directory.path, 0o755)
        let web = try bed.peer(port: 7401)
        let db = try bed.peer(port: 7402)
        let mq = try bed.peer(port: 7403)
        let socket = bed.controlSocket
        let configPath = try bed.write(MonitorConfig.text(
            [("web", web.endpoint), ("db", db.endpoint), ("mq", mq.endpoint)],
            sections: "[control]\nsocket = \"\(socket)\"\ngroup = \"nogroup\"\n"))
        let daemon = try bed.daemon(["--config", configPath])
        for name in ["web", "db", "mq"] {
            try #require(daemon.waitForEvent(peer: name, ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        }

        let table = try keepalivectl(["status", "--socket", socket])
        #expect(table.status == 0, "\(table.output)")
        let rows = table.output.split(separator: "\n")
        #expect(rows.first?.hasPrefix("PEER") == true, "\(table.output)")
        for name in ["web", "db", "mq"] {
            #expect(rows.contains { $0.hasPrefix(name) && $0.contains(" up ") }, "\(table.output)")
        }
        #expect(try keepalivectl(["check", "--socket", socket]).status == 0)

        let watcher = try ChildProcess(
            name: "keepalivectl watch", arguments: [TestPaths.keepalivectl, "watch", "--json", "--socket", socket])
        defer { watcher.stop() }
        try #require(watcher.waitForLine(timeout: .seconds(10)) { $0.text.contains("\"mq\"") } != nil, "\(watcher.transcript)")

        try pair.silence(port: 7402)
        #expect(mq.waitForConnection())
        mq.resetConnections()
        let halfOpen = watcher.waitForLine(timeout: .seconds(15)) { $0.text.contains("\"half-open\"") }
        try #require(halfOpen != nil, "\(watcher.transcript)\n\(daemon.process.transcript)")
        let lines = try watcher.allLines.flatMap { try VarlinkScripts.decode($0.text) }
        let dbStates = lines.filter { $0.value("peer", "name") as? String == "db" }.compactMap { $0.value("peer", "state") as? String }
        #expect(dbStates.first == "up" && dbStates.contains("suspect") && dbStates.last == "down", "\(dbStates)")
        #expect(lines.contains { $0.value("peer", "name") as? String == "mq" && $0.value("peer", "reason") as? String == "reset" })

        let json = try keepalivectl(["status", "--json", "--socket", socket])
        let peers = try #require(try VarlinkScripts.decode(json.output).first?["peers"] as? [[String: Any]], "\(json.output)")
        let byName = Dictionary(peers.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byName["web"]?["state"] as? String == "up")
        #expect(byName["db"]?["state"] as? String == "down")
        #expect(byName["db"]?["reason"] as? String == "half-open")
        #expect(byName["db"]?.value("counters", "down", "half_open") as? Int == 1)
        // mq's peer still listens, so the daemon is already back; the reset stays in its counters.
        #expect(byName["mq"]?.value("counters", "down", "reset") as? Int == 1)

        let detail = try keepalivectl(["status", "db", "--socket", socket])
        #expect(detail.status == 0 && detail.output.contains("half-open"), "\(detail.output)")
        let unknown = try keepalivectl(["status", "nope", "--socket", socket])
        #expect(unknown.status != 0 && unknown.output.contains("nope"), "\(unknown.output)")

        let check = try keepalivectl(["check", "--socket", socket])
        #expect(check.status == 2, "\(check.output)")
        #expect(check.output.hasPrefix("CRITICAL"), "\(check.output)")
        let absent = try keepalivectl(["check", "--socket", bed.file("absent.socket")])
        #expect(absent.status == 3, "\(absent.output)")
        #expect(absent.output.hasPrefix("UNKNOWN"), "\(absent.output)")

        // A group member reads, but may not reload or reconnect.
        let member = ["--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        let memberStatus = try keepalivectl(["status", "--socket", socket], as: member)
        #expect(memberStatus.status == 0 && memberStatus.output.contains("web"), "\(memberStatus.output)")
        let memberReload = try keepalivectl(["reload", "--socket", socket], as: member)
        #expect(memberReload.status != 0 && memberReload.output.contains("permission denied"), "\(memberReload.output)")
        let outsider = try keepalivectl(["status", "--socket", socket], as: ["--reuid=nobody", "--regid=12345", "--clear-groups"])
        #expect(outsider.status != 0 && outsider.output.contains("permission denied"), "\(outsider.output)")
        #expect(outsider.output.contains("nogroup"), "names the group to join: \(outsider.output)")

        // Root may reconnect and reload.
        let before = try pair.localPorts(peerPort: 7401)
        let quietBefore = daemon.events(peer: "web").count
        #expect(try keepalivectl(["reconnect", "web", "--socket", socket]).status == 0)
        var after = try pair.localPorts(peerPort: 7401)
        _ = eventually(timeout: .seconds(5), pollingEvery: .milliseconds(50)) {
            after = (try? pair.localPorts(peerPort: 7401)) ?? []
            return after != before && !after.isEmpty
        }
        #expect(after.count == 1 && after != before, "a new connection: \(before) → \(after)")
        // Nothing happened to the peer itself: no alert.
        #expect(daemon.events(peer: "web").count == quietBefore, "\(daemon.process.transcript)")
        #expect(try keepalivectl(["reconnect", "nope", "--socket", socket]).status != 0)
        let reload = try keepalivectl(["reload", "--socket", socket])
        #expect(reload.status == 0, "\(reload.output)")
    }
}
