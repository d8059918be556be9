/// A point on the monotonic clock (`CLOCK_MONOTONIC`), as plain data so that the core never reads a clock:
/// the daemon stamps every event, tests advance a manual clock.
public struct MonotonicInstant: Hashable, Comparable, Sendable {
    /// Nanoseconds since an arbitrary origin (boot, for `CLOCK_MONOTONIC`).
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        let (seconds, attoseconds) = rhs.components
        return MonotonicInstant(nanoseconds: lhs.nanoseconds + seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    public static func - (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        lhs + (.zero - rhs)
    }

    public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Duration {
        .nanoseconds(lhs.nanoseconds - rhs.nanoseconds)
    }
}
