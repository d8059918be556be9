import KeepaliveCore

/// Converts monotonic instants to wall-clock time (Prometheus wants timestamps, not ages), from one reading of
/// both clocks taken by the caller for a whole scrape: every series of one scrape against the same reading.
public struct WallClockMapping: Hashable, Sendable {
    public var monotonic: MonotonicInstant
    /// CLOCK_REALTIME at `monotonic`, in microseconds since the epoch.
    public var realtimeMicroseconds: Int64

    public init(monotonic: MonotonicInstant, realtimeMicroseconds: Int64) {
        self.monotonic = monotonic
        self.realtimeMicroseconds = realtimeMicroseconds
    }

    /// The wall-clock time of `instant`, in microseconds since the epoch.
    public func microseconds(at instant: MonotonicInstant) -> Int64 {
        realtimeMicroseconds - (monotonic - instant).microseconds
    }
}
