import Glibc
import KeepalivePOSIX

/// A bound AF_UNIX datagram socket standing in for systemd's notify socket or journald's socket: a real socket,
/// read with a timeout so a missing datagram fails the test instead of hanging it.
public final class UnixDatagramSocket: Sendable {
    public let fd: CInt

    /// Binds to `path`; a leading `@` means the abstract namespace (no file), as in `NOTIFY_SOCKET`.
    public init(boundTo path: String) throws {
        let fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw TestFailure("socket: errno \(errno)")
        }
        self.fd = fd
        let result = try? UnixSocketAddress.withAddress(path, call: "bind") { address, length in
            bind(fd, address, length)
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestFailure("bind \(path): errno \(code)")
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// The next datagram's text; throws after 5 s without one.
    public func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = receive(into: &buffer)
        guard count >= 0 else {
            throw TestFailure("recv: errno \(errno)")
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Hands each datagram's text to `body` until the socket is shut down: for a reader on a thread of its own,
    /// which the 5 s receive timeout only wakes.
    public func receiveUntilShutDown(_ body: (String) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = receive(into: &buffer)
            if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
            if count <= 0 { return }
            body(String(decoding: buffer[..<count], as: UTF8.self))
        }
    }

    private func receive(into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
    }

    /// Whether a datagram is waiting, without blocking.
    public func hasPendingDatagram() -> Bool {
        var byte: UInt8 = 0
        return recv(self.fd, &byte, 1, CInt(MSG_PEEK | MSG_DONTWAIT)) >= 0
    }

    public func close() {
        Glibc.close(self.fd)
    }
}
