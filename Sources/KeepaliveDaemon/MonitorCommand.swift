import KeepaliveControl

/// What can be asked of the running monitor besides SIGHUP; answered in order by its loop.
enum MonitorCommand: Sendable {
    /// Reload the configuration; the reply (if anyone waits) says whether it was accepted.
    case reload(reply: CheckedContinuation<ReloadResult, Never>?)
    /// Drop one peer's connection and connect again now; false for an unknown name.
    case reconnect(peer: String, reply: CheckedContinuation<Bool, Never>)
    /// Graceful shutdown began: answer what is still queued, accept nothing new.
    case shutdown
}

/// A way to reach the running monitor from outside its task (the control API).
public struct MonitorHandle: Sendable {
    let commands: AsyncStream<MonitorCommand>.Continuation

    /// Same effect as SIGHUP.
    public func reload() async -> ReloadResult {
        await withCheckedContinuation { reply in
            if case .terminated = commands.yield(.reload(reply: reply)) {
                reply.resume(returning: ReloadResult(accepted: false, generation: 0, errors: ["the daemon is stopping"]))
            }
        }
    }

    /// Reconnects `peer` now; false when no such peer is configured.
    public func reconnect(peer: String) async -> Bool {
        await withCheckedContinuation { reply in
            if case .terminated = commands.yield(.reconnect(peer: peer, reply: reply)) {
                reply.resume(returning: false)
            }
        }
    }
}
