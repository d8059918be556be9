/// Short spans for tables and lines: `850ms`, `4.2s`, `12s`, `3m12s`, `2h07m`, `3d04h`.
enum DurationWords {
    static func compact(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return compact(milliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    static func compact(milliseconds: Int64) -> String {
        let milliseconds = max(milliseconds, 0)
        if milliseconds < 1000 { return "\(milliseconds)ms" }
        if milliseconds < 9950 {
            let tenths = (milliseconds + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = (milliseconds + 500) / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(twoDigits(seconds % 60))s" }
        if seconds < 86400 { return "\(seconds / 3600)h\(twoDigits(seconds % 3600 / 60))m" }
        return "\(seconds / 86400)d\(twoDigits(seconds % 86400 / 3600))h"
    }

    /// A round-trip time from the kernel's microseconds: `0.41ms`, `12ms`, `1.2s`.
    static func roundTrip(microseconds: Int64) -> String {
        let microseconds = max(microseconds, 0)
        if microseconds < 9995 {
            let hundredths = (microseconds + 5) / 10
            return "\(hundredths / 100).\(twoDigits(hundredths % 100))ms"
        }
        if microseconds < 999_500 { return "\((microseconds + 500) / 1000)ms" }
        let tenths = (microseconds + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)s"
    }

    static func twoDigits(_ value: Int64) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
