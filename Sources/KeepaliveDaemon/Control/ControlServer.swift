import Glibc
import KeepaliveControl
import KeepaliveCore
import KeepalivePOSIX
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// The control API's listening socket: bound at the configured path (mode 0660, the configured group) or
/// adopted from systemd (socket activation). `close()` removes a socket file the daemon created.
public final class ControlServer: Sendable {
    /// Beyond this many clients at once, new ones are turned away at once: hundreds of clients must not be able
    /// to exhaust the daemon's descriptors, which its monitored connections need.
    public static let maximumClients = 512
    /// A client with no call running that sends nothing (or never finishes a message) for this long is dropped.
    public static let idleTimeout: TimeAmount = .seconds(5)

    private let channel: any Channel
    /// The path to unlink on close; nil for a socket systemd owns.
    private let createdPath: String?
    /// Where it listens, for logs.
    public let description: String

    private init(channel: any Channel, createdPath: String?, description: String) {
        self.channel = channel
        self.createdPath = createdPath
        self.description = description
    }

    /// A failure to set up the control socket, with the errno for `sd_notify`'s `ERRNO=`.
    public struct SetupError: Error, CustomStringConvertible {
        public var message: String
        public var errno: Int32
        public var description: String { message }
    }

    /// Listens on `listenedDescriptor` when systemd passed one, else binds `settings.socketPath`.
    public static func start(
        settings: ControlSettings,
        listenedDescriptor: CInt?,
        group: any EventLoopGroup,
        dispatcher: ControlDispatcher,
        logger: Logger
    ) async throws(SetupError) -> ControlServer {
        let counter = ClientCounter()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            // A client that half-closes after its calls (socat, `nc -N`) still gets its replies; the connection
            // handler closes once they are written.
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard counter.enter() else {
                        channel.close(promise: nil)
                        return
                    }
                    channel.closeFuture.whenComplete { _ in counter.leave() }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: ControlDispatcher.maximumMessageSize)))
                    try channel.pipeline.syncOperations.addHandler(
                        ControlConnectionHandler(dispatcher: dispatcher, idleTimeout: idleTimeout, logger: logger))
                }
            }
        if let descriptor = listenedDescriptor {
            do {
                let channel = try await bootstrap.withBoundSocket(descriptor).get()
                return ControlServer(channel: channel, createdPath: nil, description: "socket passed by systemd (fd \(descriptor))")
            } catch {
                throw SetupError(message: "cannot listen on the socket systemd passed (fd \(descriptor)): \(error)", errno: errnoOf(error))
            }
        }
        let path = settings.socketPath
        prepareDirectory(of: path)
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).get()
        } catch {
            throw SetupError(
                message: "cannot bind the control socket \(path): \(error) (set [control] socket or --control-socket)",
                errno: errnoOf(error))
        }
        let server = ControlServer(channel: channel, createdPath: path, description: path)
        do throws(SystemCallError) {
            try POSIX.changeMode(path, 0o660)
        } catch {
            await server.close()
            throw SetupError(message: "cannot chmod 0660 \(path): \(String(cString: strerror(error.errno)))", errno: error.errno)
        }
        if let groupName = settings.group {
            guard let entry = getgrnam(groupName) else {
                await server.close()
                throw SetupError(message: "control socket group \"\(groupName)\" does not exist", errno: ENOENT)
            }
            // The socket already has the daemon's own group when that is the configured one (the shipped unit's
            // case): no chown then, which its system call filter would refuse anyway.
            let current = (try? POSIX.fileStatus(atPath: path))??.st_gid ?? gid_t.max
            if current != entry.pointee.gr_gid {
                do throws(SystemCallError) {
                    try POSIX.changeOwner(path, group: entry.pointee.gr_gid)
                } catch {
                    await server.close()
                    throw SetupError(
                        message: "cannot give \(path) to group \(groupName): \(String(cString: strerror(error.errno)))",
                        errno: error.errno)
                }
            }
        }
        return server
    }

    /// Stops listening and removes the socket file the daemon created.
    public func close() async {
        try? await channel.close()
        if let createdPath {
            POSIX.removeFile(createdPath)
        }
    }

    /// Creates the socket's directory when it is missing (running by hand as root; under systemd
    /// `RuntimeDirectory=` has made it).
    private static func prepareDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let directory = String(path[..<slash])
        if !POSIX.fileExists(directory) {
            // A failure shows at the bind that follows, with the path.
            try? POSIX.makeDirectory(directory, mode: 0o755)
        }
    }

    private static func errnoOf(_ error: any Error) -> Int32 {
        (error as? IOError)?.errnoCode ?? EIO
    }
}

/// Counts connected control clients against `ControlServer.maximumClients`.
private final class ClientCounter: Sendable {
    private let count = Atomic<Int>(0)

    func enter() -> Bool {
        let now = count.add(1, ordering: .relaxed).newValue
        if now > ControlServer.maximumClients {
            count.subtract(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func leave() {
        count.subtract(1, ordering: .relaxed)
    }
}
