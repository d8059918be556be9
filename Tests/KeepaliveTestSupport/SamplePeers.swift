import KeepaliveControl
import KeepaliveCore

/// A fixed set of peers, one in each situation, seen at a fixed moment: the input of every golden test.
public enum SamplePeers {
    /// 2026-11-21 20:43:05 UTC.
    public static let nowUsec: Int64 = 1_795_293_785_000_000

    public static let keepalive = PeerInfo.Keepalive(idleSec: 10, intervalSec: 5, count: 3, userTimeoutMs: 25000)

    public static let api = PeerInfo(
        name: "api",
        address: "10.0.0.7:8080",
        resolvedAddress: "10.0.0.7:8080",
        state: .up,
        reason: nil,
        sinceUsec: nowUsec - 11_532_000_000,
        probesUnanswered: 0,
        keepalive: keepalive,
        tcpInfo: PeerInfo.TCPInfo(
            state: "ESTABLISHED", probes: 0, backoff: 0, totalRetransmits: 0, unacked: 0,
            lastDataRecvMs: 3_400, lastAckRecvMs: 1_200, rttUs: 412, rttvarUs: 96),
        heartbeatRttUs: 2_150,
        counters: PeerInfo.Counters(reconnects: 0, bytesReceived: 0, down: PeerInfo.DownCounts()))

    public static let cache = PeerInfo(
        name: "cache",
        address: "cache.internal:6379",
        resolvedAddress: "10.0.0.9:6379",
        state: .suspect,
        reason: nil,
        sinceUsec: nowUsec - 12_000_000,
        probesUnanswered: 2,
        keepalive: keepalive,
        tcpInfo: PeerInfo.TCPInfo(
            state: "ESTABLISHED", probes: 2, backoff: 0, totalRetransmits: 1, unacked: 0,
            lastDataRecvMs: 21_800, lastAckRecvMs: 20_300, rttUs: 1_830, rttvarUs: 410),
        heartbeatRttUs: 3_920,
        counters: PeerInfo.Counters(reconnects: 1, bytesReceived: 42, down: PeerInfo.DownCounts(reset: 1)))

    public static let db = PeerInfo(
        name: "db",
        address: "[fd00::5]:5432",
        resolvedAddress: "[fd00::5]:5432",
        state: .down,
        reason: .halfOpen,
        sinceUsec: nowUsec - 192_000_000,
        probesUnanswered: 3,
        keepalive: keepalive,
        tcpInfo: PeerInfo.TCPInfo(
            state: "CLOSE", probes: 3, backoff: 0, totalRetransmits: 0, unacked: 0,
            lastDataRecvMs: 40_100, lastAckRecvMs: 25_050, rttUs: 520, rttvarUs: 130),
        counters: PeerInfo.Counters(
            reconnects: 4, bytesReceived: 0, down: PeerInfo.DownCounts(halfOpen: 1, refused: 3)))

    public static let mq = PeerInfo(
        name: "mq",
        address: "mq.internal:5672",
        resolvedAddress: nil,
        state: .connecting,
        reason: nil,
        sinceUsec: nowUsec - 850_000,
        probesUnanswered: 0,
        keepalive: keepalive,
        tcpInfo: nil,
        counters: PeerInfo.Counters(reconnects: 0, bytesReceived: 0, down: PeerInfo.DownCounts()))

    /// In the configuration's order, which is not the name order.
    public static let all = [db, api, mq, cache]

    /// `peer` in `state`, with everything else unchanged.
    public static func with(_ peer: PeerInfo, state: PeerState, reason: DownReason? = nil, probes: Int = 0) -> PeerInfo {
        var changed = peer
        changed.state = state
        changed.reason = reason
        changed.probesUnanswered = probes
        return changed
    }
}
