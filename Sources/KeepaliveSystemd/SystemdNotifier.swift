import CSystemd
import Glibc
import KeepalivePOSIX

/// Tells the service manager about the daemon's state through `sd_notify(3)`.
///
/// Each method sends one datagram to the socket named by `NOTIFY_SOCKET`, and reads that variable anew on every
/// call (`sd_notify` does), so a test can point it at a socket of its own. Assignments that belong together go in
/// one datagram: systemd applies a datagram atomically, and `RELOADING=1` without `MONOTONIC_USEC` in the same
/// datagram leaves `systemctl reload` hanging on systemd ≥ 253.
///
/// Outcomes: `.sent`, `.notSupervised` when `NOTIFY_SOCKET` is unset (run by hand or by a test: not an error), and
/// a thrown `SystemCallError` naming `sd_notify` when the socket exists but the send failed (e.g. `ECONNREFUSED`
/// for a stale socket), which usually means the service manager has gone away.
public struct SystemdNotifier: Sendable {
    /// Whether a notification reached a service manager.
    public enum Delivery: Sendable, Hashable {
        /// The datagram was sent to `NOTIFY_SOCKET`.
        case sent
        /// `NOTIFY_SOCKET` is not set: no service manager is listening, so there was nobody to tell.
        case notSupervised
    }

    /// Creates a notifier. It holds no state: the socket is found from the environment on every call.
    public init() {}

    /// `READY=1`: start-up is complete (for `Type=notify`, this ends "activating").
    @discardableResult
    public func ready() throws(SystemCallError) -> Delivery {
        try self.send(["READY=1"])
    }

    /// `READY=1` and `STATUS=` in one datagram, so that `systemctl status` never shows "ready" with a stale status.
    @discardableResult
    public func ready(status: String) throws(SystemCallError) -> Delivery {
        try self.send(["READY=1", Self.statusAssignment(status)])
    }

    /// `STATUS=`: the one-line free-form status `systemctl status` shows.
    @discardableResult
    public func status(_ line: String) throws(SystemCallError) -> Delivery {
        try self.send([Self.statusAssignment(line)])
    }

    /// `WATCHDOG=1`: the keep-alive ping for `WatchdogSec=`.
    @discardableResult
    public func watchdog() throws(SystemCallError) -> Delivery {
        try self.send(["WATCHDOG=1"])
    }

    /// `RELOADING=1` with `MONOTONIC_USEC=` (now, on `CLOCK_MONOTONIC`, in µs) in the same datagram, as systemd
    /// ≥ 253 requires to match the reload to the request; older versions ignore the extra field. Send `ready()`
    /// when the reload is done.
    @discardableResult
    public func reloading() throws(SystemCallError) -> Delivery {
        try self.send(["RELOADING=1", "MONOTONIC_USEC=\(Self.monotonicMicroseconds())"])
    }

    /// `STOPPING=1`: shutdown has begun, so the manager shows "deactivating" rather than a hang.
    @discardableResult
    public func stopping() throws(SystemCallError) -> Delivery {
        try self.send(["STOPPING=1"])
    }

    /// `STATUS=` and `ERRNO=` in one datagram: start-up failed, with the reason `systemctl status` shows and the
    /// errno it records as the failure cause.
    @discardableResult
    public func startFailed(status: String, errno: CInt) throws(SystemCallError) -> Delivery {
        try self.send([Self.statusAssignment(status), "ERRNO=\(errno)"])
    }

    /// The `STATUS=` assignment for `line`, with `\n` and `\r` (systemd splits assignments at either) and NUL
    /// (which would end the C string early) replaced by spaces, so that a status text cannot inject `READY=1` or
    /// any other assignment.
    static func statusAssignment(_ line: String) -> String {
        let flattened = line.unicodeScalars.map { scalar -> Character in
            scalar == "\n" || scalar == "\r" || scalar == "\0" ? " " : Character(scalar)
        }
        return "STATUS=" + String(flattened)
    }

    /// `CLOCK_MONOTONIC` now, in µs: the clock systemd compares `MONOTONIC_USEC` against.
    static func monotonicMicroseconds() -> UInt64 {
        UInt64(SystemClock.monotonicNanoseconds() / 1000)
    }

    /// `sd_notify(3)` with the assignments joined by newlines, as one datagram.
    private func send(_ assignments: [String]) throws(SystemCallError) -> Delivery {
        let result = assignments.joined(separator: "\n").withCString { sd_notify(0, $0) }
        switch result {
        case 1...: return .sent
        case 0: return .notSupervised
        default: throw SystemCallError(call: "sd_notify", errno: -result)
        }
    }
}
