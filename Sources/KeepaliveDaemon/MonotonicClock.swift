import Glibc
import KeepaliveCore

/// Reads `CLOCK_MONOTONIC`, the clock systemd and the kernel use for timestamps; every instant the core sees
/// comes from here.
public enum MonotonicClock {
    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec))
    }
}
