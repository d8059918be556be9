import KeepaliveCore
import ServiceLifecycle

/// Wakes once a second to learn whether the monitor itself was stopped, starved or suspended
/// (`StallWatch`), even when no peer's timer is due: a daemon with no heartbeats and long keepalive idle times
/// would otherwise notice a stall only minutes later. One wake-up a second is nothing next to the peers' samples.
public struct StallWatchService: Service {
    static let tick: Duration = .seconds(1)

    let watch: StallWatch

    public init(watch: StallWatch) {
        self.watch = watch
    }

    public func run() async throws {
        watch.checkSuspend(at: MonotonicClock.now())
        while !Task.isShuttingDownGracefully {
            let due = MonotonicClock.now() + Self.tick
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: Self.tick)
                }
            } catch {
                return
            }
            let now = MonotonicClock.now()
            watch.observe(lateness: max(.zero, now - due), at: now)
            watch.checkSuspend(at: now)
        }
    }
}
