import Foundation
import KeepaliveTestSupport

/// What most integration tests start from: two network namespaces (`NetworkPair`), a temporary directory, and the
/// peers, daemons and journals the test starts in them through it. `close()` (in a `defer`) stops all of those,
/// the last started first, then removes the directory and both namespaces.
final class TestBed {
    let pair: NetworkPair
    let directory: URL
    private var stops: [() -> Void] = []

    init() throws {
        pair = try NetworkPair()
        do {
            directory = try TestPaths.temporaryDirectory()
        } catch {
            pair.close()
            throw error
        }
    }

    /// `NAME` in the temporary directory.
    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Where the tests put the daemon's control socket.
    var controlSocket: String { file("control.socket") }

    /// Writes `text` to `name` in the temporary directory (again, for a reload); returns the file's path.
    @discardableResult
    func write(_ text: String, to name: String = "monitor.toml") throws -> String {
        try text.write(toFile: file(name), atomically: true, encoding: .utf8)
        return file(name)
    }

    /// `Fixtures/peer.py` on the peer side, listening on `port` of `host` (the peer side's IPv4 address unless
    /// given).
    func peer(port: Int, host: String? = nil) throws -> Peer {
        let peer = try Peer(namespace: pair.peerSide, host: host ?? pair.peerAddress, port: port)
        stops.append(peer.stop)
        return peer
    }

    /// Another server on the peer side (redis-server, socat…): `arguments` run there.
    func peerSideServer(name: String, arguments: [String]) throws -> ChildProcess {
        let process = try ChildProcess(name: name, arguments: ["ip", "netns", "exec", pair.peerSide] + arguments)
        stops.append(process.stop)
        return process
    }

    /// The real daemon on the daemon side, logging to stderr; `launcher` as for `Daemon`.
    func daemon(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws -> Daemon {
        let daemon = try Daemon(
            namespace: pair.daemonSide, arguments: arguments, environment: environment, launcher: launcher)
        stops.append(daemon.stop)
        return daemon
    }

    /// The real daemon on the daemon side under a private journald, writing into the temporary directory.
    func journal(daemonArguments: [String]) throws -> PrivateJournal {
        let journal = try PrivateJournal(namespace: pair.daemonSide, directory: directory, daemonArguments: daemonArguments)
        stops.append(journal.stop)
        return journal
    }

    func close() {
        for stop in stops.reversed() {
            stop()
        }
        try? FileManager.default.removeItem(at: directory)
        pair.close()
    }
}
