// The parameters of the calls and replies of `org.keepalivemonitor.Monitor` that are not a type of their own.

/// The reply of `ListPeers`.
public struct ListPeersReply: Hashable, Sendable, Codable {
    public var peers: [PeerInfo]

    public init(peers: [PeerInfo]) {
        self.peers = peers
    }
}

/// The reply of `GetPeer`.
public struct GetPeerReply: Hashable, Sendable, Codable {
    public var peer: PeerInfo

    public init(peer: PeerInfo) {
        self.peer = peer
    }
}

/// One reply of `Watch`.
public struct WatchReply: Hashable, Sendable, Codable {
    public var peer: PeerInfo
    /// True for the replies that describe the peers as they were when the watch began.
    public var initial: Bool

    public init(peer: PeerInfo, initial: Bool) {
        self.peer = peer
        self.initial = initial
    }
}

/// The reply of `Reload`.
public struct ReloadResult: Hashable, Sendable, Codable {
    /// Whether the new configuration was accepted; when not, the previous one keeps running.
    public var accepted: Bool
    /// The generation running after the reload.
    public var generation: Int
    /// Why the configuration was rejected, one diagnostic each (`file:line:column: message`).
    public var errors: [String]

    public init(accepted: Bool, generation: Int, errors: [String]) {
        self.accepted = accepted
        self.generation = generation
        self.errors = errors
    }
}

/// The parameters of `GetPeer` and `Reconnect`.
public struct PeerNameParameters: Hashable, Sendable, Codable {
    public var name: String

    public init(name: String) {
        self.name = name
    }
}

/// The parameters of `org.varlink.service.GetInterfaceDescription`.
public struct InterfaceNameParameters: Hashable, Sendable, Codable {
    public var interface: String

    public init(interface: String) {
        self.interface = interface
    }
}

/// The empty parameters of a call or reply: `{}`.
public struct NoParameters: Hashable, Sendable, Codable {
    public init() {}
}
