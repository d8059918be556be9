import KeepaliveCore
import KeepaliveMetrics
import Testing

@Suite("The daemon's own metrics")
struct DaemonMetricsTests {
    @Test("Endpoints, generation, reload failures, sample lag and build info, as recorded through swift-metrics")
    func recorded() throws {
        let metrics = MetricsRegistry(version: "9.8.7")
        metrics.daemon.endpoints.set(3)
        metrics.daemon.configGeneration.set(2)
        metrics.daemon.reloadFailures.increment()
        metrics.daemon.reloadFailures.increment()
        metrics.daemon.stalls.increment()
        metrics.daemon.sampleLag.recordNanoseconds(3_000_000)
        metrics.daemon.sampleLag.recordNanoseconds(400_000)
        let exposition = try Exposition(String(decoding: metrics.render(peers: [], clock: Fixtures.clock), as: UTF8.self))
        let expected: [String: Double] = [
            "keepalive_monitor_endpoints": 3,
            "keepalive_monitor_config_generation": 2,
            "keepalive_monitor_reload_failures_total": 2,
            "keepalive_monitor_stalls_total": 1,
            "keepalive_monitor_build_info{version=\"9.8.7\"}": 1,
            "keepalive_monitor_sample_lag_seconds_bucket{le=\"0.0005\"}": 1,
            "keepalive_monitor_sample_lag_seconds_bucket{le=\"0.002\"}": 1,
            "keepalive_monitor_sample_lag_seconds_bucket{le=\"0.005\"}": 2,
            "keepalive_monitor_sample_lag_seconds_bucket{le=\"1.0\"}": 2,
            "keepalive_monitor_sample_lag_seconds_bucket{le=\"+Inf\"}": 2,
            "keepalive_monitor_sample_lag_seconds_count": 2,
            "keepalive_monitor_sample_lag_seconds_sum": 0.0034,
        ]
        for (series, value) in expected {
            #expect(exposition.samples[series] == value, "\(series)")
        }
        for family in MetricFamily.daemonFamilies {
            #expect(exposition.families[family.name]?.type == family.kind.rawValue)
            #expect(exposition.families[family.name]?.help == family.help)
        }
    }

    @Test("Prometheus naming rules: base units, _total only on counters, _info on the build info, snake_case")
    func naming() {
        for family in MetricFamily.peerFamilies + MetricFamily.daemonFamilies {
            #expect(family.name.hasSuffix("_total") == (family.kind == .counter), "\(family.name)")
            #expect(family.name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(family.name)")
            for reserved in ["_count", "_sum", "_bucket", "_milliseconds", "_ms", "_usec"] {
                #expect(!family.name.hasSuffix(reserved), "\(family.name)")
            }
            #expect(!family.help.isEmpty)
        }
        #expect(MetricFamily.buildInfo.name.hasSuffix("_info"))
        #expect(MetricFamily.peerLastAck.name.hasSuffix("_timestamp_seconds"))
        #expect(MetricFamily.peerStateSince.name.hasSuffix("_timestamp_seconds"))
    }

    @Test("The disabled handles take records and keep nothing")
    func disabled() {
        DaemonMetrics.disabled.reloadFailures.increment()
        DaemonMetrics.disabled.sampleLag.recordNanoseconds(1)
        DaemonMetrics.disabled.endpoints.set(1)
    }
}
