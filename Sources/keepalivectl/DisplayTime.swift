import Glibc

/// The wall clock as keepalivectl shows it: what time it is, and an instant in local time. Renderers take one,
/// so tests fix "now" and the time zone.
struct DisplayTime: Sendable {
    /// CLOCK_REALTIME microseconds, the unit of the protocol's `*_usec` times.
    var nowUsec: Int64
    /// Seconds east of UTC at an instant (seconds since the epoch); daylight saving makes it vary.
    var utcOffset: @Sendable (Int64) -> Int

    /// The system clock and the local time zone.
    static func system() -> DisplayTime {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return DisplayTime(nowUsec: Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000) { seconds in
            var time = time_t(seconds)
            var local = tm()
            guard localtime_r(&time, &local) != nil else { return 0 }
            return Int(local.tm_gmtoff)
        }
    }

    /// `2026-11-21 20:40:53`, local time.
    func timestamp(_ usec: Int64) -> String {
        let utcSeconds = usec >= 0 ? usec / 1_000_000 : (usec - 999_999) / 1_000_000
        let seconds = utcSeconds + Int64(utcOffset(utcSeconds))
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let secondOfDay = seconds - days * 86400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        let two = DurationWords.twoDigits
        return "\(year)-\(two(month))-\(two(day)) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60)):\(two(secondOfDay % 60))"
    }

    /// `3m12s ago`.
    func ago(_ usec: Int64) -> String {
        DurationWords.compact(milliseconds: (nowUsec - usec) / 1000) + " ago"
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
