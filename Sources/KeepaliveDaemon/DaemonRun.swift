import KeepaliveCore
import Synchronization

/// This run of the daemon, for the control API and `/metrics`: when it started, from which file, and how many
/// configurations it has accepted since.
public final class DaemonRun: Sendable {
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
