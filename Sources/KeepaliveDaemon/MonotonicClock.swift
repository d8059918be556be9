import KeepaliveCore
import KeepalivePOSIX

/// Reads `CLOCK_MONOTONIC`, the clock systemd and the kernel use for timestamps; every instant the core sees
/// comes from here.
public enum MonotonicClock {
    public static func now() -> MonotonicInstant {
        MonotonicInstant(nanoseconds: SystemClock.monotonicNanoseconds())
    }
}
