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
