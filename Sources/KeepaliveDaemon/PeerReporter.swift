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

/// Sends an `Alert` through swift-log; the journal handler turns the upper-case metadata keys into journal
/// fields unchanged, the stderr handler prints them after the sentence.
enum AlertLog {
    static func log(_ alert: Alert, to logger: Logger) {
        var metadata: Logger.Metadata = ["MESSAGE_ID": .string(alert.messageID.rawValue)]
        for (name, value) in alert.fields {
            metadata[name] = .string(value)
        }
        logger.log(level: level(alert.priority), "\(alert.message)", metadata: metadata)
    }

    static func level(_ priority: Alert.Priority) -> Logger.Level {
        switch priority {
        case .err: .error
        case .warning: .warning
        case .notice: .notice
        case .info: .info
        }
    }
}
