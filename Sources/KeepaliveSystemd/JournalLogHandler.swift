import Glibc
import KeepalivePOSIX
import Logging

/// A swift-log handler turning each entry into one native journal entry.
///
/// Fields: `MESSAGE`, `PRIORITY` (see `SyslogPriority`), `SYSLOG_IDENTIFIER`, `CODE_FILE`, `CODE_LINE`, `CODE_FUNC`,
/// then every metadata key as a field (see `JournalField.fields(flattening:)`), so that
/// `journalctl PEER=db MESSAGE_ID=…` finds entries by what they are about.
///
/// When the send fails, the entry is written to stderr as a `StderrLogLine` with an extra `JOURNAL_ERRNO=` field
/// instead: each entry lands in exactly one place, and never disappears without a trace. (A missing journal socket
/// is the exception libsystemd makes: it reports success. `LogDestination.detect` does not pick the journal then.)
public struct JournalLogHandler: LogHandler {
    /// Sends one entry's fields; `JournalWriter.send` unless a test injects another.
    public typealias Sender = @Sendable ([JournalField]) throws(SystemCallError) -> Void

    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata, consulted on each entry.
    public var metadataProvider: Logger.MetadataProvider?
    /// Entries below this level are not sent.
    public var logLevel: Logger.Level = .info

    private let syslogIdentifier: String
    private let fallbackFileDescriptor: CInt
    private let sender: Sender
    /// When set, entries go through it (the daemon's way: a journald that stops reading cannot block a loop).
    private let spool: JournalSpool?

    /// A handler sending entries tagged `SYSLOG_IDENTIFIER=syslogIdentifier` (what `journalctl -t` matches).
    ///
    /// - Parameters:
    ///   - syslogIdentifier: the program name, e.g. `keepalive-monitor`.
    ///   - metadataProvider: contextual metadata for every entry.
    ///   - fallbackFileDescriptor: where an entry goes when the journal refuses it; stderr by default.
    ///   - sender: delivers the fields; `JournalWriter().send` by default.
    public init(
        syslogIdentifier: String,
        metadataProvider: Logger.MetadataProvider? = nil,
        fallbackFileDescriptor: CInt = STDERR_FILENO,
        sender: @escaping Sender = { fields throws(SystemCallError) in try JournalWriter().send(fields) }
    ) {
        self.syslogIdentifier = syslogIdentifier
        self.metadataProvider = metadataProvider
        self.fallbackFileDescriptor = fallbackFileDescriptor
        self.sender = sender
        self.spool = nil
    }

    /// A handler whose entries `spool` delivers (and, when it must, writes to stderr).
    public init(syslogIdentifier: String, metadataProvider: Logger.MetadataProvider? = nil, spool: JournalSpool) {
        self.syslogIdentifier = syslogIdentifier
        self.metadataProvider = metadataProvider
        self.fallbackFileDescriptor = STDERR_FILENO
        self.sender = { _ throws(SystemCallError) in }
        self.spool = spool
    }

    /// Sends `event` as one journal entry, or writes it to the fallback descriptor if the journal refuses it.
    public func log(event: LogEvent) {
        let metadataFields = LogEventFields.fields(
            for: event,
            handlerMetadata: self.metadata,
            provider: self.metadataProvider
        )
        let message = event.message.description
        var entry = [
            JournalField("MESSAGE", message),
            JournalField("PRIORITY", String(SyslogPriority(event.level).value)),
            JournalField("SYSLOG_IDENTIFIER", self.syslogIdentifier),
            JournalField("CODE_FILE", event.file),
            JournalField("CODE_LINE", String(event.line)),
            JournalField("CODE_FUNC", event.function),
        ]
        entry.append(contentsOf: metadataFields)
        if let spool {
            spool.enqueue(
                JournalSpool.Entry(fields: entry, level: event.level, message: message, metadataFields: metadataFields))
            return
        }
        do {
            try self.sender(entry)
        } catch {
            StderrLogHandler.write(
                StderrLogLine.render(
                    timestamp: .now(),
                    level: event.level,
                    message: message,
                    fields: metadataFields + [JournalField("JOURNAL_ERRNO", String(error.errno))]
                ),
                to: self.fallbackFileDescriptor
            )
        }
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }
}
