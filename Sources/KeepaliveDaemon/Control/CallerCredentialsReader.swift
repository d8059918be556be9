import Glibc
import KeepaliveControl
import NIOCore

/// `SO_PEERCRED`: who is on the other end of a Unix socket, as the kernel vouches. Glibc's Swift module hides
/// `struct ucred`; this has the same layout (pid_t, uid_t, gid_t).
struct KernelUcred: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = .max
    var gid: UInt32 = .max
}

/// Reads who is calling the control socket (the caller, never a "peer": that word means a monitored upstream).
enum CallerCredentialsReader {
    /// Reads the caller's credentials; on the channel's event loop the answer is immediate. Nil if the kernel
    /// would not say (then the caller is treated as unprivileged).
    static func read(_ channel: any Channel) -> CallerCredentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        var result: CallerCredentials?
        let future: EventLoopFuture<KernelUcred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        future.assumeIsolated().whenSuccess { value in
            result = CallerCredentials(pid: value.pid, uid: value.uid, gid: value.gid)
        }
        return result
    }
}
