import KeepaliveCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// The optional Prometheus listener: HTTP/1 on the daemon's own event loops, serving `GET /metrics`.
public final class MetricsServer: Sendable {
    /// A failure to bind the listener, with the errno for `sd_notify`'s `ERRNO=`.
    public struct SetupError: Error, CustomStringConvertible {
        public var message: String
        public var errno: Int32
        public var description: String { message }
    }

    private let channel: any Channel

    /// Where it listens, `ADDRESS:PORT` (the port the kernel chose when 0 was asked for).
    public let description: String
    /// The bound port.
    public let port: Int

    private init(channel: any Channel) {
        self.channel = channel
        port = channel.localAddress?.port ?? 0
        let host = channel.localAddress?.ipAddress ?? "?"
        // A Character, not a String: `contains(String)` is Foundation's, and links ICU into the daemon.
        description = host.contains(Character(":")) ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Binds `address` and serves what `scrape` writes as `contentType` on `GET /metrics`.
    public static func start(
        address: EndpointAddress,
        group: any EventLoopGroup,
        contentType: String,
        scrape: @escaping @Sendable (ByteBufferAllocator) async -> ByteBuffer
    ) async throws(SetupError) -> MetricsServer {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        MetricsHTTPHandler(contentType: contentType, scrape: scrape))
                }
            }
        do {
            let channel = try await bootstrap.bind(to: SocketAddress(ipAddress: address.host, port: address.port)).get()
            return MetricsServer(channel: channel)
        } catch {
            throw SetupError(
                message: "cannot listen for metrics on \(address): \(error) (set [metrics] listen or --metrics-listen)",
                errno: (error as? IOError)?.errnoCode ?? 5)
        }
    }

    /// Stops listening.
    public func close() async {
        try? await channel.close()
    }
}
