import Foundation
import KeepalivePOSIX
import KeepaliveTestSupport

/// A real `AF_UNIX` datagram socket standing in for systemd's notification socket: the daemon's sd_notify
/// datagrams arrive here, each stamped with the moment it was read.
final class NotifySocket: Sendable {
    struct Message: Sendable {
        var assignments: [String: String]
        var text: String
        var receivedAt: ContinuousClock.Instant
    }

    let path: String
    private let socket: UnixDatagramSocket
    private let messages = Locked<[Message]>([])

    init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.socket").path
        socket = try UnixDatagramSocket(boundTo: path)
        let socketDescriptor = socket.fd
        let messages = self.messages
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(socketDescriptor, &buffer, buffer.count, 0)
                // The shared socket reads with a timeout; only a closed socket ends the loop.
                if count < 0 && (errno == EAGAIN || errno == EINTR) { continue }
                if count <= 0 { return }
                let text = String(decoding: buffer[0..<count], as: UTF8.self)
                var assignments: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    let parts = line.split(separator: "=", maxSplits: 1)
                    assignments[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
                }
                messages.withLock {
                    $0.append(Message(assignments: assignments, text: text, receivedAt: .now))
                }
            }
        }
    }

    var all: [Message] { messages.withLock { $0 } }

    /// Waits for a datagram after index `after` that satisfies `matches`; returns it with its index.
    func wait(
        after: Int = -1,
        timeout: Duration = .seconds(10),
        _ matches: (Message) -> Bool
    ) -> (message: Message, index: Int)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let snapshot = all
            for index in snapshot.indices where index > after && matches(snapshot[index]) {
                return (snapshot[index], index)
            }
            usleep(2_000)
        }
        return nil
    }

    func close() {
        shutdown(socket.fd, Int32(SHUT_RDWR))
        socket.close()
        unlink(path)
    }

    var transcript: String { "--- sd_notify datagrams ---\n" + all.map(\.text).joined(separator: "\n---\n") }
}

/// `CLOCK_MONOTONIC` in microseconds, the clock of `MONOTONIC_USEC=`.
func monotonicMicroseconds() -> Int64 {
    SystemClock.monotonicNanoseconds() / 1000
}
