/// A proleptic Gregorian date, computed (Howard Hinnant's `civil_from_days`) rather than with `gmtime_r`, so
/// that it depends on no time zone data and cannot fail. Used for the journal's stderr stamps and keepalivectl's
/// times.
public struct CivilDate: Hashable, Sendable {
    public var year: Int64
    public var month: Int64
    public var day: Int64

    /// The date of the day counted from 1970-01-01 (negative before it).
    public init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// The day of `secondsSinceEpoch` and the second within it, rounding toward the past (instants before 1970
    /// land on the right day).
    public static func split(secondsSinceEpoch seconds: Int64) -> (date: CivilDate, secondOfDay: Int64) {
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        return (CivilDate(daysSinceEpoch: days), seconds - days * 86400)
    }

    /// `value` with leading zeros to `width` digits.
    public static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
