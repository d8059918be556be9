import Glibc

/// A bound AF_UNIX datagram socket standing in for systemd's notify socket or journald's socket: a real socket,
/// read with a timeout so a missing datagram fails the test instead of hanging it.
final class UnixDatagramSocket {
    let fd: CInt

    /// Binds to `path`; a leading `@` means the abstract namespace (no file), as in `NOTIFY_SOCKET`.
    init(boundTo path: String) throws {
        let fd = socket(AF_UNIX, CInt(SOCK_DGRAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            throw TestFailure("socket: errno \(errno)")
        }
        self.fd = fd
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") {
            bytes[0] = 0
        }
        precondition(bytes.count < MemoryLayout.size(ofValue: address.sun_path), "socket path too long: \(path)")
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // Abstract names are exactly as long as given; file names carry their terminating NUL.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
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
    func receive() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else {
            throw TestFailure("recv: errno \(errno)")
        }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Whether a datagram is waiting, without blocking.
    func hasPendingDatagram() -> Bool {
        var byte: UInt8 = 0
        return recv(self.fd, &byte, 1, CInt(MSG_PEEK | MSG_DONTWAIT)) >= 0
    }

    func close() {
        Glibc.close(self.fd)
    }
}

/// A failure in a test's own set-up, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
