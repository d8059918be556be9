import KeepaliveCore
import KeepaliveSystemd
import NIOCore
import ServiceLifecycle

/// Sends `WATCHDOG=1` every half watchdog period, but only after a round trip through every event loop: a
/// daemon whose loops hang (and so could not report a dead peer) stops pinging and systemd restarts it.
public struct WatchdogService: Service {
    let interval: Duration
    let group: any EventLoopGroup
    let notifier: SystemdNotifier
    /// Told how late each ping went out.
    let stallWatch: StallWatch?

    public init(interval: Duration, group: any EventLoopGroup, notifier: SystemdNotifier, stallWatch: StallWatch? = nil) {
        self.interval = interval
        self.group = group
        self.notifier = notifier
        self.stallWatch = stallWatch
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully {
            let due = MonotonicClock.now() + interval
            do {
                try await cancelWhenGracefulShutdown {
                    try await Task.sleep(for: interval)
                }
                let now = MonotonicClock.now()
                stallWatch?.observe(lateness: max(.zero, now - due), at: now)
                for loop in group.makeIterator() {
                    try await loop.submit {}.get()
                }
            } catch {
                return
            }
            _ = try? notifier.watchdog()
        }
    }
}
