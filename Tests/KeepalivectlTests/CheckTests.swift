import Foundation
import KeepaliveControl
import KeepaliveCore
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// `keepalivectl check`: the monitoring-plugin summary and exit status for every situation.
@Suite("keepalivectl check")
struct CheckTests {
    /// Five peers, all up, named a to e.
    static let allUp = ["a", "b", "c", "d", "e"].map { name in
        var peer = SamplePeers.api
        peer.name = name
        return peer
    }

    static func replacing(_ name: String, with peer: PeerInfo) -> [PeerInfo] {
        var renamed = peer
        renamed.name = name
        return allUp.map { $0.name == name ? renamed : $0 }
    }

    @Test("Every situation, its line and its exit status", arguments: [
        (allUp, "OK: 5 up", Int32(0)),
        (Array(allUp.prefix(1)), "OK: 1 up", 0),
        ([], "OK: no peers configured", 0),
        (replacing("c", with: SamplePeers.cache), "WARNING: 1 suspect (c: 2/3 probes), 4 up", 1),
        (replacing("e", with: SamplePeers.mq), "WARNING: 1 connecting (e), 4 up", 1),
        (replacing("a", with: SamplePeers.db), "CRITICAL: 1 down (a: half-open), 4 up", 2),
        (SamplePeers.all, "CRITICAL: 1 down (db: half-open), 1 suspect (cache: 2/3 probes), 1 connecting (mq), 1 up", 2),
        (allUp.map { SamplePeers.with($0, state: .down, reason: .refused) },
         "CRITICAL: 5 down (a: refused, b: refused, c: refused, +2 more)", 2),
    ])
    func summaries(peers: [PeerInfo], line: String, exitCode: Int32) {
        let result = CheckResult(peers: peers)
        #expect(result.summary == line)
        #expect(result.status.exitCode == exitCode)
        #expect(result.counts == DaemonInfo.Counts(peers))
    }

    @Test("A daemon that cannot be asked is UNKNOWN, exit 3")
    func unreachable() {
        let path = "/tmp/kam-none-\(getpid()).socket"
        let result = Keepalivectl.Check.evaluate(ControlClient(socketPath: path))
        #expect(result.summary == "UNKNOWN: keepalive-monitor is not running: no control socket at \(path)")
        #expect(result.status.exitCode == 3)
        #expect(result.counts == nil)
    }

    @Test("--json: status, summary and counts; counts null when UNKNOWN")
    func json() throws {
        let line = CheckResult(peers: SamplePeers.all).jsonLine
        let critical = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(critical["status"] as? String == "CRITICAL")
        #expect(critical["summary"] as? String == CheckResult(peers: SamplePeers.all).summary)
        let counts = try #require(critical["counts"] as? [String: Int])
        #expect(counts == ["connecting": 1, "up": 1, "suspect": 1, "down": 1])

        #expect(CheckResult(unknown: "nobody home").jsonLine
            == #"{"counts":null,"status":"UNKNOWN","summary":"UNKNOWN: nobody home"}"# + "\n")
    }
}
