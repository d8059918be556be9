import Glibc
import KeepaliveCore
import NIOCore
import NIOPosix
import Testing

@testable import KeepaliveDaemon

/// Finding a NIO channel's socket, on a real loopback connection: the descriptor is proven by its addresses, and
/// TCP_INFO read through it is the kernel's.
@Suite("ConnectionDescriptor")
struct ConnectionDescriptorTests {
    @Test("A connected channel's descriptor is found, proven, and reads TCP_INFO like NIO does")
    func realConnection() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let client = try await ClientBootstrap(group: group).connect(to: try #require(server.localAddress)).get()
        defer {
            client.close(promise: nil)
            server.close(promise: nil)
        }
        let found = try await client.eventLoop.submit { ConnectionDescriptor(of: client) }.get()
        let descriptor = try #require(found, "\(client)")
        let direct = try await client.eventLoop.submit { descriptor.readTCPInfo() }.get()
        let snapshot = try #require(direct)
        #expect(snapshot.stateName == "ESTABLISHED")
        let viaNIO = try await (client as! any SocketOptionProvider).getTCPInfo().get()
        #expect(Int(viaNIO.tcpi_state) == Int(snapshot.state))
        #expect(Int(viaNIO.tcpi_probes) == snapshot.probes)
    }

    @Test("A description without a descriptor, or with one that is not this channel's, proves nothing")
    func unproven() {
        #expect(ConnectionDescriptor.announcedDescriptor(in: "SocketChannel { BaseSocket { fd=17 }, active = true }") == 17)
        #expect(ConnectionDescriptor.announcedDescriptor(in: "EmbeddedChannel") == nil)
        #expect(ConnectionDescriptor.announcedDescriptor(in: "fd=") == nil)
    }
}
