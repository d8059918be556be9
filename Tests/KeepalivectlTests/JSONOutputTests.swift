import Foundation
import KeepaliveControl
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// `--json`: one line per object, sorted keys, and the varlink field names, checked field by field.
@Suite("keepalivectl --json")
struct JSONOutputTests {
    private func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(!line.dropLast().contains("\n"), "one object per line")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test("status --json: every field of every peer")
    func status() throws {
        let json = try object(ListPeersReply(peers: SamplePeers.all).jsonLine)
        let peers = try #require(json["peers"] as? [[String: Any]])
        #expect(peers.count == 4)

        let cache = try #require(peers.first { $0["name"] as? String == "cache" })
        #expect(cache["address"] as? String == "cache.internal:6379")
        #expect(cache["resolved_address"] as? String == "10.0.0.9:6379")
        #expect(cache["state"] as? String == "suspect")
        #expect(cache["reason"] is NSNull)
        #expect(cache["since_usec"] as? Int64 == SamplePeers.nowUsec - 12_000_000)
        #expect(cache["probes_unanswered"] as? Int == 2)
        let keepalive = try #require(cache["keepalive"] as? [String: Int])
        #expect(keepalive == ["idle_sec": 10, "interval_sec": 5, "count": 3, "user_timeout_ms": 25000])
        let tcpInfo = try #require(cache["tcp_info"] as? [String: Any])
        #expect(tcpInfo["state"] as? String == "ESTABLISHED")
        #expect(tcpInfo["probes"] as? Int == 2)
        #expect(tcpInfo["backoff"] as? Int == 0)
        #expect(tcpInfo["total_retransmits"] as? Int == 1)
        #expect(tcpInfo["unacked"] as? Int == 0)
        #expect(tcpInfo["last_data_recv_ms"] as? Int == 21_800)
        #expect(tcpInfo["last_ack_recv_ms"] as? Int == 20_300)
        #expect(tcpInfo["rtt_us"] as? Int == 1_830)
        #expect(tcpInfo["rttvar_us"] as? Int == 410)
        let counters = try #require(cache["counters"] as? [String: Any])
        #expect(counters["reconnects"] as? Int == 1)
        #expect(counters["bytes_received"] as? Int == 42)
        #expect(counters["down"] as? [String: Int] == [
            "half_open": 0, "reset": 1, "closed": 0, "refused": 0, "unreachable": 0, "timeout": 0, "dns": 0,
            "unresponsive": 0, "protocol": 0,
        ])
        #expect(cache["heartbeat_rtt_us"] as? Int == 3_920)

        let db = try #require(peers.first { $0["name"] as? String == "db" })
        #expect(db["state"] as? String == "down")
        #expect(db["reason"] as? String == "half-open")
        #expect((db["tcp_info"] as? [String: Any])?["probes"] as? Int == 3)
        let mq = try #require(peers.first { $0["name"] as? String == "mq" })
        #expect(mq["resolved_address"] is NSNull)
        #expect(mq["tcp_info"] is NSNull)
        #expect(mq["state"] as? String == "connecting")
    }

    @Test("Keys are sorted, so the same state always prints the same bytes")
    func sortedKeys() {
        let line = GetPeerReply(peer: SamplePeers.api).jsonLine
        #expect(line.hasPrefix(#"{"peer":{"address":"10.0.0.7:8080","counters":{"bytes_received":0,"#))
        #expect(line == GetPeerReply(peer: SamplePeers.api).jsonLine)
    }

    @Test("watch --json: initial and peer")
    func watch() throws {
        let json = try object(WatchReply(peer: SamplePeers.db, initial: true).jsonLine)
        #expect(json["initial"] as? Bool == true)
        #expect((json["peer"] as? [String: Any])?["name"] as? String == "db")
        #expect(json.keys.sorted() == ["initial", "peer"])
    }

    @Test("info --json: the daemon's facts with the protocol version")
    func info() throws {
        let monitor = FakeMonitor()
        let json = try object(monitor.info.jsonLine)
        #expect(json["version"] as? String == "0.1.0")
        #expect(json["protocol_version"] as? Int == 2)
        #expect(json["started_usec"] as? Int64 == SamplePeers.nowUsec - 7_200_000_000)
        #expect(json["uptime_usec"] as? Int64 == 7_200_000_000)
        #expect(json["config_path"] as? String == "/etc/keepalive-monitor/keepalive-monitor.toml")
        #expect(json["generation"] as? Int == 1)
        #expect(json["peers"] as? Int == 4)
        #expect(json["counts"] as? [String: Int] == ["connecting": 1, "up": 1, "suspect": 1, "down": 1])
    }
}
