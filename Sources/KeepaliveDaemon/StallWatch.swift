import CoreMetrics
import Dispatch
import Glibc
import KeepaliveCore
import KeepalivePOSIX
import Logging
import Synchronization

/// The monitor's own lateness, from every timer that reports it (heartbeats, the sample timers, the watchdog ping,
/// `StallWatchService`'s tick), and the stalls it reveals, each told once in the journal. A timer that ran on time
/// costs one comparison and an atomic maximum; only a stall takes the lock.
public final class StallWatch: Sendable {
    private let detector = Mutex(StallDetector())
    private let logger: Logger
    /// Counted on `/metrics` (`keepalive_monitor_stalls_total`).
    private let stallCounter: CoreMetrics.Counter?
    /// The largest lateness seen, in nanoseconds, since the last `takeMaximumLateness()`.
    private let maximumLateness = Atomic<Int64>(0)

    public init(logger: Logger, stallCounter: CoreMetrics.Counter? = nil) {
        self.logger = logger
        self.stallCounter = stallCounter
    }

    /// A timer ran `lateness` after it was due, at `now`.
    public func observe(lateness: Duration, at now: MonotonicInstant) {
        let nanoseconds = lateness.nanosecondsRoundedUp
        maximumLateness.max(nanoseconds, ordering: .relaxed)
        guard lateness >= StallDetector.threshold else { return }
        if let stall = detector.withLock({ $0.observe(lateness: lateness, at: now) }) {
            report(stall)
        }
    }

    /// Reads CLOCK_BOOTTIME against CLOCK_MONOTONIC: a suspended system shows only here.
    public func checkSuspend(at now: MonotonicInstant) {
        let gap = SystemClock.boottimeNanoseconds() - SystemClock.monotonicNanoseconds()
        if let stall = detector.withLock({ $0.observe(suspendGap: .nanoseconds(gap), at: now) }) {
            report(stall)
        }
    }

    /// Stalls so far and the latest, for the control API.
    public var summary: (count: Int, latest: StallDetector.Stall?) {
        detector.withLock { ($0.count, $0.latest) }
    }

    /// The largest lateness since the previous call (for a metric), and starts over.
    public func takeMaximumLateness() -> Duration {
        .nanoseconds(maximumLateness.exchange(0, ordering: .relaxed))
    }

    /// How long after noticing a stall its entry is written: every loop's late timers have run by then, and the
    /// entry gives the longest lateness among them, the stall's real length.
    static let reportDelay: Double = 0.2

    private func report(_ stall: StallDetector.Stall) {
        stallCounter?.increment()
        DispatchQueue.global().asyncAfter(deadline: .now() + Self.reportDelay) { [self] in
            let latest = detector.withLock { $0.latest }
            write(latest?.endedAt == stall.endedAt ? latest ?? stall : stall)
        }
    }

    private func write(_ stall: StallDetector.Stall) {
        let span = DurationText.humanReadable(stall.duration)
        let message =
            switch stall.kind {
            case .stopped:
                "The monitor was stalled for \(span): its timers ran that late (the process was stopped or starved "
                    + "of CPU). Heartbeats in flight got their full timeout again; no peer was blamed for the delay."
            case .suspended:
                "The system was suspended for \(span): the monitor did not run. Connections may have died meanwhile; "
                    + "each is judged by what its kernel reports now."
            }
        logger.warning(
            "\(message)",
            metadata: [
                "MESSAGE_ID": .string(MessageID.monitorStalled.rawValue),
                "STALL_KIND": .string(stall.kind.rawValue),
                "STALL_USEC": .string(String(stall.duration.microseconds)),
            ])
    }
}
