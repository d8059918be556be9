/// How late the kernel's timers fire: Linux keeps them on a non-cascading wheel whose levels are 8× coarser each
/// (at HZ=250: 4 ms up to ≈250 ms ahead, 32 ms up to ≈2 s, 256 ms up to ≈16 s, 2.048 s up to ≈131 s, …), and a
/// timer fires at the first boundary of its level's granularity after its expiry. So a keepalive probe due 30 s
/// after the last ACK can leave up to 2 s late; one due 1 s after leaves up to 32 ms late.
///
/// The monitor uses the same arithmetic twice: to know when a probe can at the latest have gone out (so that it
/// looks once, after that, instead of polling while the probe is late), and to round its own sample times to the
/// same coarse boundaries (so that thousands of peers share a handful of wake-ups per second).
public struct KernelTimerWheel: Hashable, Sendable {
    /// The kernel's tick (`CONFIG_HZ`); Debian's kernels are built with 250.
    public var hz: Int

    /// Slots per wheel level (`LVL_SIZE` in kernel/time/timer.c).
    static let slotsPerLevel: Int64 = 64
    /// Each level is this many times coarser than the one below (`LVL_CLK_DIV`).
    static let levelFactor: Int64 = 8

    public init(hz: Int = 250) {
        self.hz = hz
    }

    /// One tick of the kernel's clock (4 ms at HZ=250), the finest any of its timers can be.
    public var tick: Duration { .nanoseconds(1_000_000_000 / Int64(hz)) }

    /// The granularity of the wheel level a timer armed `delay` ahead lands on: how late it can fire.
    public func granularity(forDelay delay: Duration) -> Duration {
        let tickNanoseconds = 1_000_000_000 / Int64(hz)
        let ticks = max(Int64(1), delay.nanosecondsRoundedUp / tickNanoseconds)
        var granularity: Int64 = 1
        // Level n starts 63 × 8ⁿ⁻¹ ticks ahead (`LVL_START`) and has slots of 8ⁿ ticks.
        while ticks >= (Self.slotsPerLevel - 1) * granularity, granularity < Int64(1) << 40 {
            granularity *= Self.levelFactor
        }
        return .nanoseconds(granularity * tickNanoseconds)
    }

    /// The latest the next keepalive probe can leave after it is due (`idle + interval × probes` of silence).
    ///
    /// Once probes are outstanding the kernel arms its timer `interval` ahead. In a quiet cycle it arms it twice —
    /// `interval` after the previous (answered) probe, then for what is left of `idle` — each arming late by its
    /// own level's granularity; and when `interval` is longer than `idle` the first arming alone outlasts the idle
    /// time, so a healthy connection is probed every `interval`, not every `idle`.
    public func probeLateness(_ keepalive: KeepaliveSettings, outstandingProbes: Int) -> Duration {
        let intervalLateness = granularity(forDelay: keepalive.interval) + tick
        guard outstandingProbes == 0 else { return intervalLateness }
        let longInterval = keepalive.interval > keepalive.idle ? keepalive.interval - keepalive.idle : .zero
        return longInterval + intervalLateness + granularity(forDelay: keepalive.idle)
    }
}

extension Duration {
    /// Whole nanoseconds, rounded up (a timer never fires early).
    public var nanosecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + (attoseconds + 999_999_999) / 1_000_000_000
    }
}
