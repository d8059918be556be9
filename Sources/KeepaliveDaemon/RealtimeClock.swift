import KeepaliveCore
import KeepalivePOSIX

/// CLOCK_REALTIME, for the wall-clock times the control API shows ("since").
public enum RealtimeClock {
    public static func nowMicroseconds() -> Int64 {
        SystemClock.realtimeMicroseconds()
    }

    /// Both clocks read once, to convert monotonic instants to wall-clock time: every peer of one `ListPeers`
    /// reply against the same reading (two clock reads per peer cost time and made `since_usec` jitter between
    /// calls).
    public struct Reference: Sendable {
        let monotonic = MonotonicClock.now()
        let realtimeMicroseconds = RealtimeClock.nowMicroseconds()

        public init() {}

        /// The wall-clock time of `instant`, in microseconds since the epoch.
        public func microseconds(at instant: MonotonicInstant) -> Int64 {
            realtimeMicroseconds - (monotonic - instant).microseconds
        }
    }
}
