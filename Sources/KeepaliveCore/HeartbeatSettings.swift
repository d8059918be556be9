/// An application heartbeat for one endpoint: `request` written to the connection every `interval`, and a reply
/// that must start with `expectedReply` within `timeout` of the write. Kernel keepalive proves that the peer's
/// kernel is alive; this proves that its application answers (Redis `PING` → `+PONG`, memcached `version` →
/// `VERSION`, a one-byte 0x01 → 0x41).
public struct HeartbeatSettings: Hashable, Sendable {
    /// The bytes written, as they are (never empty).
    public var request: [UInt8]
    /// What the reply must start with; empty accepts any reply.
    public var expectedReply: [UInt8]
    /// From one request to the next, counted from when the previous one was written.
    public var interval: Duration
    /// How long after its write a request may wait for its reply.
    public var timeout: Duration

    public init(request: [UInt8], expectedReply: [UInt8], interval: Duration, timeout: Duration) {
        self.request = request
        self.expectedReply = expectedReply
        self.interval = interval
        self.timeout = timeout
    }

    /// `interval` and `timeout` when an endpoint sets a heartbeat but not these.
    public static let defaultInterval: Duration = .seconds(10)
    public static let defaultTimeout: Duration = .seconds(1)
}
