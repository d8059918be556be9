/// One heartbeat request at a time on one connection: when it was written and what has come back so far. Plain
/// data, no clock: the caller passes every instant.
public struct HeartbeatExchange: Hashable, Sendable {
    /// What the bytes that came back say about the request in flight.
    public enum Outcome: Hashable, Sendable {
        /// The reply began as expected, `rtt` after the request was written.
        case answered(rtt: Duration)
        /// The reply differs from what was expected; `got` holds the bytes that came back, up to and including
        /// the first that differs (at most `expectedReply.count` of them).
        case wrongReply(got: [UInt8])
    }

    public let settings: HeartbeatSettings
    /// When the request in flight was written; nil while none is.
    public private(set) var sentAt: MonotonicInstant?
    /// The round trip of the latest answered request.
    public private(set) var latestRTT: Duration?
    private var reply: [UInt8] = []

    public init(settings: HeartbeatSettings) {
        self.settings = settings
    }

    public var isAwaitingReply: Bool { sentAt != nil }

    /// The request was written at `now`.
    public mutating func sent(at now: MonotonicInstant) {
        sentAt = now
        reply = []
    }

    /// Bytes from the peer. Nil while the reply is still incomplete, or when no request is in flight (bytes the
    /// peer sends on its own, or the rest of a reply already judged, are not the heartbeat's business).
    public mutating func received(_ bytes: some Sequence<UInt8>, at now: MonotonicInstant) -> Outcome? {
        guard let sentAt else { return nil }
        let expected = settings.expectedReply
        var any = false
        for byte in bytes {
            any = true
            guard reply.count < expected.count else { break }
            reply.append(byte)
            if byte != expected[reply.count - 1] {
                self.sentAt = nil
                return .wrongReply(got: reply)
            }
        }
        guard reply.count == expected.count, any || !expected.isEmpty else { return nil }
        let rtt = now - sentAt
        self.sentAt = nil
        latestRTT = rtt
        return .answered(rtt: rtt)
    }

    /// The connection ended or was replaced: whatever was in flight is forgotten (the latest RTT stays).
    public mutating func reset() {
        sentAt = nil
        reply = []
    }
}
