/// Running totals for one peer, for the status and the control API.
public struct PeerCounters: Hashable, Sendable {
    /// Connect attempts after the first.
    public var reconnects: Int = 0
    /// Times the peer went down, by reason.
    public var downs: [DownReason: Int] = [:]
    /// Bytes the peer sent us; counted, never interpreted.
    public var bytesReceived: Int = 0

    public init() {}
}
