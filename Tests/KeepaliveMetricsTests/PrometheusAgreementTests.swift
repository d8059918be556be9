import KeepaliveCore
import KeepaliveMetrics
import Prometheus
import Testing

/// The per-peer families are written by our own writer (swift-prometheus' registry does not scale to 10 000
/// peers, see `PeerMetricsWriter`); here the same series registered in swift-prometheus must come out with the
/// same names, labels, values, types and help texts.
@Suite("Our per-peer writer agrees with swift-prometheus")
struct PrometheusAgreementTests {
    @Test("Same series, values, types and help as swift-prometheus renders for the same peers")
    func sameAsSwiftPrometheus() throws {
        let peers = [Fixtures.up, Fixtures.down, Fixtures.suspect, Fixtures.connecting]
        let ours = try Exposition(String(decoding: MetricsRegistry().render(peers: peers, clock: Fixtures.clock), as: UTF8.self))

        let registry = PrometheusCollectorRegistry()
        for peer in peers {
            let labels = [("peer", peer.name), ("address", peer.address.description)]
            func gauge(_ family: MetricFamily, _ value: Double, extra: [(String, String)] = []) {
                registry.makeGauge(descriptor: descriptor(family), labels: labels + extra).set(to: value)
            }
            func counter(_ family: MetricFamily, _ value: Int, extra: [(String, String)] = []) {
                registry.makeCounter(descriptor: descriptor(family), labels: labels + extra).increment(by: Int64(value))
            }
            for state in PeerState.allCases {
                gauge(.peerState, state == peer.verdict.state ? 1 : 0, extra: [("state", state.rawValue)])
            }
            gauge(.peerUnansweredProbes, Double(peer.unansweredProbes))
            gauge(.peerKeepaliveProbes, Double(peer.keepalive.count))
            if let sample = peer.latestSample, let at = peer.latestSampleAt {
                gauge(.peerRTT, Double(sample.rtt.microseconds) / 1e6)
                gauge(.peerLastAck, Double(Fixtures.clock.microseconds(at: at) - sample.lastAckReceived.microseconds) / 1e6)
            }
            gauge(.peerStateSince, Double(Fixtures.clock.microseconds(at: peer.since)) / 1e6)
            for (reason, count) in peer.counters.downs where count > 0 {
                counter(.peerDowns, count, extra: [("reason", reason.rawValue)])
            }
            counter(.peerReconnects, peer.counters.reconnects)
        }
        let theirs = try Exposition(registry.emitToString())

        #expect(Set(ours.samples.keys).subtracting(Self.daemonSeries(ours)) == Set(theirs.samples.keys))
        for (series, value) in theirs.samples {
            #expect(ours.samples[series] == value, "\(series)")
        }
        for family in MetricFamily.peerFamilies {
            #expect(ours.families[family.name]?.type == theirs.families[family.name]?.type)
            #expect(ours.families[family.name]?.help == theirs.families[family.name]?.help)
        }
    }

    private func descriptor(_ family: MetricFamily) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help)
    }

    private static func daemonSeries(_ exposition: Exposition) -> [String] {
        exposition.samples.keys.filter { $0.hasPrefix("keepalive_monitor_") }
    }
}
