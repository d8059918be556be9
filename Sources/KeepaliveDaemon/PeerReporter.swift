import KeepaliveCore
import Logging

/// Where a peer's news goes: alerts to the log (journal or stderr), its latest status to the directory.
struct PeerReporter: Sendable {
    let logger: Logger
    let directory: PeerDirectory
    /// The runner this reporter speaks for (see `PeerDirectory.claim`).
    let owner: Int
    /// Where the monitor's own lateness goes.
    let stallWatch: StallWatch

    func report(_ event: PeerReport) {
        AlertLog.log(AlertFormatter.alert(for: event), to: logger)
    }

    func updated(_ status: PeerStatus) {
        directory.update(status, owner: owner)
    }

    /// A timer of this peer ran `lateness` after it was due (the monitor's own delay, not the peer's).
    func ranLate(by lateness: Duration, at now: MonotonicInstant) {
        stallWatch.observe(lateness: lateness, at: now)
    }

    func removed(_ name: String) {
        directory.remove(name, owner: owner)
    }
}
