import Logging

/// A log level as syslog and the journal know it: the `PRIORITY=` number and the keyword `journalctl` and
/// `logger` use.
public struct SyslogPriority: Sendable, Hashable {
    /// The `PRIORITY=` value, 0 (emerg) to 7 (debug).
    public var value: Int
    /// The syslog keyword: `debug`, `info`, `notice`, `warning`, `err`, `crit`.
    public var keyword: String

    /// The priority for a swift-log level. Syslog has no trace level, so trace shares debug's 7: both are off
    /// unless asked for, and `journalctl -p debug` shows both.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace, .debug: (self.value, self.keyword) = (7, "debug")
        case .info: (self.value, self.keyword) = (6, "info")
        case .notice: (self.value, self.keyword) = (5, "notice")
        case .warning: (self.value, self.keyword) = (4, "warning")
        case .error: (self.value, self.keyword) = (3, "err")
        case .critical: (self.value, self.keyword) = (2, "crit")
        }
    }

    /// The width of the longest keyword (`warning`), to which stderr lines pad the keyword so messages line up.
    static let keywordWidth = 7
}
