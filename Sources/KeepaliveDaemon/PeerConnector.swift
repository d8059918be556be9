import Glibc
import KeepaliveCore
import NIOCore
import NIOPosix

/// Opens the monitored connection for one endpoint: kernel keepalive and `TCP_USER_TIMEOUT` set on the socket
/// before it connects, names resolved afresh on every attempt (NIO offloads getaddrinfo from the event loop).
struct PeerConnector: Sendable {
    let group: any EventLoopGroup

    func connect(
        _ endpoint: EndpointConfig,
        attempt: Int,
        inbox: AsyncStream<PeerInput>.Continuation
    ) -> EventLoopFuture<any Channel> {
        let keepalive = endpoint.keepalive
        var bootstrap = ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPIDLE)), value: .init(keepalive.idle.components.seconds))
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPINTVL)), value: .init(keepalive.interval.components.seconds))
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPCNT)), value: .init(keepalive.count))
            // FIN arrives as an event instead of a silent close, so `closed` can be told apart from `reset`.
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connectTimeout(TimeAmount(endpoint.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = KeepaliveProbeHandler(attempt: attempt, keepalive: keepalive, inbox: inbox)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        if endpoint.userTimeout > .zero {
            bootstrap = bootstrap.channelOption(
                .tcpOption(.init(rawValue: CInt(TCP_USER_TIMEOUT))),
                value: .init(endpoint.userTimeout.milliseconds))
        }
        let address = endpoint.address
        switch address.kind {
        case .ipv4, .ipv6:
            do {
                return bootstrap.connect(to: try SocketAddress(ipAddress: address.host, port: address.port))
            } catch {
                return group.next().makeFailedFuture(error)
            }
        case .dnsName:
            return bootstrap.connect(host: address.host, port: address.port)
        }
    }
}
