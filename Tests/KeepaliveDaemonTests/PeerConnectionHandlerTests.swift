import KeepaliveCore
import NIOCore
import NIOEmbedded
import Testing

@testable import KeepaliveDaemon

/// The handler on one monitored connection, driven event by event. (TCP_INFO needs a real socket: the kernel
/// tests cover sampling; these cover what the handler reports and when it closes.)
@Suite("PeerConnectionHandler")
struct PeerConnectionHandlerTests {
    /// Stands in for the peer's driver: records what it hears, and can refuse the connection.
    final class RecordedEvents: PeerConnectionEvents {
        enum Event: Equatable {
            case active(attempt: Int, remoteAddress: String?)
            case received(attempt: Int, bytes: Int)
            case lost(attempt: Int, PeerFailure, socketOpen: Bool)
        }

        var events: [Event] = []
        var wanted = true

        func connectionActive(_ channel: any Channel, attempt: Int, remoteAddress: String?) -> Bool {
            events.append(.active(attempt: attempt, remoteAddress: remoteAddress))
            return wanted
        }

        func received(_ data: ByteBuffer, attempt: Int) -> Bool {
            events.append(.received(attempt: attempt, bytes: data.readableBytes))
            return wanted
        }

        func connectionLost(_ failure: PeerFailure, socketOpen: Bool, attempt: Int) {
            events.append(.lost(attempt: attempt, failure, socketOpen: socketOpen))
        }
    }

    /// A connected embedded channel whose handler reports to `events`.
    func connected(_ events: RecordedEvents, attempt: Int = 7) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel(handler: PeerConnectionHandler(attempt: attempt, events: events))
        try channel.connect(to: SocketAddress(ipAddress: "10.0.0.5", port: 5432)).wait()
        return channel
    }

    @Test("Connecting reports the connection with its attempt number and the peer's address")
    func active() throws {
        let events = RecordedEvents()
        let channel = try connected(events)
        #expect(events.events == [.active(attempt: 7, remoteAddress: "10.0.0.5:5432")])
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test("Bytes from the peer are counted, never answered")
    func received() throws {
        let events = RecordedEvents()
        let channel = try connected(events)
        try channel.writeInbound(ByteBuffer(string: "hello"))
        #expect(events.events.last == .received(attempt: 7, bytes: 5))
        #expect(try channel.readOutbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test("The kernel's errno ends the connection with its reason, at once", arguments: [
        (Int32(110), DownReason.halfOpen), (104, .reset), (113, .unreachable),
    ])
    func kernelError(errno: Int32, reason: DownReason) throws {
        let events = RecordedEvents()
        let channel = try connected(events)
        channel.pipeline.fireErrorCaught(IOError(errnoCode: errno, reason: "read"))
        #expect(!channel.isActive)
        // Reported while the socket is still open, so that the driver can read the kernel's last TCP_INFO.
        #expect(events.events.last == .lost(attempt: 7, PeerFailure(reason: reason, errno: errno), socketOpen: true))
    }

    @Test("FIN from the peer is closed")
    func finIsClosed() throws {
        let events = RecordedEvents()
        let channel = try connected(events)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(!channel.isActive)
        #expect(events.events.last == .lost(attempt: 7, PeerFailure(reason: .closed), socketOpen: true))
    }

    @Test("A connection closed without an error or FIN ends as closed, reported once, with the socket already gone")
    func closedWithoutCause() throws {
        let events = RecordedEvents()
        let channel = try connected(events)
        try channel.close().wait()
        let losses = events.events.filter { if case .lost = $0 { true } else { false } }
        #expect(losses == [.lost(attempt: 7, PeerFailure(reason: .closed), socketOpen: false)])
    }

    @Test("A connect that completes after its peer was stopped is closed at once, and its end is not reported")
    func lateConnectOfStoppedPeer() throws {
        let events = RecordedEvents()
        events.wanted = false
        let channel = try connected(events, attempt: 1)
        #expect(!channel.isActive)
        #expect(events.events == [.active(attempt: 1, remoteAddress: "10.0.0.5:5432")])
    }

    @Test("Data from a peer whose driver has stopped closes the connection")
    func readAfterStop() throws {
        let events = RecordedEvents()
        let channel = try connected(events, attempt: 2)
        #expect(channel.isActive)
        events.wanted = false
        try channel.writeInbound(ByteBuffer(string: "late"))
        #expect(!channel.isActive)
    }
}
