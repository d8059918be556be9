import NIOCore
import Synchronization

/// Sends the status line as `STATUS=` at most once per `minimumGap`, always ending with the latest line: a
/// thousand peers coming up at once cost a handful of datagrams, not a thousand, and the line is rendered once
/// per datagram, not once per change (rendering names the troubled peers, which in a mass outage are thousands).
/// Sends happen on one event loop, one at a time and never under a lock.
final class StatusPublisher: Sendable {
    private struct State {
        var lastSent: String?
        var lastFlush: NIODeadline?
        var flushScheduled = false
    }

    static let minimumGap: TimeAmount = .milliseconds(250)

    private let loop: any EventLoop
    private let send: @Sendable (String) -> Void
    private let state = Mutex(State())

    init(loop: any EventLoop, send: @escaping @Sendable (String) -> Void) {
        self.loop = loop
        self.send = send
    }

    /// The line has changed: `render` makes it, and it is sent now, or as soon as `minimumGap` has passed since
    /// the last send. Cheap when a send is already due.
    func lineChanged(render: @escaping @Sendable () -> String) {
        let due: NIODeadline? = state.withLock { state in
            guard !state.flushScheduled else { return nil }
            state.flushScheduled = true
            return state.lastFlush.map { $0 + Self.minimumGap } ?? .distantPast
        }
        guard let due else { return }
        if due <= loop.now {
            loop.execute { self.flush(render) }
        } else {
            loop.scheduleTask(deadline: due) { self.flush(render) }
        }
    }

    /// Renders and sends the line now (if it changed), in order with every other send; returns once sent.
    func flushNow(render: @escaping @Sendable () -> String) async {
        try? await loop.submit { self.flush(render) }.get()
    }

    private func flush(_ render: @Sendable () -> String) {
        // Cleared before rendering: a change that lands while the line is rendered schedules another flush.
        state.withLock { state in
            state.flushScheduled = false
            state.lastFlush = loop.now
        }
        let line = render()
        let isNew = state.withLock { state in
            guard line != state.lastSent else { return false }
            state.lastSent = line
            return true
        }
        if isNew { send(line) }
    }
}
