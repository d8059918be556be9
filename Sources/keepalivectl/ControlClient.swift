import KeepaliveControl

/// Calls `org.keepalivemonitor.Monitor` over the control socket, one connection per call.
struct ControlClient: Sendable {
    static let defaultTimeout: Duration = .seconds(5)
    /// Replies can be far larger than calls: `ListPeers` with hundreds of peers.
    static let maximumReplySize = 16 << 20

    var socketPath: String
    /// How long to wait for the connect and for each reply (except `Watch`'s).
    var timeout: Duration = defaultTimeout

    func listPeers() throws(ClientError) -> [PeerInfo] {
        try call(.listPeers, parameters: NoParameters(), as: ListPeersReply.self).peers
    }

    func peer(named name: String) throws(ClientError) -> PeerInfo {
        try call(.getPeer, parameters: PeerNameParameters(name: name), as: GetPeerReply.self).peer
    }

    func reload() throws(ClientError) -> ReloadResult {
        try call(.reload, parameters: NoParameters(), as: ReloadResult.self)
    }

    func reconnect(peer name: String) throws(ClientError) {
        _ = try call(.reconnect, parameters: PeerNameParameters(name: name), as: NoParameters.self)
    }

    func daemonInfo() throws(ClientError) -> DaemonInfo {
        try call(.getDaemonInfo, parameters: NoParameters(), as: DaemonInfo.self)
    }

    /// Calls `Watch` and hands every reply to `body` as it arrives, until the daemon ends the stream.
    func watch(_ body: (WatchReply) -> Void) throws(ClientError) {
        let method = MonitorInterface.Method.watch
        let socket = try ControlSocket(connectingTo: socketPath, timeout: timeout)
        try socket.send(VarlinkMessage.call(method.qualifiedName, more: true))
        try socket.waitWithoutTimeout()
        var decoder = VarlinkFrameDecoder(maximumMessageSize: Self.maximumReplySize)
        while true {
            let (reply, continues) = try Self.decode(try socket.receive(&decoder), method: method, as: WatchReply.self)
            body(reply)
            if !continues {
                throw ClientError(code: .disconnected, message: "keepalive-monitor ended the watch")
            }
        }
    }

    private func call<Parameters: Encodable, Reply: Decodable>(
        _ method: MonitorInterface.Method,
        parameters: Parameters,
        as type: Reply.Type
    ) throws(ClientError) -> Reply {
        let socket = try ControlSocket(connectingTo: socketPath, timeout: timeout)
        try socket.send(VarlinkMessage.call(method.qualifiedName, parameters: parameters))
        var decoder = VarlinkFrameDecoder(maximumMessageSize: Self.maximumReplySize)
        return try Self.decode(try socket.receive(&decoder), method: method, as: type).reply
    }

    private static func decode<Reply: Decodable>(
        _ message: [UInt8],
        method: MonitorInterface.Method,
        as type: Reply.Type
    ) throws(ClientError) -> (reply: Reply, continues: Bool) {
        let decoded: VarlinkReply<Reply>
        do {
            decoded = try VarlinkMessage.decodeReply(message, as: type)
        } catch {
            throw ClientError(
                code: .badReply, message: "keepalive-monitor's reply to \(method.rawValue) is not understood: \(error)")
        }
        switch decoded {
        case .parameters(let reply, let continues):
            return (reply, continues)
        case .error(let error):
            throw ClientError(error, method: method.qualifiedName)
        }
    }
}
