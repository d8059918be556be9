import Glibc

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
        let now = Syscall.clockTime(CLOCK_REALTIME)
        return RealtimeTimestamp(secondsSinceEpoch: Int64(now.tv_sec), nanoseconds: Int64(now.tv_nsec))
    }

    /// `2026-11-21T20:30:01.123Z`: UTC, milliseconds truncated. Computed here (Howard Hinnant's days-to-civil
    /// algorithm) rather than with `gmtime_r`, so it depends on no time zone data and cannot fail.
    public var iso8601: String {
        let days = self.secondsSinceEpoch.floorDivided(by: 86_400)
        let secondsOfDay = self.secondsSinceEpoch - days * 86_400
        let shifted = days + 719_468
        let era = shifted.floorDivided(by: 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
            + "T\(Self.padded(secondsOfDay / 3_600, 2)):\(Self.padded(secondsOfDay % 3_600 / 60, 2))"
            + ":\(Self.padded(secondsOfDay % 60, 2)).\(Self.padded(self.nanoseconds / 1_000_000, 3))Z"
    }

    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Int64 {
    /// Division rounding towards negative infinity, so instants before 1970 land on the right day.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
