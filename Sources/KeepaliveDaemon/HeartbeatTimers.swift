import KeepaliveCore
import NIOCore

/// The two timers of one connection's application heartbeat, on its event loop: the next request and the
/// timeout of the one in flight. Each remembers when it was due, so that whoever it calls knows how late the
/// loop ran it — a monitor that was stopped or starved must not blame the peer for its own delay.
struct HeartbeatTimers {
    /// What a timer calls: the instant it ran and how late that was.
    typealias Callback = (MonotonicInstant, Duration) -> Void

    private var next: Scheduled<Void>?
    private var timeout: Scheduled<Void>?

    /// Calls `body` with the instant it runs and its lateness, `delay` from now (replacing the pending one).
    mutating func scheduleNext(on loop: any EventLoop, after delay: Duration, _ body: @escaping Callback) {
        next?.cancel()
        next = Self.schedule(on: loop, after: delay, body)
    }

    /// Calls `body` with the instant it runs and its lateness, `delay` from now (replacing the pending one).
    mutating func armTimeout(on loop: any EventLoop, after delay: Duration, _ body: @escaping Callback) {
        timeout?.cancel()
        timeout = Self.schedule(on: loop, after: delay, body)
    }

    mutating func cancel() {
        next?.cancel()
        timeout?.cancel()
        next = nil
        timeout = nil
    }

    private static func schedule(on loop: any EventLoop, after delay: Duration, _ body: @escaping Callback) -> Scheduled<Void> {
        let due = MonotonicClock.now() + delay
        return loop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(UInt64(due.nanoseconds))) {
            let now = MonotonicClock.now()
            body(now, max(.zero, now - due))
        }
    }
}
