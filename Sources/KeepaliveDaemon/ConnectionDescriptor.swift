import Glibc
import KeepaliveCore
import NIOCore

/// The file descriptor of a monitored connection, so that TCP_INFO can be read with one plain `getsockopt` per
/// sample. SwiftNIO keeps descriptors private and offers TCP_INFO only as a future (`getTCPInfo()`), whose promise
/// and generic metadata cost as much as the system call itself, once per peer per keepalive cycle.
///
/// NIO does name the descriptor in a socket channel's description (`SocketChannel { BaseSocket { fd=N }, … }`);
/// that number is taken only if the descriptor's own local and remote addresses are the channel's, so a format
/// change can only cost the fast path, never read another socket. Callers use the descriptor on the channel's
/// event loop while the channel is active: NIO closes a descriptor on that loop and reports the channel inactive
/// before running anything else there, so the number cannot be reused under them.
struct ConnectionDescriptor {
    let descriptor: CInt

    /// The channel's descriptor, or nil when it cannot be found and proven.
    init?(of channel: any Channel) {
        // `as? CustomStringConvertible` rather than "\(channel)": string interpolation first asks the runtime for
        // conformances the channel does not have, and each such miss scans every conformance record of the binary
        // (4 MiB more resident memory, measured).
        guard let description = (channel as? any CustomStringConvertible)?.description,
            let number = Self.announcedDescriptor(in: description),
            let local = channel.localAddress, let remote = channel.remoteAddress,
            Self.address(of: number, peer: false) == Self.text(local),
            Self.address(of: number, peer: true) == Self.text(remote)
        else { return nil }
        descriptor = number
    }

    /// `getsockopt(TCP_INFO)`; nil if the kernel refuses (it does not on a live TCP socket).
    func readTCPInfo() -> TCPInfoSnapshot? {
        var info = tcp_info()
        var length = socklen_t(MemoryLayout<tcp_info>.size)
        guard getsockopt(descriptor, CInt(IPPROTO_TCP), TCP_INFO, &info, &length) == 0 else { return nil }
        return TCPInfoReader.snapshot(info)
    }

    /// N in `fd=N`, the way NIO's `BaseSocket` describes itself. (Bytes, not `String.range(of:)`: that one is
    /// Foundation's, and linking it pulls ICU's tables into the binary — 37 MB, measured.)
    static func announcedDescriptor(in description: String) -> CInt? {
        let bytes = Array(description.utf8)
        let marker = Array("fd=".utf8)
        guard bytes.count > marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start..<start + marker.count].elementsEqual(marker) {
            let digits = bytes[(start + marker.count)...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            return CInt(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    /// `ip:port` of the descriptor's own end (`getsockname`) or its peer's (`getpeername`).
    private static func address(of descriptor: CInt, peer: Bool) -> String? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                peer ? getpeername(descriptor, address, &length) : getsockname(descriptor, address, &length)
            }
        }
        guard result == 0 else { return nil }
        switch CInt(storage.ss_family) {
        case AF_INET:
            let address = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in.self) }
            return Self.text(SocketAddress(address))
        case AF_INET6:
            let address = withUnsafeBytes(of: storage) { $0.load(as: sockaddr_in6.self) }
            return Self.text(SocketAddress(address))
        default:
            return nil
        }
    }

    private static func text(_ address: SocketAddress) -> String? {
        guard let ip = address.ipAddress, let port = address.port else { return nil }
        return "\(ip) \(port)"
    }
}
