import Foundation
import KeepaliveTestSupport
import Testing

/// Clients that shut down their sending side as soon as their calls are out, as `socat`, `nc -N` and a
/// script's `shutdown(SHUT_WR)` do, against the real daemon: every complete call is answered, in order, before
/// the daemon closes; a Watch streams until the client is really gone.
@Suite("Control API: clients that half-close", .serialized)
struct HalfCloseTests {
    init() throws {
        try Preconditions.requireRootAndTools()
        guard !(try Shell.run(["sh", "-c", "command -v socat"], allowFailure: true)).isEmpty else {
            throw TestFailure("socat is not installed; .ci/run installs it")
        }
    }

    /// The daemon with one peer, `db`, that is up (1 s / 1 s / 3), and its control socket.
    struct Setup {
        var bed: TestBed
        var peer: Peer
        var daemon: Daemon
        var socket: String { bed.controlSocket }

        init(port: Int) throws {
            let bed = try TestBed()
            self.bed = bed
            do {
                peer = try bed.peer(port: port)
                daemon = try bed.daemon(
                    ["--control-socket", bed.controlSocket, "--keepalive", "1s:1s:3", "--endpoint", "db=\(peer.endpoint)"])
                guard daemon.waitForEvent(peer: "db", ["PEER_STATE": "up"]) != nil else {
                    throw TestFailure("db never came up:\n\(daemon.process.transcript)")
                }
            } catch {
                bed.close()
                throw error
            }
        }

        func close() { bed.close() }

        /// The daemon's accepted control connections still open, as the kernel lists them: those that show the
        /// socket's path. (The kernel creates an accepted Unix socket in the connecting client's namespace, here the
        /// test's own, not the daemon's.)
        func openConnections() throws -> Int {
            try Shell.run(["ss", "-xHn"]).split(separator: "\n").filter { $0.contains("ESTAB") && $0.contains(socket) }
                .count
        }
    }

    /// NUL-separated replies as JSON objects.
    static func replies(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\0").map { reply in
            guard let object = try JSONSerialization.jsonObject(with: Data(reply.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(reply)")
            }
            return object
        }
    }

    @Test("socat and a raw socket that shut down their sending side get every reply, in order, then end of file")
    func answeredThenClosed() throws {
        let setup = try Setup(port: 7321)
        defer { setup.close() }
        let daemon = setup.daemon

        // The operator's one-liner from the issue. socat shuts down its sending side at the end of its input and
        // waits up to -t seconds for the daemon to close; 10 s, so that a loaded machine cannot cut the reply off
        // and so that finishing well before proves the daemon closed the connection itself.
        let started = ContinuousClock.now
        let info = try Shell.run([
            "sh", "-c", #"printf '{"method":"org.varlink.service.GetInfo"}\0' | socat -t 10 - UNIX-CONNECT:"$0""#,
            setup.socket,
        ])
        #expect(ContinuousClock.now - started < .seconds(8), "socat waited for its timeout: the daemon did not close")
        #expect(info.hasSuffix("\0"), "\(info)")
        let infoReplies = try Self.replies(info)
        #expect(infoReplies.count == 1, "\(info)")
        #expect(infoReplies.first?.value("parameters", "product") as? String == "keepalive-monitor", "\(info)")

        let pipelined = try Shell.run([
            "sh", "-c",
            #"printf '{"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"db"}}\0"#
                + #"{"method":"org.keepalivemonitor.Monitor.GetDaemonInfo"}\0' | socat -t 10 - UNIX-CONNECT:"$0""#,
            setup.socket,
        ])
        let replies = try Self.replies(pipelined)
        #expect(replies.count == 2, "\(pipelined)")
        #expect(replies.first?.value("parameters", "peer", "name") as? String == "db", "\(pipelined)")
        #expect(replies.last?.value("parameters", "generation") as? Int == 1, "\(pipelined)")

        // The same with a raw socket: three calls and the start of a fourth, then shutdown(SHUT_WR).
        let raw = try #require(try VarlinkScripts.abuse(setup.socket, cases: ["half-close"])["half-close"])
        let rawReplies = raw["replies"] as? [[String: Any]] ?? []
        #expect(rawReplies.count == 3, "\(raw)")
        #expect(rawReplies.first?.value("parameters", "product") as? String == "keepalive-monitor", "\(raw)")
        #expect(rawReplies.dropFirst().first?["error"] as? String == "org.keepalivemonitor.Monitor.PeerNotFound")
        #expect((rawReplies.last?.value("parameters", "peers") as? [Any])?.count == 1, "\(raw)")
        #expect(raw["closed"] as? Bool == true, "the daemon closes after the last reply: \(raw)")
        #expect((raw["seconds"] as? Double ?? 99) < 10, "\(raw)")

        #expect(try setup.openConnections() == 0)
        #expect(daemon.process.isRunning)
    }

    @Test("A Watch from a client that half-closed streams every change; the daemon lets go once the client leaves")
    func watchAfterHalfClose() throws {
        let setup = try Setup(port: 7322)
        defer { setup.close() }
        let daemon = setup.daemon

        let script = TestPaths.fixtures.appendingPathComponent("varlink_abuse.py").path
        let watcher = try ChildProcess(
            name: "half-closed watch", arguments: ["python3", script, setup.socket, "half-closed-watch:2"])
        defer { watcher.stop() }
        let initial = try #require(
            watcher.waitForLine(timeout: .seconds(10)) { $0.text.contains("\"initial\": true") },
            "\(watcher.transcript)")
        // Still served well after the client's end of file. A fixed wait on purpose: it proves that the daemon does
        // not close the connection.
        Thread.sleep(forTimeInterval: 0.5)
        #expect(try setup.openConnections() == 1)

        #expect(setup.peer.waitForConnection())
        setup.peer.closeConnections()
        let change = try #require(
            watcher.waitForLine(from: initial.index + 1, timeout: .seconds(10)) { $0.text.contains("\"reply\"") },
            "\(watcher.transcript)\n\(daemon.process.transcript)")
        let reply = try #require(try VarlinkScripts.decode(change.line.text).first)
        #expect(reply.value("reply", "parameters", "initial") as? Bool == false, "\(change.line.text)")
        #expect(reply.value("reply", "parameters", "peer", "state") as? String == "down", "\(change.line.text)")
        #expect(reply.value("reply", "parameters", "peer", "reason") as? String == "closed", "\(change.line.text)")

        // The client closes its socket after those two replies: the daemon must notice without writing.
        #expect(watcher.waitForExit(timeout: .seconds(10)) != nil, "\(watcher.transcript)")
        _ = eventually(timeout: .seconds(10), pollingEvery: .milliseconds(50)) {
            (try? setup.openConnections()) == 0
        }
        #expect(try setup.openConnections() == 0, "the daemon kept the gone client's connection")
        let list = try #require(try VarlinkScripts.client(setup.socket, "list").first?["peers"] as? [[String: Any]])
        #expect(list.count == 1)
    }
}
