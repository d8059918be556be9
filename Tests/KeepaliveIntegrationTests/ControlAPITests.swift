import Foundation
import KeepaliveTestSupport
import Testing

/// The control API driven by clients we did not write (the reference Python varlink package) and by clients
/// that misbehave, against the real daemon watching real peers in network namespaces.
@Suite("Control API over varlink", .serialized)
struct ControlAPITests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    @Test("The reference varlink client: introspection, list, get, unknown peer, daemon info, watch")
    func referenceClient() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let web = try bed.peer(port: 7301)
        let db = try bed.peer(port: 7302)
        let socket = bed.controlSocket
        let daemon = try bed.daemon([
            "--control-socket", socket, "--keepalive", "1s:1s:3", "--endpoint", "web=\(web.endpoint)",
            "--endpoint", "db=\(db.endpoint)", "--endpoint", "gone=\(bed.pair.peerAddress):7303",
        ])
        try #require(daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]) != nil, "\(daemon.process.transcript)")
        try #require(daemon.waitForEvent(peer: "gone", ["PEER_STATE": "down"]) != nil, "\(daemon.process.transcript)")

        let info = try #require(try VarlinkScripts.client(socket, "info").first)
        #expect(info["interfaces"] as? [String] == ["org.varlink.service", "org.keepalivemonitor.Monitor"])
        #expect(info["product"] as? String == "keepalive-monitor")
        let description = try #require(try VarlinkScripts.client(socket, "describe", "org.keepalivemonitor.Monitor").first)
        #expect(description["name"] as? String == "org.keepalivemonitor.Monitor")
        let members = description["members"] as? [String] ?? []
        for method in ["ListPeers", "GetPeer", "Watch", "Reload", "Reconnect", "GetDaemonInfo", "PeerNotFound"] {
            #expect(members.contains(method), "\(method) in \(members)")
        }

        let list = try #require(try VarlinkScripts.client(socket, "list").first?["peers"] as? [[String: Any]])
        #expect(list.compactMap { $0["name"] as? String }.sorted() == ["db", "gone", "web"])
        let webInfo = try #require(list.first { $0["name"] as? String == "web" })
        #expect(webInfo["state"] as? String == "up")
        #expect(webInfo["address"] as? String == web.endpoint)
        #expect(webInfo.value("keepalive", "count") as? Int == 3)
        #expect(webInfo.value("tcp_info", "state") as? String == "ESTABLISHED")
        let gone = try #require(list.first { $0["name"] as? String == "gone" })
        #expect(gone["state"] as? String == "down")
        #expect(gone["reason"] as? String == "refused")
        #expect(gone.value("counters", "down", "refused") as? Int == 1)
        let since = try #require(gone["since_usec"] as? Int)
        #expect(abs(Double(since) / 1e6 - Date().timeIntervalSince1970) < 30)

        let one = try #require(try VarlinkScripts.client(socket, "get", "db").first)
        #expect(one.value("peer", "state") as? String == "up")
        let unknown = try #require(try VarlinkScripts.client(socket, "get", "nope").first)
        #expect(unknown["error"] as? String == "org.keepalivemonitor.Monitor.PeerNotFound")
        #expect(unknown.value("parameters", "name") as? String == "nope")
        let daemonInfo = try #require(try VarlinkScripts.client(socket, "daemon").first)
        #expect(daemonInfo["version"] as? String == "0.1.0")
        #expect(daemonInfo["generation"] as? Int == 1)
        #expect(daemonInfo.value("counts", "up") as? Int == 2)
        #expect(daemonInfo.value("counts", "down") as? Int == 1)

        // Watch: the current state of every peer, then each change as it happens.
        let watcher = try ChildProcess(
            name: "varlink watch",
            arguments: ["python3", TestPaths.fixtures.appendingPathComponent("varlink_client.py").path, socket, "watch", "4"])
        defer { watcher.stop() }
        var initial = 0
        for _ in 0..<3 {
            guard watcher.waitForLine(from: initial, timeout: .seconds(10), { $0.text.contains("\"initial\": true") }) != nil
            else { break }
            initial += 1
        }
        try #require(watcher.allLines.filter { $0.text.contains("\"initial\": true") }.count == 3, "\(watcher.transcript)")
        #expect(db.waitForConnection())
        db.closeConnections()
        let change = try #require(
            watcher.waitForLine(timeout: .seconds(10)) { $0.text.contains("\"initial\": false") }, "\(watcher.transcript)")
        let reply = try #require(try VarlinkScripts.decode(change.line.text).first)
        #expect(reply.value("peer", "name") as? String == "db")
        #expect(reply.value("peer", "state") as? String == "down")
        #expect(reply.value("peer", "reason") as? String == "closed")
    }

    @Test("Bad clients get a varlink error or are dropped; the daemon still answers and detects a dead peer on time")
    func badInput() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let db = try bed.peer(port: 7311)
        let socket = bed.controlSocket
        let daemon = try bed.daemon(["--control-socket", socket, "--keepalive", "1s:1s:3", "--endpoint", "db=\(db.endpoint)"])
        let up = try #require(daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]), "\(daemon.process.transcript)")

        // The slow cases run in the background while the peer is silenced: monitoring must stay on time.
        let script = TestPaths.fixtures.appendingPathComponent("varlink_abuse.py").path
        let slow = try ChildProcess(name: "slow bad clients", arguments: ["python3", script, socket, "silent"])
        defer { slow.stop() }
        let unterminated = try ChildProcess(name: "no NUL", arguments: ["python3", script, socket, "no-nul"])
        defer { unterminated.stop() }
        let crowd = try ChildProcess(name: "crowd", arguments: ["python3", script, socket, "crowd:300"])
        defer { crowd.stop() }
        // Each says on stderr once it holds its connections (the crowd: all 300, its calls sent).
        for client in [slow, unterminated, crowd] {
            try #require(
                client.waitForLine(timeout: .seconds(10)) { $0.fromStandardError && $0.text == "connected" } != nil,
                "\(client.transcript)")
        }
        try pair.silence(port: 7311)
        let askedAt = ContinuousClock.now
        let floor = askedAt - (try SocketInfo.silence(try pair.socketInfo(peerPort: 7311))) + .seconds(4)

        let results = try VarlinkScripts.abuse(socket, cases: [
            "malformed", "not-object", "no-method", "unknown-method", "unknown-interface", "wrong-type",
            "missing-parameter", "oversize", "vanish-mid-watch",
        ])
        func error(_ name: String) -> String? { (results[name]?["reply"] as? [String: Any])?["error"] as? String }
        #expect(error("unknown-method") == "org.varlink.service.MethodNotFound")
        #expect(error("unknown-interface") == "org.varlink.service.InterfaceNotFound")
        // Not JSON, not an object, no method: each is an invalid call, answered as one (the connection serves on).
        for name in ["wrong-type", "missing-parameter", "malformed", "not-object", "no-method"] {
            #expect(error(name) == "org.varlink.service.InvalidParameter", "\(name): \(results[name] ?? [:])")
        }
        for name in ["unknown-method", "unknown-interface", "wrong-type", "missing-parameter", "malformed", "not-object",
            "no-method"]
        {
            #expect(results[name]?["still_serves"] as? Bool == true, "\(name): \(results[name] ?? [:])")
        }
        #expect(results["oversize"]?["closed"] as? Bool == true)
        #expect((results["vanish-mid-watch"]?["reply"] as? [String: Any])?["continues"] as? Bool == true)

        let down = try #require(
            daemon.waitForEvent(peer: "db", ["PEER_STATE": "down"], after: up.index, timeout: .seconds(10)),
            "\(daemon.process.transcript)")
        #expect(down.reason == "half-open")
        #expect(down.readAt - floor < .milliseconds(250), "down \(down.readAt - floor) after the kernel's floor")

        for (process, name) in [(slow, "silent"), (unterminated, "no-nul"), (crowd, "crowd:300")] {
            #expect(process.waitForExit(timeout: .seconds(30)) != nil, "\(process.transcript)")
            let result = try #require(try VarlinkScripts.decode(process.transcript).first { $0["case"] as? String == name })
            if name == "crowd:300" {
                #expect(result.value("reply", "answered") as? Int == 300, "\(result)")
            } else {
                #expect(result["closed"] as? Bool == true, "\(result)")
                let seconds = result["seconds"] as? Double ?? 0
                #expect(seconds >= 4 && seconds < 10, "\(name) dropped after \(seconds) s")
            }
        }
        let after = try #require(try VarlinkScripts.client(socket, "list").first?["peers"] as? [[String: Any]])
        #expect(after.first?["state"] as? String == "down")
        #expect(daemon.process.isRunning)
    }

    @Test("Anyone who can open the socket may read; reload and reconnect need root or the daemon's user")
    func accessControl() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // nobody must be able to reach the socket through the temporary directory.
        chmod(directory.path, 0o755)
        let configPath = directory.appendingPathComponent("monitor.toml")
        let socket = directory.appendingPathComponent("control.socket").path
        try """
        [control]
        socket = "\(socket)"
        group = "nogroup"

        [[endpoint]]
        name = "local"
        address = "127.0.0.1:9"
        """.write(to: configPath, atomically: true, encoding: .utf8)
        let daemon = try Daemon(namespace: nil, arguments: ["--config", configPath.path])
        defer { daemon.stop() }
        try #require(daemon.waitForEvent(peer: "local", ["PEER_STATE": "down"]) != nil, "\(daemon.process.transcript)")
        var info = stat()
        stat(socket, &info)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_gid == 65534)

        let member = try VarlinkScripts.abuse(
            socket, cases: ["call:ListPeers", "call:Reload", "call:GetDaemonInfo"],
            as: ["--reuid=nobody", "--regid=nogroup", "--clear-groups"])
        #expect((member["call:ListPeers"]?["reply"] as? [String: Any])?["parameters"] != nil, "\(member)")
        #expect((member["call:GetDaemonInfo"]?["reply"] as? [String: Any])?["parameters"] != nil, "\(member)")
        let refused = member["call:Reload"]?["reply"] as? [String: Any]
        #expect(refused?["error"] as? String == "org.keepalivemonitor.Monitor.PermissionDenied", "\(member)")
        #expect((refused?["parameters"] as? [String: Any])?["uid"] as? Int == 65534)

        let outsider = try VarlinkScripts.abuse(
            socket, cases: ["call:ListPeers"], as: ["--reuid=nobody", "--regid=12345", "--clear-groups"])
        #expect(outsider["call:ListPeers"]?["connect_error"] as? Int == Int(EACCES), "\(outsider)")

        let root = try VarlinkScripts.abuse(socket, cases: ["call:Reload"])
        #expect((root["call:Reload"]?["reply"] as? [String: Any])?.value("parameters", "accepted") as? Bool == true)
    }

    @Test("Socket activation: the daemon serves on the socket systemd passed and leaves it in place")
    func socketActivation() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let socket = directory.appendingPathComponent("activated.socket").path
        // systemd-socket-activate closes every inherited descriptor before it execs the daemon, including the one
        // Foundation watches to learn that its child exited; a bash parent keeps that one open and forwards SIGTERM.
        let activator = try ChildProcess(
            name: "systemd-socket-activate",
            arguments: [
                "bash", "-c", "systemd-socket-activate \"$@\" & child=$!; trap 'kill -TERM $child' TERM; wait $child; wait $child",
                "socket-activate", "-l", socket, "--fdname=control", TestPaths.daemon, "--log-target", "stderr",
                "--endpoint", "local=127.0.0.1:9", "--control-socket", directory.appendingPathComponent("unused").path,
            ])
        defer {
            activator.stop()
            _ = try? Shell.run(["pkill", "-KILL", "-f", socket], allowFailure: true)
        }
        try #require(activator.waitForLine(timeout: .seconds(10)) { $0.text.contains("Listening on") } != nil, "\(activator.transcript)")
        let list = try #require(try VarlinkScripts.client(socket, "list").first?["peers"] as? [[String: Any]], "\(activator.transcript)")
        #expect(list.first?["name"] as? String == "local")
        #expect(activator.allLines.contains { $0.text.contains("socket passed by systemd") }, "\(activator.transcript)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("unused").path))
        activator.signal(SIGTERM)
        #expect(activator.waitForExit(timeout: .seconds(5)) != nil)
        #expect(FileManager.default.fileExists(atPath: socket), "the socket belongs to systemd, not the daemon")
    }
}
