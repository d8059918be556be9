/// Tells when the monitor itself could not run: stopped (SIGSTOP, a debugger), starved of CPU, or its machine
/// suspended. Fed how late each timer ran, and the gap between CLOCK_BOOTTIME and CLOCK_MONOTONIC (which grows only
/// while the system is suspended: CLOCK_MONOTONIC stops then, so its timers are not late by it). Many timers run
/// late after one stall; they are one stall, reported once. Plain data: the caller passes every reading.
public struct StallDetector: Hashable, Sendable {
    /// One period in which the monitor did not run.
    public struct Stall: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            /// The process was stopped or starved: its timers ran late.
            case stopped
            /// The whole system was suspended: boot time ran on while monotonic time stood still.
            case suspended
        }

        public var kind: Kind
        /// How long the monitor did not run.
        public var duration: Duration
        /// When it noticed (its first timer after the stall).
        public var endedAt: MonotonicInstant

        public init(kind: Kind, duration: Duration, endedAt: MonotonicInstant) {
            self.kind = kind
            self.duration = duration
            self.endedAt = endedAt
        }
    }

    /// Lateness below this is scheduling noise, not a stall.
    public static let threshold: Duration = .milliseconds(500)

    /// The latest stall reported; a timer whose lateness reaches back into it was delayed by the same stall.
    public private(set) var latest: Stall?
    /// Stalls reported so far.
    public private(set) var count = 0
    /// The boot-time gap at the previous reading.
    private var suspendGap: Duration?

    public init() {}

    /// A timer ran `lateness` after it was due, at `now`: a new stall, or nil (noise, or a stall already told).
    /// The first late timer after a stall need not be the one that was due earliest (each loop runs its own), so a
    /// later one of the same stall that was late for longer lengthens `latest` instead of making a second stall.
    public mutating func observe(lateness: Duration, at now: MonotonicInstant) -> Stall? {
        guard lateness >= Self.threshold else { return nil }
        let began = now - lateness
        if let latest, began < latest.endedAt {
            if lateness > self.latest!.duration, latest.kind == .stopped {
                self.latest!.duration = lateness
            }
            return nil
        }
        return record(Stall(kind: .stopped, duration: lateness, endedAt: now))
    }

    /// CLOCK_BOOTTIME − CLOCK_MONOTONIC read at `now`: a stall when it grew by the threshold or more.
    public mutating func observe(suspendGap gap: Duration, at now: MonotonicInstant) -> Stall? {
        defer { suspendGap = gap }
        guard let previous = suspendGap, gap - previous >= Self.threshold else { return nil }
        return record(Stall(kind: .suspended, duration: gap - previous, endedAt: now))
    }

    private mutating func record(_ stall: Stall) -> Stall {
        latest = stall
        count += 1
        return stall
    }
}
