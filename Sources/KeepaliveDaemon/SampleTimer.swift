import CoreMetrics
import KeepaliveCore
import NIOCore
import Synchronization

/// The one timer of one event loop that takes every TCP_INFO sample due on it: samples due in the same bucket
/// (see `SampleBuckets`) are read in one wake-up, and NIO's timer is re-armed only when the earliest bucket
/// changes — not once per peer and sample.
final class SampleTimer: @unchecked Sendable {
    // @unchecked: apart from `loop`, state is touched only on `loop` (asserted in debug builds).

    /// A peer waiting for its sample; a newer `ticket` on the peer makes the entry stale.
    struct Entry {
        let driver: PeerDriver
        let ticket: UInt64
    }

    let loop: any EventLoop
    /// Told how late each wake-up ran: the monitor's own lateness.
    private let stallWatch: StallWatch?
    /// Records how late each wake-up came (one observation per wake-up, not per sample).
    private let lag: CoreMetrics.Timer
    private var buckets = SampleBuckets<Entry>()
    private var armed: (at: MonotonicInstant, task: Scheduled<Void>)?
    /// While due samples are taken, the peers re-schedule; the timer is armed once, after them.
    private var firing = false

    init(loop: any EventLoop, lag: CoreMetrics.Timer, stallWatch: StallWatch? = nil) {
        self.loop = loop
        self.lag = lag
        self.stallWatch = stallWatch
    }

    /// Takes a sample of `driver` about `delay` from now, unless its ticket has moved on by then.
    func schedule(_ driver: PeerDriver, ticket: UInt64, in delay: Duration) {
        loop.assertInEventLoop()
        let instant = buckets.insert(Entry(driver: driver, ticket: ticket), delay: delay, now: MonotonicClock.now())
        if firing { return }
        if let armed, armed.at <= instant { return }
        arm(at: instant)
    }

    private func arm(at instant: MonotonicInstant) {
        armed?.task.cancel()
        let task = loop.assumeIsolated().scheduleTask(deadline: .uptimeNanoseconds(UInt64(instant.nanoseconds))) {
            self.fire()
        }
        armed = (instant, task)
    }

    private func fire() {
        let now = MonotonicClock.now()
        if let due = armed?.at {
            stallWatch?.observe(lateness: max(.zero, now - due), at: now)
            lag.recordNanoseconds(max(0, now.nanoseconds - due.nanoseconds))
        }
        armed = nil
        firing = true
        for entry in buckets.removeDue(at: now) where entry.driver.sampleTicket == entry.ticket {
            entry.driver.sampleDue()
        }
        firing = false
        if let next = buckets.earliest {
            arm(at: next)
        }
    }
}

/// One `SampleTimer` per event loop of a group, handed out round-robin with their loops so that every peer has a
/// fixed loop and that loop's timer.
final class SampleTimers: Sendable {
    private let timers: [SampleTimer]
    private let assigned = Atomic<Int>(0)

    init(group: any EventLoopGroup, lag: CoreMetrics.Timer, stallWatch: StallWatch? = nil) {
        timers = group.makeIterator().map { SampleTimer(loop: $0, lag: lag, stallWatch: stallWatch) }
    }

    /// The next loop's timer, round-robin.
    func assign() -> SampleTimer {
        timers[assigned.add(1, ordering: .relaxed).oldValue % timers.count]
    }
}
