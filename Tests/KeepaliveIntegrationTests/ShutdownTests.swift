import Foundation
import KeepaliveTestSupport
import Testing

/// SIGTERM under load: 1 000 monitored connections and control clients streaming `Watch`.
@Suite("Shutdown", .serialized)
struct ShutdownTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    static let peers = 1_000
    static let watchers = 20

    @Test("SIGTERM with 1 000 peers and 20 watching clients: exit 0 within 1 s, no connection, socket or client left")
    func sigtermUnderLoad() throws {
        // The test's children inherit this: the peer holds 1 000 connections, the daemon 1 000 and its clients.
        var limit = rlimit(rlim_cur: 8_192, rlim_max: 8_192)
        #expect(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let peer = try bed.peer(port: 7501)
        let configPath = try bed.write(MonitorConfig.text((0..<Self.peers).map { ("p\($0)", peer.endpoint) }))
        let socket = bed.controlSocket
        let daemon = try bed.daemon(["--config", configPath, "--control-socket", socket])
        let context = { daemon.process.transcript.suffix(4_000) }

        // Every peer up, on the kernel's own table.
        _ = eventually(timeout: .seconds(30), pollingEvery: .milliseconds(100)) {
            (try? pair.localPorts(peerPort: 7501).count) == Self.peers
        }
        try #require(try pair.localPorts(peerPort: 7501).count == Self.peers, "\(context())")
        let watchers = try (0..<Self.watchers).map { index in
            try ChildProcess(
                name: "watch \(index)",
                arguments: ["ip", "netns", "exec", pair.daemonSide, TestPaths.keepalivectl, "--socket", socket, "watch"],
                environment: ["NO_COLOR": "1"])
        }
        defer { watchers.forEach { $0.stop() } }
        // Each watcher is streaming: it printed the peers it was sent first.
        for watcher in watchers {
            try #require(watcher.waitForLine(timeout: .seconds(10)) { $0.text.contains("p0") } != nil, "\(watcher.transcript)")
        }

        daemon.process.signal(SIGTERM)
        let exited = try #require(daemon.process.waitForExit(timeout: .seconds(5)), "did not exit\n\(context())")
        #expect(exited < .seconds(1), "exit took \(exited)")
        #expect(daemon.process.exitStatus == 0, "\(context())")
        #expect(try pair.localPorts(peerPort: 7501) == [], "every monitored connection closed")
        #expect(!FileManager.default.fileExists(atPath: socket), "the control socket removed")
        for watcher in watchers {
            #expect(watcher.waitForExit(timeout: .seconds(2)) != nil, "a watching client saw the end: \(watcher.transcript)")
        }
        let left = try Shell.run(["ip", "netns", "pids", pair.daemonSide], allowFailure: true)
        #expect(left.split(whereSeparator: \.isWhitespace).isEmpty, "nothing runs in the daemon's namespace: \(left)")
    }
}
