import KeepaliveCore
import KeepaliveMetrics

/// One scrape: every peer's live status, gathered with one short job per event loop (as `keepalivectl status`
/// does, never a lock held against the loops), then the exposition written from them with one reading of the
/// clocks.
public struct MetricsScraper: Sendable {
    let registry: PeerRegistry
    let metrics: MetricsRegistry

    /// The exposition in the Prometheus text format (`MetricsRegistry.contentType`).
    public func scrape() async -> [UInt8] {
        let statuses = await registry.statuses()
        let reference = RealtimeClock.Reference()
        let clock = WallClockMapping(monotonic: reference.monotonic, realtimeMicroseconds: reference.realtimeMicroseconds)
        return metrics.render(peers: statuses, clock: clock)
    }
}
