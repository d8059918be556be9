/// Who is calling, as the kernel vouches for it (`SO_PEERCRED` on the control socket).
public struct CallerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }
}

/// What the daemon provides to the control API; `ControlDispatcher` calls it, and nothing else does.
public protocol MonitorControl: Sendable {
    /// Every peer, in the daemon's order.
    func peers() async -> [PeerInfo]
    /// One peer, or nil when no peer has that name.
    func peer(named name: String) async -> PeerInfo?
    /// Reads the configuration again, as SIGHUP does, and says whether it was accepted.
    func reload() async -> ReloadResult
    /// Drops the peer's connection and connects again now; false when no peer has that name.
    func reconnect(peer name: String) async -> Bool
    func daemonInfo() async -> DaemonInfo
    /// Every change of a peer's state, reason or unanswered probes after this call, until the caller drops the stream.
    func changes() async -> AsyncStream<PeerInfo>
}
