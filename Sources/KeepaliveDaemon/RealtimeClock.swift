import Glibc
import KeepaliveCore

/// CLOCK_REALTIME, for the wall-clock times the control API shows ("since").
public enum RealtimeClock {
    public static func nowMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// The wall-clock time of a monotonic instant, measured against now.
    public static func microseconds(at instant: MonotonicInstant) -> Int64 {
        let now = MonotonicClock.now()
        return nowMicroseconds() - (now - instant).microseconds
    }
}
