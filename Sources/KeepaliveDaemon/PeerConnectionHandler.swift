import KeepaliveCore
import NIOCore

/// What a monitored connection tells whoever watches it (the `PeerDriver`, on the same event loop).
protocol PeerConnectionEvents: AnyObject {
    /// The connection `attempt` is established; false means nobody wants it any more: close it.
    func connectionActive(_ channel: any Channel, attempt: Int, remoteAddress: String?) -> Bool
    /// The peer sent `data`; false means nobody wants the connection any more: close it.
    func received(_ data: ByteBuffer, attempt: Int) -> Bool
    /// The connection ended: the kernel's errno, or the peer's FIN. `socketOpen`: the socket is not closed yet,
    /// so its final TCP_INFO (what the kernel saw at the end) can still be read, synchronously, during this call.
    func connectionLost(_ failure: PeerFailure, socketOpen: Bool, attempt: Int)
}

extension PeerDriver: PeerConnectionEvents {}

/// Sits on one monitored connection and reports its life: that it is up, the bytes the peer sends (handed to the
/// driver, which counts them and matches a heartbeat reply), and its end the moment the kernel reports it, before
/// the socket is closed so that its final TCP_INFO can still be read. It writes nothing itself and sends no
/// probes (the kernel does); the only bytes ever written are an endpoint's configured heartbeat, by the driver.
final class PeerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let attempt: Int
    private let events: any PeerConnectionEvents
    private var failure: PeerFailure?
    /// Whether `events` accepted the connection; only then does it hear of its end.
    private var accepted = false
    /// Whether the end has been reported (once: from the error or FIN, or else when the channel goes inactive).
    private var endReported = false

    init(attempt: Int, events: any PeerConnectionEvents) {
        self.attempt = attempt
        self.events = events
    }

    func channelActive(context: ChannelHandlerContext) {
        let remote = context.channel.remoteAddress.flatMap(Self.describe)
        accepted = events.connectionActive(context.channel, attempt: attempt, remoteAddress: remote)
        guard accepted else {
            // The peer was stopped, or reconnected, while this connect was in flight.
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !events.received(unwrapInboundIn(data), attempt: attempt) {
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            failure = failure ?? PeerFailure(reason: .closed)
            reportEnd(socketOpen: true)
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if failure == nil {
            if let ioError = error as? IOError {
                failure = ErrnoClassifier.connectionFailure(errno: ioError.errnoCode)
            } else {
                failure = PeerFailure(reason: .reset, detail: "\(error)")
            }
            // Reported before the close: the alert should not wait for NIO's teardown of the channel.
            reportEnd(socketOpen: true)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        reportEnd(socketOpen: false)
        context.fireChannelInactive()
    }

    private func reportEnd(socketOpen: Bool) {
        guard accepted, !endReported else { return }
        endReported = true
        events.connectionLost(failure ?? PeerFailure(reason: .closed), socketOpen: socketOpen, attempt: attempt)
    }

    /// `10.0.0.5:5432` or `[fd00::5]:5432`, the way operators write addresses.
    static func describe(_ address: SocketAddress) -> String? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}
