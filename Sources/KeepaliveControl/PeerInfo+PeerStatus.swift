import KeepaliveCore

extension PeerInfo {
    /// The control API's view of `status`. Only the daemon can place the monotonic `status.since` on the wall
    /// clock, so it passes `sinceUsec`.
    public init(_ status: PeerStatus, sinceUsec: Int64) {
        self.init(
            name: status.name,
            address: status.address.description,
            resolvedAddress: status.remoteAddress,
            state: status.verdict.state,
            reason: status.verdict.reason,
            sinceUsec: sinceUsec,
            probesUnanswered: status.unansweredProbes,
            keepalive: Keepalive(status.keepalive, userTimeout: status.userTimeout),
            tcpInfo: status.latestSample.map(TCPInfo.init),
            heartbeatRttUs: status.heartbeatRTT?.microseconds,
            counters: Counters(status.counters)
        )
    }
}

extension PeerInfo.Keepalive {
    public init(_ settings: KeepaliveSettings, userTimeout: Duration) {
        self.init(
            idleSec: Int(settings.idle.components.seconds),
            intervalSec: Int(settings.interval.components.seconds),
            count: settings.count,
            userTimeoutMs: Int(userTimeout.milliseconds)
        )
    }
}

extension PeerInfo.TCPInfo {
    public init(_ sample: TCPInfoSnapshot) {
        self.init(
            state: sample.stateName,
            probes: sample.probes,
            backoff: sample.backoff,
            totalRetransmits: sample.totalRetransmits,
            unacked: sample.unacked,
            lastDataRecvMs: sample.lastDataReceived.milliseconds,
            lastAckRecvMs: sample.lastAckReceived.milliseconds,
            rttUs: sample.rtt.microseconds,
            rttvarUs: sample.rttVariance.microseconds
        )
    }
}

extension PeerInfo.Counters {
    public init(_ counters: PeerCounters) {
        var down = PeerInfo.DownCounts()
        for (reason, count) in counters.downs {
            down[reason] = count
        }
        self.init(reconnects: counters.reconnects, bytesReceived: counters.bytesReceived, down: down)
    }
}
