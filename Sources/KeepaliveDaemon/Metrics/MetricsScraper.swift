import KeepaliveCore
import KeepaliveMetrics
import NIOCore

/// One scrape: every peer's metrics row, read with one short job per event loop (as `keepalivectl status` reads
/// statuses, never a lock held against the loops), then the exposition written from them with one reading of
/// the clocks, straight into the response's buffer.
public struct MetricsScraper: Sendable {
    let registry: PeerRegistry
    let metrics: MetricsRegistry

    /// The exposition in the Prometheus text format (`MetricsRegistry.contentType`).
    public func scrape(allocator: ByteBufferAllocator) async -> ByteBuffer {
        var rows = await registry.gather(\.metricsRow)
        let reference = RealtimeClock.Reference()
        let clock = WallClockMapping(monotonic: reference.monotonic, realtimeMicroseconds: reference.realtimeMicroseconds)
        var buffer = allocator.buffer(capacity: MetricsRegistry.expectedSize(peers: rows.count))
        metrics.render(&rows, clock: clock) { buffer.writeBytes($0) }
        return buffer
    }
}
