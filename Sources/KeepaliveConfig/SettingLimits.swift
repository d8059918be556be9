import KeepaliveCore

/// The accepted range of each setting, shared by the file's keys, the keepalive shorthand and `--keepalive`.
/// Each check returns the "expected …" half of a message, or nil when the value is fine; the caller names
/// the key and says what it found.
enum SettingLimits {
    /// `TCP_USER_TIMEOUT` is an `int` of milliseconds.
    static let maximumUserTimeout: Duration = .milliseconds(Int64(Int32.max))
    /// A connect that takes longer than this is not a slow network any more.
    static let maximumConnectTimeout: Duration = .seconds(3600)
    /// A monitor that waits a day between attempts has stopped monitoring; the bound also keeps every
    /// duration far from `Int64` overflow when it is later counted in milliseconds.
    static let maximumReconnectDelay: Duration = .seconds(86_400)

    /// `TCP_KEEPIDLE` and `TCP_KEEPINTVL`: whole seconds, because that is all the kernel can store.
    static func keepaliveSeconds(_ value: Duration) -> String? {
        let range = KeepaliveSettings.secondsRange
        guard value >= .seconds(range.lowerBound), value <= .seconds(range.upperBound) else {
            return "expected whole seconds from \(range.lowerBound)s to \(range.upperBound)s"
        }
        guard value.components.attoseconds == 0 else {
            return "expected whole seconds (the kernel counts keepalive time in seconds)"
        }
        return nil
    }

    /// `TCP_KEEPCNT`.
    static func keepaliveCount(_ value: Int) -> String? {
        KeepaliveSettings.countRange.contains(value) ? nil : countExpectation
    }

    static var countExpectation: String {
        let range = KeepaliveSettings.countRange
        return "expected an integer from \(range.lowerBound) to \(range.upperBound)"
    }

    /// `0s` turns `TCP_USER_TIMEOUT` off, leaving the kernel's retransmission limit in charge.
    static func userTimeout(_ value: Duration) -> String? {
        guard value >= .zero, value <= maximumUserTimeout else {
            return "expected a duration from 0s (off) to \(maximumUserTimeout.milliseconds)ms (about 24.8 days)"
        }
        return nil
    }

    static func connectTimeout(_ value: Duration) -> String? {
        guard value > .zero, value <= maximumConnectTimeout else {
            return "expected a duration greater than 0s and at most \(DurationText.format(maximumConnectTimeout))"
        }
        return nil
    }

    static func reconnectDelay(_ value: Duration) -> String? {
        guard value > .zero, value <= maximumReconnectDelay else {
            return "expected a duration greater than 0s and at most \(DurationText.format(maximumReconnectDelay))"
        }
        return nil
    }

    /// A heartbeat more often than this would be load, not a probe; less often than a day, not monitoring.
    static func heartbeatInterval(_ value: Duration) -> String? {
        guard value >= .milliseconds(100), value <= maximumReconnectDelay else {
            return "expected a duration from 100ms to \(DurationText.format(maximumReconnectDelay))"
        }
        return nil
    }

    static func heartbeatTimeout(_ value: Duration) -> String? {
        guard value >= .milliseconds(10), value <= maximumConnectTimeout else {
            return "expected a duration from 10ms to \(DurationText.format(maximumConnectTimeout))"
        }
        return nil
    }

    static func jitter(_ value: Double) -> String? {
        (0...1).contains(value) ? nil : jitterExpectation
    }

    static let jitterExpectation = "expected a number from 0 to 1"

    /// `value` as a person would write it, without trapping on the absurd values a bare shorthand number can
    /// produce (`DurationText.format` counts in `Int64` milliseconds).
    static func describe(_ value: Duration) -> String {
        let seconds = value.components.seconds
        guard seconds > -1_000_000_000_000, seconds < 1_000_000_000_000 else { return "\(seconds)s" }
        return DurationText.format(value)
    }
}
