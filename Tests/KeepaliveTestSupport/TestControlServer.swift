import Foundation
import Glibc
import KeepaliveControl
import KeepalivePOSIX
import Synchronization

/// A control socket answered by the dispatcher: just enough transport for the clients, calls answered in order,
/// each connection on its own thread. (The daemon's transport is NIO, tested with the daemon.)
public final class TestControlServer: Sendable {
    public enum Behaviour: Sendable {
        /// Answers every call with the dispatcher.
        case answer
        /// Accepts connections and reads calls, but never answers: a wedged daemon.
        case silent
    }

    private static let counter = Atomic<Int>(0)

    public let path: String
    private let listener: Int32
    private let dispatcher: ControlDispatcher
    private let caller: CallerCredentials
    private let behaviour: Behaviour
    private let connections = Mutex<[Int32]>([])

    /// Listens on a fresh path; every call is made as `caller`.
    public init(
        _ control: any MonitorControl,
        caller: CallerCredentials = Callers.operatorUser,
        behaviour: Behaviour = .answer
    ) throws {
        path = "/tmp/kam-ctl-\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue).socket"
        dispatcher = .forTests(control)
        self.caller = caller
        self.behaviour = behaviour
        unlink(path)
        listener = try Self.listen(on: path)
        Thread { [self] in acceptLoop() }.start()
    }

    /// Stops listening, drops every connection and removes the socket file.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        // Under the lock: a connection closes under it too, so its number cannot have been reused meanwhile.
        connections.withLock { connections in
            for connection in connections {
                shutdown(connection, Int32(SHUT_RDWR))
            }
        }
        unlink(path)
    }

    /// A socket file that nobody listens on, as a crashed daemon leaves behind. The caller removes it.
    public static func staleSocket() throws -> String {
        let path = "/tmp/kam-stale-\(getpid())-\(counter.add(1, ordering: .relaxed).newValue).socket"
        unlink(path)
        close(try listen(on: path))
        return path
    }

    private static func listen(on path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        let bound = try? UnixSocketAddress.withAddress(path, call: "bind") { address, length in
            bind(descriptor, address, length)
        }
        guard bound == 0, Glibc.listen(descriptor, 16) == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(.init(rawValue: code) ?? .EIO)
        }
        return descriptor
    }

    private func acceptLoop() {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            connections.withLock { $0.append(connection) }
            Thread { [self] in serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer {
            connections.withLock {
                $0.removeAll { $0 == connection }
                close(connection)
            }
        }
        var decoder = VarlinkFrameDecoder()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            guard let message = try? decoder.nextMessage() else {
                let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return }
                decoder.append(chunk[..<count])
                continue
            }
            if behaviour == .silent {
                // Hold the connection until the client gives up or the server stops.
                _ = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
                return
            }
            let done = DispatchSemaphore(value: 0)
            let dispatcher = self.dispatcher
            let caller = self.caller
            Task {
                await dispatcher.handle(message, from: caller) { reply in
                    try POSIX.sendAll(connection, reply + [0], flags: Int32(MSG_NOSIGNAL))
                }
                done.signal()
            }
            done.wait()
        }
    }
}
