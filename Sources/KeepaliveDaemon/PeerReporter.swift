import KeepaliveCore
import Logging

/// Where a peer's news goes: alerts to the log (journal or stderr), its latest status to the directory.
struct PeerReporter: Sendable {
    let logger: Logger
    let directory: PeerDirectory
    /// The runner this reporter speaks for (see `PeerDirectory.claim`).
    let owner: Int

    func report(_ event: PeerEvent) {
        AlertLog.log(AlertFormatter.alert(for: event), to: logger)
    }

    func updated(_ status: PeerStatus) {
        directory.update(status, owner: owner)
    }

    func removed(_ name: String) {
        directory.remove(name, owner: owner)
    }
}
