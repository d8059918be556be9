/// The encoded JSON of one reply, without the NUL that the transport adds.
public typealias ReplyBytes = [UInt8]

/// Answers control calls: the whole varlink protocol of the daemon except the socket. It checks each message
/// (JSON, envelope, interface, method, parameters, permission, in that order), asks `MonitorControl`, and
/// encodes the replies. The daemon's server feeds it one complete message at a time.
public struct ControlDispatcher: Sendable {
    /// The longest call accepted, in bytes without the NUL; the transport drops a client that sends more.
    public static let maximumMessageSize = 65536

    private let control: any MonitorControl
    private let privilegedUIDs: Set<UInt32>

    /// `privilegedUIDs` may call `Reload` and `Reconnect`; the daemon passes 0 and its own effective uid.
    public init(control: any MonitorControl, privilegedUIDs: Set<UInt32>) {
        self.control = control
        self.privilegedUIDs = privilegedUIDs
    }

    /// Handles one complete message (the bytes before its NUL), calling `send` with each reply in order. A
    /// `Watch` keeps going until the change stream ends or the task is cancelled (the client left). A `oneway`
    /// call gets no reply at all, not even an error. When `send` throws (the client is gone) it stops at once.
    /// Any input, however malformed, gets a varlink error reply; nothing throws or traps.
    public func handle(
        _ message: [UInt8],
        from caller: CallerCredentials,
        send: (ReplyBytes) async throws -> Void
    ) async {
        let call: VarlinkCall
        do {
            call = try VarlinkCall(parsing: message)
        } catch {
            try? await send(VarlinkMessage.error(error))
            return
        }
        func reply(_ bytes: ReplyBytes) async throws {
            if !call.oneway { try await send(bytes) }
        }
        let request: ControlRequest
        do {
            request = try ControlRequest(call, caller: caller, privilegedUIDs: privilegedUIDs)
        } catch {
            try? await reply(VarlinkMessage.error(error))
            return
        }
        // A oneway Watch: nobody would read the stream.
        if request == .watch && call.oneway { return }
        // Throws only when `send` did: the client is gone, and there is nobody to tell.
        try? await perform(request, reply: reply)
    }

    private func perform(_ request: ControlRequest, reply: (ReplyBytes) async throws -> Void) async throws {
        switch request {
        case .getInfo:
            try await reply(VarlinkMessage.reply(ServiceInterface.info))
        case .getInterfaceDescription(let interface):
            if let definition = ServiceInterface.definitions[interface] {
                try await reply(VarlinkMessage.reply(InterfaceDescription(description: definition)))
            } else {
                try await reply(VarlinkMessage.error(.interfaceNotFound(interface: interface)))
            }
        case .listPeers:
            try await reply(VarlinkMessage.reply(ListPeersReply(peers: await control.peers())))
        case .getPeer(let name):
            if let peer = await control.peer(named: name) {
                try await reply(VarlinkMessage.reply(GetPeerReply(peer: peer)))
            } else {
                try await reply(VarlinkMessage.error(.peerNotFound(name: name)))
            }
        case .watch:
            try await watch(reply: reply)
        case .reload:
            try await reply(VarlinkMessage.reply(await control.reload()))
        case .reconnect(let name):
            if await control.reconnect(peer: name) {
                try await reply(VarlinkMessage.reply(NoParameters()))
            } else {
                try await reply(VarlinkMessage.error(.peerNotFound(name: name)))
            }
        case .getDaemonInfo:
            try await reply(VarlinkMessage.reply(await control.daemonInfo()))
        }
    }

    private func watch(reply: (ReplyBytes) async throws -> Void) async throws {
        // Subscribe before taking the snapshot: a change in between is then sent twice rather than lost.
        let changes = await control.changes()
        for peer in await control.peers() {
            try Task.checkCancellation()
            try await reply(VarlinkMessage.reply(WatchReply(peer: peer, initial: true), continues: true))
        }
        // Ends when the daemon finishes the stream or this task is cancelled.
        for await peer in changes {
            try await reply(VarlinkMessage.reply(WatchReply(peer: peer, initial: false), continues: true))
        }
    }
}
