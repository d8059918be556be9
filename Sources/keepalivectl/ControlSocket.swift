import Glibc
import KeepaliveControl
import KeepaliveCore
import KeepalivePOSIX

/// A blocking AF_UNIX stream connection to the daemon's control socket, closed when dropped.
struct ControlSocket: ~Copyable {
    let path: String
    private let descriptor: Int32
    private let timeout: Duration

    /// Connects to `path`. `timeout` bounds the connect (a daemon whose backlog is full), every send and every
    /// wait for a reply, until `waitWithoutTimeout()`.
    init(connectingTo path: String, timeout: Duration) throws(ClientError) {
        let limit = UnixSocketAddress.maximumPathBytes
        guard path.utf8.count <= limit else {
            throw ClientError(code: .system, message: "\(path) is too long for a Unix socket path (at most \(limit) bytes)")
        }
        let descriptor: Int32
        do {
            descriptor = try POSIX.socket(domain: AF_UNIX, type: Int32(SOCK_STREAM.rawValue))
        } catch {
            throw ClientError(code: .system, message: "cannot create a Unix socket: \(error)")
        }
        do {
            try Self.setTimeout(SO_SNDTIMEO, timeout, on: descriptor)
            try Self.setTimeout(SO_RCVTIMEO, timeout, on: descriptor)
            try POSIX.connect(descriptor, unixPath: path)
        } catch {
            close(descriptor)
            throw Self.connectError(error, path: path, timeout: timeout)
        }
        self.path = path
        self.descriptor = descriptor
        self.timeout = timeout
    }

    deinit {
        close(descriptor)
    }

    /// Sends `message` and its NUL.
    func send(_ message: [UInt8]) throws(ClientError) {
        do {
            try POSIX.sendAll(descriptor, message + [0], flags: Int32(MSG_NOSIGNAL))
        } catch {
            throw transferError(error)
        }
    }

    /// From now on waits for replies as long as it takes (`watch`: a quiet network sends nothing for hours).
    func waitWithoutTimeout() throws(ClientError) {
        do {
            try Self.setTimeout(SO_RCVTIMEO, nil, on: descriptor)
        } catch {
            throw ClientError(code: .system, message: "cannot wait on the control socket: \(error)")
        }
    }

    /// The next message, read until its NUL.
    func receive(_ decoder: inout VarlinkFrameDecoder) throws(ClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            do {
                if let message = try decoder.nextMessage() { return message }
            } catch {
                throw ClientError(
                    code: .badReply, message: "keepalive-monitor sent a reply longer than \(error.limit) bytes")
            }
            let count: Int
            do {
                count = try POSIX.retryingInterrupts("recv") {
                    chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                }
            } catch {
                throw transferError(error)
            }
            if count == 0 {
                let detail = decoder.pendingByteCount > 0 ? " in the middle of a reply" : ""
                throw ClientError(code: .disconnected, message: "keepalive-monitor closed the connection\(detail)")
            }
            decoder.append(chunk[..<count])
        }
    }

    /// A zero (nil) timeout waits forever.
    private static func setTimeout(
        _ option: Int32,
        _ timeout: Duration?,
        on descriptor: Int32
    ) throws(SystemCallError) {
        let (seconds, attoseconds) = (timeout ?? .zero).components
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        try POSIX.retryingInterrupts("setsockopt") {
            setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    private func transferError(_ error: SystemCallError) -> ClientError {
        switch error.errno {
        case EAGAIN, EWOULDBLOCK:
            ClientError(
                code: .timedOut,
                message: "keepalive-monitor did not answer on \(path) within \(DurationText.humanReadable(timeout))")
        case EPIPE, ECONNRESET:
            ClientError(code: .disconnected, message: "keepalive-monitor closed the connection")
        default:
            ClientError(code: .system, message: "cannot talk to keepalive-monitor on \(path): \(error)")
        }
    }

    private static func connectError(_ error: SystemCallError, path: String, timeout: Duration) -> ClientError {
        switch error.errno {
        case ENOENT, ENOTDIR:
            ClientError(code: .notRunning, message: "keepalive-monitor is not running: no control socket at \(path)")
        case ECONNREFUSED where !isSocket(path):
            ClientError(code: .notRunning, message: "keepalive-monitor is not running: \(path) is not a socket")
        case ECONNREFUSED:
            ClientError(
                code: .staleSocket,
                message: "keepalive-monitor is not running (stale socket): nothing listens on \(path)")
        case EACCES, EPERM:
            ClientError(code: .socketAccessDenied, message: SocketAccess.deniedMessage(path: path))
        case EAGAIN, EWOULDBLOCK:
            ClientError(
                code: .timedOut,
                message:
                    "keepalive-monitor did not accept the connection on \(path) within \(DurationText.humanReadable(timeout))")
        default:
            ClientError(code: .system, message: "cannot connect to keepalive-monitor on \(path): \(error)")
        }
    }

    private static func isSocket(_ path: String) -> Bool {
        guard let info = try? POSIX.fileStatus(atPath: path) else { return false }
        return info.st_mode & S_IFMT == S_IFSOCK
    }
}
