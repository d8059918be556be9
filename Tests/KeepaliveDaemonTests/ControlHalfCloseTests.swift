import KeepaliveControl
import KeepaliveCore
import Logging
import NIOCore
import NIOEmbedded
import Synchronization
import KeepaliveTestSupport
import Testing

@testable import KeepaliveDaemon

/// The control connection's handler when the client shuts down its sending side after its calls (`socat`,
/// `nc -N`, `shutdown(SHUT_WR)`): every complete call is answered, in order, and only then is the connection
/// closed; a Watch goes on streaming. On NIO's thread-safe testing channel, because the dispatcher answers from
/// a task off the event loop.
@Suite("Control connection: a client that half-closes")
struct ControlHalfCloseTests {
    /// Just enough daemon: one peer, and a change stream the test drives.
    final class Monitor: MonitorControl {
        private let subscribers = Mutex<[AsyncStream<PeerInfo>.Continuation]>([])

        func peers() async -> [PeerInfo] { [Self.peer(.up)] }
        func peer(named name: String) async -> PeerInfo? { name == "db" ? Self.peer(.up) : nil }
        func reload() async -> ReloadResult { ReloadResult(accepted: true, generation: 2, errors: []) }
        func reconnect(peer name: String) async -> Bool { false }
        func daemonInfo() async -> DaemonInfo {
            DaemonInfo(
                startedUsec: 0, uptimeUsec: 0, configPath: nil, generation: 1, peers: 1,
                counts: DaemonInfo.Counts(connecting: 0, up: 1, suspect: 0, down: 0))
        }

        func changes() async -> AsyncStream<PeerInfo> {
            let (stream, continuation) = AsyncStream.makeStream(of: PeerInfo.self)
            subscribers.withLock { $0.append(continuation) }
            return stream
        }

        func publish(_ peer: PeerInfo) {
            subscribers.withLock { $0.forEach { $0.yield(peer) } }
        }

        func finishChanges() {
            subscribers.withLock { $0.forEach { $0.finish() } }
        }

        static func peer(_ state: PeerState) -> PeerInfo {
            PeerInfo(
                name: "db", address: "10.0.0.5:5432", resolvedAddress: nil, state: state,
                reason: state == .down ? .halfOpen : nil, sinceUsec: 0, probesUnanswered: 0,
                keepalive: PeerInfo.Keepalive(idleSec: 10, intervalSec: 5, count: 3, userTimeoutMs: 25_000),
                tcpInfo: nil, counters: PeerInfo.Counters(reconnects: 0, bytesReceived: 0, down: .init()))
        }
    }

    /// A connected channel with the server's pipeline: NUL framing, then the connection handler.
    static func channel(_ monitor: Monitor) async throws -> NIOAsyncTestingChannel {
        let channel = NIOAsyncTestingChannel()
        let dispatcher = ControlDispatcher(control: monitor, privilegedUIDs: [0])
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: ControlDispatcher.maximumMessageSize)))
            try channel.pipeline.syncOperations.addHandler(
                ControlConnectionHandler(
                    dispatcher: dispatcher, idleTimeout: .seconds(60),
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        }
        try await channel.connect(to: SocketAddress(unixDomainSocketPath: "/control.socket")).get()
        return channel
    }

    static func halfClose(_ channel: NIOAsyncTestingChannel) async throws {
        try await channel.testingEventLoop.executeInContext {
            channel.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        }
    }

    /// The next reply written to the client, without its NUL.
    static func reply(_ channel: NIOAsyncTestingChannel) async throws -> String {
        let text = String(buffer: try await channel.waitForOutboundWrite(as: ByteBuffer.self))
        #expect(text.hasSuffix("\0"))
        return String(text.dropLast())
    }

    /// Whether the channel closes within `timeout` (the replies come from a task, so not at once).
    static func closes(_ channel: NIOAsyncTestingChannel, within timeout: Duration = .seconds(20)) async -> Bool {
        await eventually(timeout: timeout) { !channel.isActive }
    }

    @Test("Calls sent before EOF are answered, in order, then the connection closes; a trailing fragment is no call")
    func answeredThenClosed() async throws {
        let channel = try await Self.channel(Monitor())
        try await channel.writeInbound(ByteBuffer(string: """
            {"method":"org.varlink.service.GetInfo"}\0\
            {"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"nope"}}\0\
            {"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"db"}}\0\
            {"method":"org.varlink
            """))
        try await Self.halfClose(channel)
        #expect(try await Self.reply(channel).contains(#""product":"keepalive-monitor""#))
        #expect(try await Self.reply(channel).contains(#""error":"org.keepalivemonitor.Monitor.PeerNotFound""#))
        #expect(try await Self.reply(channel).contains(#""name":"db""#))
        #expect(await Self.closes(channel))
        #expect(try await channel.readOutbound(as: ByteBuffer.self) == nil)
    }

    @Test("A client that half-closes with nothing pending is closed at once")
    func nothingPending() async throws {
        let channel = try await Self.channel(Monitor())
        try await channel.writeInbound(ByteBuffer(string: #"{"method":"org.varlink.service.GetInfo"}"# + "\0"))
        _ = try await Self.reply(channel)
        #expect(channel.isActive, "without EOF the connection stays for the next call")
        try await Self.halfClose(channel)
        #expect(await Self.closes(channel))
    }

    @Test("A Watch goes on streaming after the client half-closed, and the connection closes when it ends")
    func watchStreams() async throws {
        let monitor = Monitor()
        let channel = try await Self.channel(monitor)
        try await channel.writeInbound(
            ByteBuffer(string: #"{"method":"org.keepalivemonitor.Monitor.Watch","more":true}"# + "\0"))
        try await Self.halfClose(channel)
        // The dispatcher subscribes before it sends the initial state: a change from now on is streamed.
        #expect(try await Self.reply(channel).contains(#""initial":true"#))
        monitor.publish(Monitor.peer(.down))
        let change = try await Self.reply(channel)
        #expect(change.contains(#""initial":false"#) && change.contains(#""reason":"half-open""#), "\(change)")
        #expect(channel.isActive)
        monitor.finishChanges()
        #expect(await Self.closes(channel))
    }
}
