import Foundation
import KeepaliveControl
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// The client's socket code against real Unix sockets: answers, and every way the daemon can fail to answer.
@Suite("keepalivectl client")
struct ClientTests {
    @Test("Calls go through a real socket to the dispatcher and back")
    func roundTrip() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor, caller: Callers.root)
        defer { server.stop() }
        let client = ControlClient(socketPath: server.path)
        #expect(try await offPool { try client.listPeers() } == SamplePeers.all)
        #expect(try await offPool { try client.peer(named: "cache") } == SamplePeers.cache)
        #expect(try await offPool { try client.daemonInfo() } == monitor.info)
        #expect(try await offPool { try client.reload() } == ReloadResult(accepted: true, generation: 2, errors: []))
        try await offPool { try client.reconnect(peer: "api") }
        #expect(monitor.reconnected == ["api"])
    }

    @Test("Error replies become sentences")
    func errorReplies() async throws {
        let server = try TestControlServer(FakeMonitor(), caller: Callers.operatorUser)
        defer { server.stop() }
        let client = ControlClient(socketPath: server.path)
        let notFound = await #expect(throws: ClientError.self) { try await offPool { try client.peer(named: "nope") } }
        #expect(notFound?.code == .peerNotFound)
        #expect(notFound?.message == "no peer named \"nope\" (keepalivectl status lists them)")
        let denied = await #expect(throws: ClientError.self) { try await offPool { try client.reload() } }
        #expect(denied?.code == .permissionDenied)
        #expect(denied?.message == "permission denied: reload needs root or the daemon's user")
        let deniedReconnect = await #expect(throws: ClientError.self) {
            try await offPool { try client.reconnect(peer: "db") }
        }
        #expect(deniedReconnect?.message == "permission denied: reconnect needs root or the daemon's user")
    }

    @Test("No socket: the daemon is not running")
    func noSocket() throws {
        let directory = try TemporaryDirectory(prefix: "kam-client")
        defer { directory.remove() }
        let path = directory.file("none.socket")
        let error = #expect(throws: ClientError.self) { try ControlClient(socketPath: path).listPeers() }
        #expect(error?.code == .notRunning)
        #expect(error?.message == "keepalive-monitor is not running: no control socket at \(path)")
    }

    @Test("A socket nobody listens on: not running (stale socket)")
    func staleSocket() throws {
        let path = try TestControlServer.staleSocket()
        defer { unlink(path) }
        let error = #expect(throws: ClientError.self) { try ControlClient(socketPath: path).listPeers() }
        #expect(error?.code == .staleSocket)
        #expect(error?.message == "keepalive-monitor is not running (stale socket): nothing listens on \(path)")
    }

    @Test("A file that is not a socket")
    func notASocket() throws {
        let directory = try TemporaryDirectory(prefix: "kam-client")
        defer { directory.remove() }
        let path = directory.file("file.socket")
        try "".write(toFile: path, atomically: false, encoding: .utf8)
        let error = #expect(throws: ClientError.self) { try ControlClient(socketPath: path).listPeers() }
        #expect(error?.message == "keepalive-monitor is not running: \(path) is not a socket")
    }

    @Test("A daemon that does not answer: a timeout, not a hang")
    func wedged() throws {
        let server = try TestControlServer(FakeMonitor(), behaviour: .silent)
        defer { server.stop() }
        let started = ContinuousClock.now
        let error = #expect(throws: ClientError.self) {
            try ControlClient(socketPath: server.path, timeout: .milliseconds(300)).listPeers()
        }
        #expect(error?.code == .timedOut)
        #expect(error?.message == "keepalive-monitor did not answer on \(server.path) within 300 ms")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("A path too long for a Unix socket is refused before connecting")
    func longPath() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        let error = #expect(throws: ClientError.self) { try ControlClient(socketPath: path).listPeers() }
        #expect(error?.message == "\(path) is too long for a Unix socket path (at most 107 bytes)")
    }

    @Test("Shell completion offers the daemon's peer names, from the socket named on the command line")
    func peerNameCompletion() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let words = ["keepalivectl", "status", "--socket", server.path, ""]
        #expect(try await offPool { PeerNameCompletion.names(words) } == ["api", "cache", "db", "mq"])
        #expect(PeerNameCompletion.names(["keepalivectl", "status", "--socket", "/tmp/kam-none-\(getpid())"]).isEmpty)
    }

    @Test("Permission denied on the socket names its mode and group and what to do")
    func accessDeniedMessage() {
        let path = "/run/keepalive-monitor/control.socket"
        #expect(SocketAccess.deniedMessage(path: path, mode: 0o140660, group: "keepalive")
            == "permission denied: /run/keepalive-monitor/control.socket is mode 0660 group keepalive; "
            + "add yourself to group keepalive (usermod -aG keepalive $USER) or use sudo")
    }
}
