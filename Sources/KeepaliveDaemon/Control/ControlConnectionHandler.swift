import KeepaliveControl
import Logging
import NIOCore

/// One control client: its messages are answered one at a time, in order, by the dispatcher; a client that
/// sends nothing (or half a message) while no call is running is dropped after `idleTimeout`; a client that
/// leaves mid-stream ends its call. A client that shuts down its sending side (`socat`, `nc -N`, a script's
/// `shutdown(SHUT_WR)`) has every call it completed before that answered, in order, and the connection closed
/// after the last reply; a `Watch` among them streams until the client closes its end or a write to it fails.
/// Nothing a client does can stall the event loop or another client.
final class ControlConnectionHandler: ChannelInboundHandler {
    /// One message, framed by `VarlinkFrameDecoder`.
    typealias InboundIn = [UInt8]

    private let dispatcher: ControlDispatcher
    private let idleTimeout: TimeAmount
    private let logger: Logger
    private var caller = CallerCredentials(pid: 0, uid: .max, gid: .max)
    private var pending: [[UInt8]] = []
    private var running: Task<Void, Never>?
    private var idleClose: Scheduled<Void>?
    /// The client shut down its sending side: no call will follow those already pending.
    private var inputClosed = false
    /// Calls a client may queue behind a running one (varlink allows pipelining); beyond this it is dropped, so
    /// a client streaming calls during a Watch cannot grow the daemon's memory.
    static let maximumQueuedCalls = 16

    init(dispatcher: ControlDispatcher, idleTimeout: TimeAmount, logger: Logger) {
        self.dispatcher = dispatcher
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        if let credentials = CallerCredentialsReader.read(context.channel) {
            caller = credentials
        }
        armIdleClose(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        guard pending.count < Self.maximumQueuedCalls else {
            logger.notice(
                "Control client queued more than \(Self.maximumQueuedCalls) calls; closing its connection",
                metadata: ["CALLER_PID": "\(caller.pid)", "CALLER_UID": "\(caller.uid)"])
            context.close(promise: nil)
            return
        }
        pending.append(message)
        idleClose?.cancel()
        idleClose = nil
        runNext(context: context)
    }

    /// Needs the channel option `allowRemoteHalfClosure`; without it NIO closes the whole connection at the
    /// client's EOF, before the calls that preceded it have been answered.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event as? ChannelEvent == .inputClosed else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        inputClosed = true
        idleClose?.cancel()
        idleClose = nil
        if running == nil && pending.isEmpty {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleClose?.cancel()
        running?.cancel()
        pending.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let tooLarge = error as? VarlinkFrameDecoder.MessageTooLarge {
            logger.notice(
                "Control client sent a message over \(tooLarge.limit) bytes; closing its connection",
                metadata: ["CALLER_PID": "\(caller.pid)", "CALLER_UID": "\(caller.uid)"])
        }
        context.close(promise: nil)
    }

    private func runNext(context: ChannelHandlerContext) {
        guard running == nil, !pending.isEmpty else { return }
        let message = pending.removeFirst()
        let channel = context.channel
        let loop = context.eventLoop
        let dispatcher = self.dispatcher
        let caller = self.caller
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        running = Task {
            await dispatcher.handle(message, from: caller) { reply in
                try await ControlConnectionHandler.send(reply, on: channel)
            }
            loop.execute {
                let (handler, context) = bound.value
                handler.running = nil
                guard context.channel.isActive else { return }
                if !handler.pending.isEmpty {
                    handler.runNext(context: context)
                } else if handler.inputClosed {
                    context.close(promise: nil)
                } else {
                    handler.armIdleClose(context: context)
                }
            }
        }
    }

    /// Replies are written in slices of at most this many bytes.
    static let writeSliceSize = 256 << 10

    /// Writes `reply` and its NUL one slice at a time, each once the previous one is in the kernel: a ListPeers
    /// reply of megabytes is not copied whole into a second buffer, and a client that reads slowly holds one slice
    /// of the daemon's memory, not all of it.
    private static func send(_ reply: ReplyBytes, on channel: any Channel) async throws {
        var offset = 0
        repeat {
            let end = min(offset + writeSliceSize, reply.count)
            let isLast = end == reply.count
            var buffer = channel.allocator.buffer(capacity: end - offset + (isLast ? 1 : 0))
            buffer.writeBytes(reply[offset..<end])
            if isLast { buffer.writeInteger(UInt8(0)) }
            try await channel.writeAndFlush(buffer)
            offset = end
        } while offset < reply.count
    }

    private func armIdleClose(context: ChannelHandlerContext) {
        idleClose?.cancel()
        idleClose = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) {
            context.close(promise: nil)
        }
    }
}
