import CSystemd
import KeepalivePOSIX

/// The service manager's watchdog (`WatchdogSec=`) as `sd_watchdog_enabled(3)` reports it.
///
/// The daemon must send `WATCHDOG=1` more often than `timeout`; pinging at `pingInterval` (half of it, as
/// `sd_watchdog_enabled(3)` recommends) leaves room for one late ping.
public struct WatchdogConfiguration: Sendable, Hashable {
    /// How long the service manager waits for a ping before it considers the daemon hung.
    public var timeout: Duration

    /// How often to ping: half the timeout.
    public var pingInterval: Duration {
        self.timeout / 2
    }

    /// A watchdog with `timeout`; nil for a zero timeout, which systemd treats as "no watchdog".
    public init?(timeoutMicroseconds: UInt64) {
        guard timeoutMicroseconds > 0 else {
            return nil
        }
        self.timeout = .microseconds(timeoutMicroseconds)
    }

    /// What `sd_watchdog_enabled` found in the environment.
    public enum Detection: Sendable, Hashable {
        /// `WATCHDOG_USEC` is set and `WATCHDOG_PID` is unset or this process.
        case enabled(WatchdogConfiguration)
        /// No watchdog for this process: `WATCHDOG_USEC` is unset, or `WATCHDOG_PID` names another process.
        case disabled
        /// The variables are present but unusable (`WATCHDOG_USEC=0`, garbage); `reason` says which, for a log line.
        /// The daemon runs without pinging, and the service manager will kill it if it really expected pings.
        case invalid(reason: String)

        /// The configuration when enabled, nil otherwise.
        public var configuration: WatchdogConfiguration? {
            if case .enabled(let configuration) = self {
                return configuration
            }
            return nil
        }

        /// Why the variables could not be used, nil unless `.invalid`.
        public var problem: String? {
            if case .invalid(let reason) = self {
                return reason
            }
            return nil
        }
    }

    /// Reads `WATCHDOG_USEC` and `WATCHDOG_PID` through `sd_watchdog_enabled(0, …)`, leaving them set so that a
    /// reload, which re-reads them, sees the same answer.
    public static func fromEnvironment() -> Detection {
        var microseconds: UInt64 = 0
        let result = sd_watchdog_enabled(0, &microseconds)
        if result > 0 {
            guard let configuration = WatchdogConfiguration(timeoutMicroseconds: microseconds) else {
                return .invalid(reason: "sd_watchdog_enabled reported a zero timeout")
            }
            return .enabled(configuration)
        }
        if result == 0 {
            return .disabled
        }
        let error = SystemCallError(call: "sd_watchdog_enabled", errno: -result)
        let usec = POSIX.environmentValue("WATCHDOG_USEC") ?? "(unset)"
        let pid = POSIX.environmentValue("WATCHDOG_PID") ?? "(unset)"
        return .invalid(reason: "WATCHDOG_USEC=\(usec) WATCHDOG_PID=\(pid) is not usable: \(error)")
    }
}
