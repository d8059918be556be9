/// One journal entry, ready to send: the sentence, its priority, its MESSAGE_ID and its fields.
public struct Alert: Hashable, Sendable {
    /// Syslog priorities used by the monitor.
    public enum Priority: Int, Hashable, Sendable {
        case err = 3
        case warning = 4
        case notice = 5
        case info = 6
    }

    public var priority: Priority
    public var messageID: MessageID
    public var message: String
    /// Journal field names (`PEER`, `TCP_PROBES`, …) to values; MESSAGE, PRIORITY and MESSAGE_ID are not in here.
    public var fields: [String: String]

    public init(priority: Priority, messageID: MessageID, message: String, fields: [String: String]) {
        self.priority = priority
        self.messageID = messageID
        self.message = message
        self.fields = fields
    }
}
