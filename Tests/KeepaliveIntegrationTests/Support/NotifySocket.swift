import Foundation
import KeepalivePOSIX
import KeepaliveTestSupport

/// The test support's `UnixDatagramSocket` standing in for systemd's notification socket, read on a thread of its
/// own: the daemon's sd_notify datagrams arrive here, each stamped with the moment it was read.
final class NotifySocket: Sendable {
    struct Message: Sendable {
        var text: String
        var receivedAt: ContinuousClock.Instant

        /// The datagram's `KEY=value` lines.
        var assignments: [String: String] {
            var assignments: [String: String] = [:]
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1)
                assignments[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            return assignments
        }
    }

    let path: String
    private let socket: UnixDatagramSocket
    private let messages = ReadLog<Message>()

    init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.socket").path
        socket = try UnixDatagramSocket(boundTo: path)
        Thread.detachNewThread { [socket, messages] in
            socket.receiveUntilShutDown { messages.append(Message(text: $0, receivedAt: .now)) }
        }
    }

    var all: [Message] { messages.all }

    /// Waits for a datagram after index `after` that satisfies `matches`; returns it with its index.
    func wait(
        after: Int = -1,
        timeout: Duration = .seconds(10),
        _ matches: (Message) -> Bool
    ) -> (message: Message, index: Int)? {
        messages.wait(from: after + 1, timeout: timeout, matches).map { (message: $0.entry, index: $0.index) }
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
