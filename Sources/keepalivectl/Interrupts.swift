import Glibc
import KeepalivePOSIX

enum Interrupts {
    /// Makes Ctrl-C and SIGTERM end the process even when the parent started it with them blocked (a thread
    /// that blocks signals passes its mask on through fork and exec, as Foundation's `Process` does), so that
    /// `watch` always ends when interrupted.
    static func unblock() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            sigaddset(&signals, signal)
        }
        // Fails only for an invalid argument; there is nothing to report to the operator.
        _ = try? POSIX.retryingInterrupts("sigprocmask") { sigprocmask(SIG_UNBLOCK, &signals, nil) }
    }
}
