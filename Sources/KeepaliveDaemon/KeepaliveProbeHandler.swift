import Glibc
import KeepaliveCore
import NIOCore

/// Sits on one monitored connection: samples TCP_INFO when the kernel's keepalive timer can have changed
/// something, counts (and drops) whatever the peer sends, and reports the connection's end the moment the
/// kernel reports it. It never writes: the monitor must not disturb the peer's protocol.
final class KeepaliveProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let attempt: Int
    private let reading: KeepaliveReading
    private let inbox: AsyncStream<PeerInput>.Continuation
    private var nextSample: Scheduled<Void>?
    private var failure: PeerFailure?
    private var finalSample: TCPInfoSnapshot?
    /// The probe count of the previous sample, so that a newly seen probe is looked at again one answer time later.
    private var previousProbes = 0

    init(attempt: Int, keepalive: KeepaliveSettings, inbox: AsyncStream<PeerInput>.Continuation) {
        self.attempt = attempt
        self.reading = KeepaliveReading(keepalive: keepalive)
        self.inbox = inbox
    }

    func channelActive(context: ChannelHandlerContext) {
        let remote = context.channel.remoteAddress.flatMap(Self.describe)
        if case .terminated = inbox.yield(.active(attempt: attempt, channel: context.channel, remoteAddress: remote)) {
            // The peer was stopped while this connect was in flight.
            context.close(promise: nil)
            return
        }
        sample(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        if case .terminated = inbox.yield(.received(attempt: attempt, bytes: bytes)) {
            context.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            failure = failure ?? PeerFailure(reason: .closed)
            finalSample = readTCPInfo(context: context)
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
            finalSample = readTCPInfo(context: context)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        nextSample?.cancel()
        nextSample = nil
        let cause = failure ?? PeerFailure(reason: .closed)
        inbox.yield(.lost(attempt: attempt, cause, finalSample: finalSample))
        context.fireChannelInactive()
    }

    private func sample(context: ChannelHandlerContext) {
        guard context.channel.isActive, let snapshot = readTCPInfo(context: context) else { return }
        if case .terminated = inbox.yield(.sampled(attempt: attempt, snapshot)) {
            // The peer was stopped: nobody is listening for this connection any more.
            context.close(promise: nil)
            return
        }
        let delay = reading.nextSample(after: snapshot, previousProbes: previousProbes)
        previousProbes = snapshot.probes
        nextSample = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
            self.sample(context: context)
        }
    }

    /// `getsockopt(TCP_INFO)`; on the event loop NIO answers synchronously, so the value is there at once.
    private func readTCPInfo(context: ChannelHandlerContext) -> TCPInfoSnapshot? {
        guard let provider = context.channel as? any SocketOptionProvider else { return nil }
        var result: TCPInfoSnapshot?
        provider.getTCPInfo().assumeIsolated().whenSuccess { info in
            result = TCPInfoReader.snapshot(info)
        }
        return result
    }

    /// `10.0.0.5:5432` or `[fd00::5]:5432`, the way operators write addresses.
    static func describe(_ address: SocketAddress) -> String? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        if case .v6 = address { return "[\(ip)]:\(port)" }
        return "\(ip):\(port)"
    }
}
