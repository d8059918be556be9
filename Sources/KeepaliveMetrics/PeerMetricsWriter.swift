import KeepaliveCore

/// Writes the per-peer families from the peers' rows as gathered for this scrape (one job per event loop, as
/// `keepalivectl status` gathers statuses). Nothing is kept between scrapes, so a peer removed by a reload is
/// simply not written any more, and a healthy sample never touches anything of the metrics.
///
/// Not swift-prometheus' registry: at 10 000 peers its registration copies a family's whole dictionary for
/// every series added or removed (about 85 s to register 100 000 series, 15 s to remove 1 000 peers'), and
/// emitting 100 000 series took 55 ms; this writer takes a few milliseconds (README, Metrics).
enum PeerMetricsWriter {
    /// Bytes per peer written, for sizing buffers (about ten lines of 80 bytes).
    static let bytesPerPeer = 900

    private static let names = Dictionary(
        uniqueKeysWithValues: MetricFamily.peerFamilies.map { ($0.name, Array($0.name.utf8) + Array("{".utf8)) })
    private static let stateLabels = PeerState.allCases.map { Array(",state=\"\($0.rawValue)\"} ".utf8) }
    private static let reasonLabels = DownReason.allCases.map { Array(",reason=\"\($0.rawValue)\"} ".utf8) }
    private static let closeLabels = Array("} ".utf8)

    /// - Parameter rows: sorted by name in place (for a stable, readable exposition).
    static func write(_ rows: inout [PeerMetricsRow], clock: WallClockMapping, into writer: inout ExpositionWriter) {
        rows.sort { $0.name < $1.name }
        // `peer="NAME",address="ADDRESS"`, written once per peer and scrape.
        let labels = rows.map { row -> [UInt8] in
            var label = ExpositionWriter(capacity: 64)
            label.append("peer=")
            label.appendQuoted(row.name)
            label.append(",address=")
            label.appendQuoted(row.address)
            return label.bytes
        }
        let count = rows.count

        do {
            let prefix = start(.peerState, &writer)
            for index in 0..<count {
                let current = rows[index].state
                for (stateIndex, state) in PeerState.allCases.enumerated() {
                    writer.append(prefix)
                    writer.append(labels[index])
                    writer.append(stateLabels[stateIndex])
                    writer.appendInteger(state == current ? 1 : 0)
                    writer.newline()
                }
            }
        }
        writeFamily(.peerUnansweredProbes, rows, labels, into: &writer) { .integer(Int64($0.unansweredProbes)) }
        writeFamily(.peerKeepaliveProbes, rows, labels, into: &writer) { .integer(Int64($0.keepaliveProbes)) }
        writeFamily(.peerRTT, rows, labels, into: &writer) { row in
            row.rtt.map { .seconds(microseconds: $0.microseconds) }
        }
        writeFamily(.peerLastAck, rows, labels, into: &writer) { row in
            row.lastAck.map { .seconds(microseconds: clock.microseconds(at: $0)) }
        }
        writeFamily(.peerStateSince, rows, labels, into: &writer) {
            .seconds(microseconds: clock.microseconds(at: $0.since))
        }
        do {
            let prefix = start(.peerDowns, &writer)
            for index in 0..<count where !rows[index].downs.isEmpty {
                for (reasonIndex, reason) in DownReason.allCases.enumerated() {
                    guard let downs = rows[index].downs[reason], downs > 0 else { continue }
                    writer.append(prefix)
                    writer.append(labels[index])
                    writer.append(reasonLabels[reasonIndex])
                    writer.appendInteger(Int64(downs))
                    writer.newline()
                }
            }
        }
        writeFamily(.peerReconnects, rows, labels, into: &writer) { .integer(Int64($0.reconnects)) }
    }

    /// A sample's value as the exposition writes it.
    private enum SampleValue {
        case integer(Int64)
        case seconds(microseconds: Int64)
    }

    /// One family with one unlabelled sample per peer: `NAME{peer=…,address=…} VALUE`; a peer whose `value` is nil
    /// has no sample in it.
    private static func writeFamily(
        _ family: MetricFamily,
        _ rows: [PeerMetricsRow],
        _ labels: [[UInt8]],
        into writer: inout ExpositionWriter,
        value: (PeerMetricsRow) -> SampleValue?
    ) {
        let prefix = start(family, &writer)
        for index in rows.indices {
            guard let sample = value(rows[index]) else { continue }
            writer.append(prefix)
            writer.append(labels[index])
            writer.append(closeLabels)
            switch sample {
            case .integer(let integer): writer.appendInteger(integer)
            case .seconds(let microseconds): writer.appendSeconds(microseconds: microseconds)
            }
            writer.newline()
        }
    }

    /// Writes the family's HELP and TYPE; returns `NAME{`, which starts each of its samples.
    private static func start(_ family: MetricFamily, _ writer: inout ExpositionWriter) -> [UInt8] {
        writer.header(family)
        return names[family.name]!
    }
}
