import KeepaliveCore
import Prometheus

/// Everything `/metrics` shows: the daemon's own metrics in swift-prometheus' registry (recorded through
/// `daemon` when they happen), and the peers' families written from their rows at each scrape.
public final class MetricsRegistry: Sendable {
    /// `Content-Type` of the exposition.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"
    /// The exposition is handed on in slices of about this size.
    public static let sliceSize = 64 * 1024

    private let prometheus: PrometheusCollectorRegistry
    /// Where the daemon records its own metrics.
    public let daemon: DaemonMetrics

    public init(version: String = ProductVersion.current) {
        let registry = PrometheusCollectorRegistry()
        prometheus = registry
        daemon = DaemonMetrics(registry: registry)
        registry.makeGauge(descriptor: MetricFamily.buildInfo.descriptor, labels: [("version", version)]).set(to: 1)
    }

    /// Writes the whole exposition to `output`, slice by slice: the peers' families (sorted by peer name, which
    /// sorts `rows` in place), then the daemon's.
    /// - Parameter clock: one reading of both clocks, taken for this scrape.
    public func render(
        _ rows: inout [PeerMetricsRow], clock: WallClockMapping, output: (UnsafeRawBufferPointer) -> Void
    ) {
        withoutActuallyEscaping(output) { output in
            var writer = ExpositionWriter(sliceSize: Self.sliceSize, output: output)
            PeerMetricsWriter.write(&rows, clock: clock, into: &writer)
            writer.flush()
        }
        var own: [UInt8] = []
        prometheus.emit(into: &own)
        own.withUnsafeBytes(output)
    }

    /// About how many bytes the exposition of `peers` peers takes, to size its buffer.
    public static func expectedSize(peers: Int) -> Int {
        4096 + peers * PeerMetricsWriter.bytesPerPeer
    }

    /// The whole exposition for `peers`, as one array (tests, small daemons).
    public func render(peers: [PeerStatus], clock: WallClockMapping) -> [UInt8] {
        var rows = peers.map(PeerMetricsRow.init)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.expectedSize(peers: rows.count))
        render(&rows, clock: clock) { bytes.append(contentsOf: $0) }
        return bytes
    }
}
