/// The kernel keepalive parameters of one socket: `TCP_KEEPIDLE`, `TCP_KEEPINTVL` and `TCP_KEEPCNT`.
///
/// The kernel counts idle and interval in whole seconds, so both are whole seconds here too.
public struct KeepaliveSettings: Hashable, Sendable {
    /// Silence after the last packet before the first probe (`TCP_KEEPIDLE`).
    public var idle: Duration
    /// Time between unanswered probes (`TCP_KEEPINTVL`).
    public var interval: Duration
    /// Unanswered probes before the kernel declares the peer dead (`TCP_KEEPCNT`).
    public var count: Int

    /// The kernel's accepted range for `TCP_KEEPIDLE` and `TCP_KEEPINTVL`, in seconds.
    public static let secondsRange: ClosedRange<Int64> = 1...32767
    /// The kernel's accepted range for `TCP_KEEPCNT`.
    public static let countRange: ClosedRange<Int> = 1...127

    public init(idle: Duration, interval: Duration, count: Int) {
        self.idle = idle
        self.interval = interval
        self.count = count
    }

    /// The soonest the kernel can give up on a silent peer, counted from the last ACK it received.
    public var deadline: Duration { idle + interval * count }

    /// `idle:interval:count` as written in the nginx-style shorthand and in the `TCP_KEEPALIVE` journal field.
    public var shorthand: String {
        "\(DurationText.format(idle)):\(DurationText.format(interval)):\(count)"
    }
}

/// What an `idle:interval:count` shorthand asks for; an empty field keeps whatever the caller falls back to.
public struct KeepaliveShorthand: Hashable, Sendable {
    public var idle: Duration?
    public var interval: Duration?
    public var count: Int?

    public init(idle: Duration? = nil, interval: Duration? = nil, count: Int? = nil) {
        self.idle = idle
        self.interval = interval
        self.count = count
    }

    /// Parses `30s:5s:3`, `30m::10` or `1:1:3`. As in nginx, a bare number for idle or interval means seconds.
    /// Throws a sentence that says what was expected; range checks are the validator's job.
    public static func parse(_ text: String) throws(ShorthandError) -> KeepaliveShorthand {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw ShorthandError(message: "expected IDLE:INTERVAL:COUNT such as \"30s:5s:3\", found \"\(text)\"")
        }
        func duration(_ field: Substring, _ name: String) throws(ShorthandError) -> Duration? {
            if field.isEmpty { return nil }
            if let seconds = Int64(field) { return .seconds(seconds) }
            if let parsed = DurationText.parse(String(field)) { return parsed }
            throw ShorthandError(message: "\(name) in \"\(text)\" is not a duration (write e.g. 30s or 5m)")
        }
        var result = KeepaliveShorthand()
        result.idle = try duration(fields[0], "idle")
        result.interval = try duration(fields[1], "interval")
        if !fields[2].isEmpty {
            guard let count = Int(fields[2]) else {
                throw ShorthandError(message: "count in \"\(text)\" is not a whole number")
            }
            result.count = count
        }
        return result
    }
}

/// Why a keepalive shorthand could not be read.
public struct ShorthandError: Error, Hashable, Sendable {
    public var message: String
}
