import KeepaliveCore
import Synchronization

/// Facts about the daemon itself for the control API: when it started, which configuration runs.
public final class DaemonRecord: Sendable {
    /// CLOCK_REALTIME at start, in microseconds since the epoch.
    public let startedRealtimeMicroseconds: Int64
    public let startedMonotonic: MonotonicInstant
    /// The configuration file; a reload reads the same one, so it never changes.
    public let configPath: String?
    private let accepted = Atomic<Int>(1)

    public init(configPath: String?) {
        startedRealtimeMicroseconds = RealtimeClock.nowMicroseconds()
        startedMonotonic = MonotonicClock.now()
        self.configPath = configPath
    }

    /// Accepted configurations since start, counting from 1.
    public var generation: Int { accepted.load(ordering: .relaxed) }

    /// A reload was accepted; returns the new generation.
    func advanceGeneration() -> Int {
        accepted.add(1, ordering: .relaxed).newValue
    }
}
