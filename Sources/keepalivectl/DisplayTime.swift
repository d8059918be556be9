import Glibc
import KeepaliveCore
import KeepalivePOSIX

/// The wall clock as keepalivectl shows it: what time it is, and an instant in local time. Renderers take one,
/// so tests fix "now" and the time zone.
struct DisplayTime: Sendable {
    /// CLOCK_REALTIME microseconds, the unit of the protocol's `*_usec` times.
    var nowUsec: Int64
    /// Seconds east of UTC at an instant (seconds since the epoch); daylight saving makes it vary.
    var utcOffset: @Sendable (Int64) -> Int

    /// The system clock and the local time zone.
    static func system() -> DisplayTime {
        DisplayTime(nowUsec: SystemClock.realtimeMicroseconds()) { seconds in
            var time = time_t(seconds)
            var local = tm()
            guard localtime_r(&time, &local) != nil else { return 0 }
            return Int(local.tm_gmtoff)
        }
    }

    /// `2026-11-21 20:40:53`, local time.
    func timestamp(_ usec: Int64) -> String {
        let utcSeconds = usec >= 0 ? usec / 1_000_000 : (usec - 999_999) / 1_000_000
        let (date, secondOfDay) = CivilDate.split(secondsSinceEpoch: utcSeconds + Int64(utcOffset(utcSeconds)))
        let two = { (value: Int64) in CivilDate.padded(value, 2) }
        return "\(date.year)-\(two(date.month))-\(two(date.day)) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))"
    }

    /// `3 min 12 s ago`.
    func ago(_ usec: Int64) -> String {
        DurationText.humanReadable(milliseconds: (nowUsec - usec) / 1000) + " ago"
    }
}
