import Glibc
import KeepaliveCore
import NIOCore
import NIOPosix

/// Opens the monitored connection for one endpoint: kernel keepalive and `TCP_USER_TIMEOUT` set on the socket
/// before it connects, names resolved afresh on every attempt (by `NameLookups`, off the event loop, within
/// `connect_timeout`; the connect then has its own `connect_timeout`).
/// The connection lives on the driver's own loop, so that its events reach the driver without a hop. Each
/// attempt holds a descriptor of `descriptors` until its socket is closed.
struct PeerConnector: Sendable {
    let descriptors: DescriptorBudget
    let lookups: NameLookups

    func connect(
        _ endpoint: EndpointConfig,
        on loop: any EventLoop,
        attempt: Int,
        driver: PeerDriver
    ) -> EventLoopFuture<any Channel> {
        if let exhausted = descriptors.acquire() {
            return loop.makeFailedFuture(exhausted)
        }
        let connecting = open(endpoint, on: loop, attempt: attempt, driver: driver)
        let descriptors = self.descriptors
        connecting.whenComplete { result in
            switch result {
            case .success(let channel): channel.closeFuture.whenComplete { _ in descriptors.release() }
            case .failure: descriptors.release()
            }
        }
        return connecting
    }

    private func open(
        _ endpoint: EndpointConfig,
        on loop: any EventLoop,
        attempt: Int,
        driver: PeerDriver
    ) -> EventLoopFuture<any Channel> {
        let keepalive = endpoint.keepalive
        var bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPIDLE)), value: .init(keepalive.idle.components.seconds))
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPINTVL)), value: .init(keepalive.interval.components.seconds))
            .channelOption(.tcpOption(.init(rawValue: TCP_KEEPCNT)), value: .init(keepalive.count))
            // FIN arrives as an event instead of a silent close, so `closed` can be told apart from `reset`.
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connectTimeout(TimeAmount(endpoint.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = PeerConnectionHandler(attempt: attempt, events: driver)
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
                return loop.makeFailedFuture(error)
            }
        case .dnsName:
            // Resolved here, not by NIO, so that a silent name server costs this endpoint only (`NameLookups`).
            let connectBootstrap = bootstrap
            // The lookup completes on `loop`, where the bootstrap was made: no hop, so it need not be Sendable.
            return lookups.resolve(host: address.host, port: address.port, timeout: endpoint.connectTimeout, on: loop)
                .assumeIsolated()
                .flatMap { addresses in
                    connectBootstrap.resolver(ResolvedAddresses(addresses: addresses, loop: loop))
                        .connect(host: address.host, port: address.port)
                }
                .nonisolated()
        }
    }
}
