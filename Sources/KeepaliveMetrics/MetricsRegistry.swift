import KeepaliveCore
import Prometheus

/// Everything `/metrics` shows: the daemon's own metrics in swift-prometheus' registry (recorded through
/// `daemon` when they happen), and the peers' families written from their statuses at each scrape.
public final class MetricsRegistry: Sendable {
    /// `Content-Type` of `render`'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let prometheus: PrometheusCollectorRegistry
    /// Where the daemon records its own metrics.
    public let daemon: DaemonMetrics

    public init(version: String = ProductVersion.current) {
        let registry = PrometheusCollectorRegistry()
        prometheus = registry
        daemon = DaemonMetrics(registry: registry)
        registry.makeGauge(descriptor: MetricFamily.buildInfo.descriptor, labels: [("version", version)]).set(to: 1)
    }

    /// The whole exposition: the peers' families (sorted by peer name), then the daemon's.
    /// - Parameter clock: one reading of both clocks, taken for this scrape.
    public func render(peers: [PeerStatus], clock: WallClockMapping) -> [UInt8] {
        var writer = ExpositionWriter(capacity: 4096 + peers.count * PeerMetricsWriter.bytesPerPeer)
        PeerMetricsWriter.write(peers, clock: clock, into: &writer)
        var bytes = writer.bytes
        prometheus.emit(into: &bytes)
        return bytes
    }
}
