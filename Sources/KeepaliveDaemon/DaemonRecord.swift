import KeepaliveCore
import Synchronization

/// Facts about the daemon itself for the control API: when it started, which configuration runs.
public final class DaemonRecord: Sendable {
    /// CLOCK_REALTIME at start, in microseconds since the epoch.
    public let startedRealtimeMicroseconds: Int64
    public let startedMonotonic: MonotonicInstant
    private let state: Mutex<(generation: Int, configPath: String?)>

    public init(configPath: String?) {
        startedRealtimeMicroseconds = RealtimeClock.nowMicroseconds()
        startedMonotonic = MonotonicClock.now()
        state = Mutex((generation: 1, configPath: configPath))
    }

    public var generation: Int { state.withLock { $0.generation } }
    public var configPath: String? { state.withLock { $0.configPath } }

    /// A reload was accepted; returns the new generation.
    func advanceGeneration() -> Int {
        state.withLock { state in
            state.generation += 1
            return state.generation
        }
    }
}
