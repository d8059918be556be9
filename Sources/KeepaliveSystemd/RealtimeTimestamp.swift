import Glibc
import KeepalivePOSIX

/// A wall-clock instant (`CLOCK_REALTIME`), for stamping stderr lines. Kept apart from the clock read so that
/// rendering is a pure function of its input.
public struct RealtimeTimestamp: Sendable, Hashable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64
    /// Nanoseconds past `secondsSinceEpoch`, 0..<1_000_000_000.
    public var nanoseconds: Int64

    /// An instant `secondsSinceEpoch` seconds and `nanoseconds` after the epoch.
    public init(secondsSinceEpoch: Int64, nanoseconds: Int64 = 0) {
        precondition((0..<1_000_000_000).contains(nanoseconds), "nanoseconds out of range: \(nanoseconds)")
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
    }

    /// The current time from `CLOCK_REALTIME`.
    public static func now() -> RealtimeTimestamp {
        let now = SystemClock.realtimeNanoseconds()
        let seconds = now >= 0 ? now / 1_000_000_000 : (now - 999_999_999) / 1_000_000_000
        return RealtimeTimestamp(secondsSinceEpoch: seconds, nanoseconds: now - seconds * 1_000_000_000)
    }

    /// `2026-11-21T20:30:01.123Z`: UTC, milliseconds truncated, from `CivilDate` (no time zone data, cannot fail).
    public var iso8601: String {
        let (date, secondsOfDay) = CivilDate.split(secondsSinceEpoch: secondsSinceEpoch)
        let padded = CivilDate.padded
        return "\(padded(date.year, 4))-\(padded(date.month, 2))-\(padded(date.day, 2))"
            + "T\(padded(secondsOfDay / 3_600, 2)):\(padded(secondsOfDay % 3_600 / 60, 2))"
            + ":\(padded(secondsOfDay % 60, 2)).\(padded(nanoseconds / 1_000_000, 3))Z"
    }
}
