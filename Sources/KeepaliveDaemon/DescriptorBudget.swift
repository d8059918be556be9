import Glibc
import Synchronization

/// Keeps the monitored connections from taking the daemon's last descriptors. Were every descriptor a peer's,
/// the reload that would remove endpoints could not open its file, `keepalivectl` could not connect, and
/// nothing would ever free one (each starved peer retries). So connections may use the soft `RLIMIT_NOFILE`
/// less what the daemon held before its first connect, less `headroom`; a connect past that fails as EMFILE
/// would, without asking the kernel.
final class DescriptorBudget: Sendable {
    /// Descriptors kept beyond the daemon's own at start: control and metrics clients, a reload's file read,
    /// the journal's socket.
    static let headroom = 16

    /// A connect refused because the connections already hold their share.
    struct Exhausted: Error, Sendable {
        var limit: UInt64
        var reserved: Int
    }

    private struct State {
        var inUse = 0
        /// The descriptors not for connections: open at the first connect, plus `headroom`.
        var reserved: Int?
    }

    private let state = Mutex(State())

    /// Takes a descriptor for one connect attempt; release it when its socket is closed.
    func acquire() -> Exhausted? {
        let limit = Self.softLimit()
        return state.withLock { state in
            let reserved = state.reserved ?? (Self.openDescriptors() - state.inUse + Self.headroom)
            state.reserved = reserved
            if let limit, UInt64(state.inUse + reserved) >= limit {
                return Exhausted(limit: limit, reserved: reserved)
            }
            state.inUse += 1
            return nil
        }
    }

    func release() {
        state.withLock { $0.inUse -= 1 }
    }

    /// The soft limit now (`prlimit` may change it while the daemon runs); nil when unlimited.
    static func softLimit() -> UInt64? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// Entries of /proc/self/fd (without the one the listing itself opens). Read once, at the first connect.
    private static func openDescriptors() -> Int {
        guard let listing = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(listing) }
        var count = 0
        while let entry = readdir(listing) {
            if entry.pointee.d_name.0 != UInt8(ascii: ".") { count += 1 }
        }
        return max(0, count - 1)
    }
}
