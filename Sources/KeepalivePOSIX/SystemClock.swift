import Glibc

/// The kernel's clocks, read in one place: `CLOCK_MONOTONIC` (every instant the core sees, and systemd's
/// timestamps), `CLOCK_REALTIME` (wall-clock times shown to people) and `CLOCK_BOOTTIME` (monotonic but counting
/// suspend, to tell a suspended machine from a stalled monitor).
public enum SystemClock {
    public static func monotonicNanoseconds() -> Int64 {
        nanoseconds(CLOCK_MONOTONIC)
    }

    public static func boottimeNanoseconds() -> Int64 {
        nanoseconds(CLOCK_BOOTTIME)
    }

    public static func realtimeNanoseconds() -> Int64 {
        nanoseconds(CLOCK_REALTIME)
    }

    public static func realtimeMicroseconds() -> Int64 {
        realtimeNanoseconds() / 1000
    }

    /// `clock_gettime(2)`. It fails only for an unknown clock id, which would be a bug here.
    public static func nanoseconds(_ clock: clockid_t) -> Int64 {
        var now = timespec()
        let result = clock_gettime(clock, &now)
        precondition(result == 0, "clock_gettime(\(clock)) failed: errno \(errno)")
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
