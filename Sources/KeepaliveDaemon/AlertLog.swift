import KeepaliveCore
import Logging

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
