/// Reads and writes durations the way operators write them in configuration: `250ms`, `30s`, `5m`, `2h`,
/// and sums of those such as `1m30s`.
public enum DurationText {
    /// The longest duration read: 999 999 999 999 s (≈ 31 700 years), far beyond any setting's limit. Capped so
    /// that whatever is read prints (`format`) as text that reads back: a sum such as `31333133310m310m330s` was
    /// 1 879 988 017 530 s, which printed as 13 digits of seconds that the reader then refused (CI's fuzz run).
    public static let maximum: Duration = .seconds(999_999_999_999)

    /// Parses `text`; returns nil when it is not a duration (the caller knows what it expected and says so).
    public static func parse(_ text: String) -> Duration? {
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total: Duration = .zero
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            // 15 digits: the milliseconds of `maximum`, as `format` may print them.
            guard !digits.isEmpty, digits.count <= 15, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            // Duration arithmetic (128-bit): 15 digits of hours do not overflow on the way to the check below.
            switch unit {
            case "ms": total += .milliseconds(value)
            case "s": total += .seconds(value)
            case "m": total += .seconds(value) * 60
            case "h": total += .seconds(value) * 3600
            default: return nil
            }
            guard total <= maximum else { return nil }
        }
        return total
    }

    /// Formats `duration` in the largest unit that is exact, so that `--check-config` prints what a person
    /// would have written (`30s`, not `30000ms`).
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        if milliseconds == 0 { return "0s" }
        if milliseconds % 3_600_000 == 0 { return "\(milliseconds / 3_600_000)h" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000)m" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        return "\(milliseconds)ms"
    }

    /// The one wording of a measured span, in journal messages, `STATUS=`, keepalivectl's tables and the README
    /// alike: `850 ms`, `4.1 s`, `12 s`, `3 min 12 s`, `2 h 7 min`, `3 d 5 h` (a number, a space, a unit).
    public static func humanReadable(_ duration: Duration) -> String {
        humanReadable(milliseconds: duration.milliseconds)
    }

    /// `humanReadable` of a span the kernel or the control API gives in milliseconds (a negative one is 0).
    public static func humanReadable(milliseconds: Int64) -> String {
        let milliseconds = max(milliseconds, 0)
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 59_950 {
            let tenths = (milliseconds + 50) / 100
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        let seconds = max(milliseconds / 1000, 60)
        if seconds < 3600 { return "\(seconds / 60) min \(seconds % 60) s" }
        if seconds < 86400 { return "\(seconds / 3600) h \((seconds % 3600) / 60) min" }
        return "\(seconds / 86400) d \((seconds % 86400) / 3600) h"
    }

    /// A round-trip time from the kernel's microseconds, in the same wording with the precision an RTT needs:
    /// `0.41 ms`, `12 ms`, `1.2 s`.
    public static func roundTrip(microseconds: Int64) -> String {
        let microseconds = max(microseconds, 0)
        if microseconds < 9995 {
            let hundredths = (microseconds + 5) / 10
            let fraction = hundredths % 100
            return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) ms"
        }
        if microseconds < 999_500 { return "\((microseconds + 500) / 1000) ms" }
        return humanReadable(milliseconds: (microseconds + 500) / 1000)
    }
}

extension Duration {
    /// Whole milliseconds, rounded toward zero.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Whole microseconds, rounded toward zero; the unit of journal `*_USEC` fields.
    public var microseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}
