import KeepaliveCore

/// Writes the per-peer families from the peers' statuses as gathered for this scrape (one job per event loop,
/// as `keepalivectl status` gathers them). Nothing is kept between scrapes, so a peer removed by a reload is
/// simply not written any more, and a healthy sample never touches anything of the metrics.
///
/// Not swift-prometheus' registry: at 10 000 peers its registration copies a family's whole dictionary for
/// every series added or removed (about 85 s to register 100 000 series, 15 s to remove 1 000 peers'), and
/// emitting 100 000 series took 55 ms; this writer takes a few milliseconds (README, Metrics).
enum PeerMetricsWriter {
    /// Bytes per peer written, for the buffer's first size (about ten lines of 80 bytes).
    static let bytesPerPeer = 900

    static func write(_ statuses: [PeerStatus], clock: WallClockMapping, into writer: inout ExpositionWriter) {
        let peers = statuses.sorted { $0.name < $1.name }
        let labels = peers.map(labelBytes)

        writer.header(.peerState)
        for (peer, label) in zip(peers, labels) {
            let current = peer.verdict.state
            for state in PeerState.allCases {
                sample(.peerState, label, extra: ("state", state.rawValue), into: &writer)
                writer.appendInteger(state == current ? 1 : 0)
                writer.append("\n")
            }
        }
        integerFamily(.peerUnansweredProbes, peers, labels, into: &writer) { Int64($0.unansweredProbes) }
        integerFamily(.peerKeepaliveProbes, peers, labels, into: &writer) { Int64($0.keepalive.count) }

        writer.header(.peerRTT)
        for (peer, label) in zip(peers, labels) {
            guard let sample = peer.latestSample else { continue }
            Self.sample(.peerRTT, label, into: &writer)
            writer.appendSeconds(microseconds: sample.rtt.microseconds)
            writer.append("\n")
        }
        writer.header(.peerLastAck)
        for (peer, label) in zip(peers, labels) {
            guard let sample = peer.latestSample, let sampledAt = peer.latestSampleAt else { continue }
            Self.sample(.peerLastAck, label, into: &writer)
            writer.appendSeconds(microseconds: clock.microseconds(at: sampledAt) - sample.lastAckReceived.microseconds)
            writer.append("\n")
        }
        writer.header(.peerStateSince)
        for (peer, label) in zip(peers, labels) {
            sample(.peerStateSince, label, into: &writer)
            writer.appendSeconds(microseconds: clock.microseconds(at: peer.since))
            writer.append("\n")
        }

        writer.header(.peerDowns)
        for (peer, label) in zip(peers, labels) {
            for reason in DownReason.allCases {
                guard let count = peer.counters.downs[reason], count > 0 else { continue }
                sample(.peerDowns, label, extra: ("reason", reason.rawValue), into: &writer)
                writer.appendInteger(Int64(count))
                writer.append("\n")
            }
        }
        integerFamily(.peerReconnects, peers, labels, into: &writer) { Int64($0.counters.reconnects) }
    }

    /// `peer="NAME",address="ADDRESS"`, written once per peer and scrape.
    private static func labelBytes(_ peer: PeerStatus) -> [UInt8] {
        var writer = ExpositionWriter(capacity: 64)
        writer.append("peer=")
        writer.appendQuoted(peer.name)
        writer.append(",address=")
        writer.appendQuoted(peer.address.description)
        return writer.bytes
    }

    private static func integerFamily(
        _ family: MetricFamily,
        _ peers: [PeerStatus],
        _ labels: [[UInt8]],
        into writer: inout ExpositionWriter,
        value: (PeerStatus) -> Int64
    ) {
        writer.header(family)
        for (peer, label) in zip(peers, labels) {
            sample(family, label, into: &writer)
            writer.appendInteger(value(peer))
            writer.append("\n")
        }
    }

    /// `NAME{LABELS[,EXTRA="VALUE"]} ` — the value follows.
    private static func sample(
        _ family: MetricFamily,
        _ label: [UInt8],
        extra: (name: String, value: String)? = nil,
        into writer: inout ExpositionWriter
    ) {
        writer.append(family.name)
        writer.append("{")
        writer.append(label)
        if let extra {
            writer.append(",")
            writer.append(extra.name)
            writer.append("=")
            writer.appendQuoted(extra.value)
        }
        writer.append("} ")
    }
}
