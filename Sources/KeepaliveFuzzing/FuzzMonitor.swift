import KeepaliveControl
import KeepaliveCore

/// An in-memory daemon for the varlink fuzz target: three peers (up, suspect, down), fixed answers, and a change
/// stream that delivers two changes and ends, so that a `Watch` finishes. It never suspends, so one input always
/// takes the same path.
struct FuzzMonitor: MonitorControl {
    static let keepalive = PeerInfo.Keepalive(idleSec: 10, intervalSec: 5, count: 3, userTimeoutMs: 25_000)

    static let peers: [PeerInfo] = [
        peer("db", "10.0.0.5:5432", .up, probes: 0),
        peer("cache", "[2001:db8::10]:6379", .suspect, probes: 2),
        peer("api", "api.internal.example:443", .down, probes: 3),
    ]

    static let changes: [PeerInfo] = [
        peer("db", "10.0.0.5:5432", .suspect, probes: 1),
        peer("cache", "[2001:db8::10]:6379", .up, probes: 0),
    ]

    static let reloadResult = ReloadResult(accepted: false, generation: 1, errors: ["fuzz.toml:1:1: rejected"])

    func peers() async -> [PeerInfo] { Self.peers }

    func peer(named name: String) async -> PeerInfo? { Self.peers.first { $0.name == name } }

    func reload() async -> ReloadResult { Self.reloadResult }

    func reconnect(peer name: String) async -> Bool { Self.peers.contains { $0.name == name } }

    func daemonInfo() async -> DaemonInfo {
        DaemonInfo(
            startedUsec: 1_795_293_785_000_000, uptimeUsec: 7_200_000_000,
            configPath: "/etc/keepalive-monitor/keepalive-monitor.toml", generation: 1, peers: Self.peers.count,
            counts: DaemonInfo.Counts(Self.peers))
    }

    func changes() async -> AsyncStream<PeerInfo> {
        let (stream, continuation) = AsyncStream.makeStream(of: PeerInfo.self)
        for change in Self.changes {
            continuation.yield(change)
        }
        continuation.finish()
        return stream
    }

    private static func peer(_ name: String, _ address: String, _ state: PeerState, probes: Int) -> PeerInfo {
        PeerInfo(
            name: name, address: address, resolvedAddress: state == .down ? nil : address, state: state,
            reason: state == .down ? .halfOpen : nil, sinceUsec: 1_795_293_700_000_000, probesUnanswered: probes,
            keepalive: keepalive,
            tcpInfo: state == .down
                ? nil
                : PeerInfo.TCPInfo(
                    state: "ESTABLISHED", probes: probes, backoff: 0, totalRetransmits: 1, unacked: 0,
                    lastDataRecvMs: 12_000, lastAckRecvMs: 1_200 + Int64(probes) * 5_000, rttUs: 412, rttvarUs: 96),
            counters: PeerInfo.Counters(reconnects: 1, bytesReceived: 42, down: PeerInfo.DownCounts(halfOpen: 1)))
    }
}
