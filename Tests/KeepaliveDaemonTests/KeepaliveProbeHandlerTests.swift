import KeepaliveCore
import NIOCore
import NIOEmbedded
import Testing

@testable import KeepaliveDaemon

/// The handler on one monitored connection, driven event by event. (TCP_INFO needs a real socket: the kernel
/// tests cover sampling; these cover what the handler reports and when it closes.)
@Suite("KeepaliveProbeHandler")
struct KeepaliveProbeHandlerTests {
    let keepalive = KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 3)

    /// A connected embedded channel whose handler reports into a fresh inbox.
    func connected() throws -> (EmbeddedChannel, AsyncStream<PeerInput>.Iterator) {
        let (stream, inbox) = AsyncStream.makeStream(of: PeerInput.self)
        let channel = EmbeddedChannel(handler: KeepaliveProbeHandler(attempt: 7, keepalive: keepalive, inbox: inbox))
        try channel.connect(to: SocketAddress(ipAddress: "10.0.0.5", port: 5432)).wait()
        return (channel, stream.makeAsyncIterator())
    }

    @Test("Connecting reports the connection with its attempt number and the peer's address")
    func active() async throws {
        var (channel, inputs) = try connected()
        guard case .active(let attempt, _, let remote) = await inputs.next() else {
            Issue.record("expected .active")
            return
        }
        #expect(attempt == 7)
        #expect(remote == "10.0.0.5:5432")
        _ = try? channel.finish()
    }

    @Test("Bytes from the peer are counted, never answered")
    func received() async throws {
        var (channel, inputs) = try connected()
        _ = await inputs.next()
        try channel.writeInbound(ByteBuffer(string: "hello"))
        guard case .received(_, let bytes) = await inputs.next() else {
            Issue.record("expected .received")
            return
        }
        #expect(bytes == 5)
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test("The kernel's errno ends the connection with its reason, at once", arguments: [
        (Int32(110), DownReason.halfOpen), (104, .reset), (113, .unreachable),
    ])
    func kernelError(errno: Int32, reason: DownReason) async throws {
        var (channel, inputs) = try connected()
        _ = await inputs.next()
        channel.pipeline.fireErrorCaught(IOError(errnoCode: errno, reason: "read"))
        #expect(!channel.isActive)
        guard case .lost(7, let failure, _) = await inputs.next() else {
            Issue.record("expected .lost")
            return
        }
        #expect(failure == PeerFailure(reason: reason, errno: errno))
    }

    @Test("FIN from the peer is closed")
    func finIsClosed() async throws {
        var (channel, inputs) = try connected()
        _ = await inputs.next()
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(!channel.isActive)
        guard case .lost(_, let failure, _) = await inputs.next() else {
            Issue.record("expected .lost")
            return
        }
        #expect(failure == PeerFailure(reason: .closed))
    }

    @Test("A connect that completes after its peer was stopped is closed at once")
    func lateConnectOfStoppedPeer() throws {
        let (_, inbox) = AsyncStream.makeStream(of: PeerInput.self)
        inbox.finish()
        let channel = EmbeddedChannel(handler: KeepaliveProbeHandler(attempt: 1, keepalive: keepalive, inbox: inbox))
        try channel.connect(to: SocketAddress(ipAddress: "10.0.0.5", port: 5432)).wait()
        #expect(!channel.isActive)
    }

    @Test("Data from a peer whose runner has stopped closes the connection")
    func readAfterStop() throws {
        let (stream, inbox) = AsyncStream.makeStream(of: PeerInput.self)
        try withExtendedLifetime(stream) {
            let channel = EmbeddedChannel(handler: KeepaliveProbeHandler(attempt: 2, keepalive: keepalive, inbox: inbox))
            try channel.connect(to: SocketAddress(ipAddress: "10.0.0.5", port: 5432)).wait()
            #expect(channel.isActive)
            // The runner finishes its inbox when it stops.
            inbox.finish()
            try channel.writeInbound(ByteBuffer(string: "late"))
            #expect(!channel.isActive)
        }
    }
}
