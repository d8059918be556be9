import Glibc
import KeepalivePOSIX
import Logging

/// A swift-log handler writing one `StderrLogLine` per entry to stderr.
///
/// Each line goes out in a single `write(2)` with no buffering in between: `print` is block-buffered when stderr is
/// a pipe or a file, so its last lines are lost when the daemon is killed, and lines from two threads could mix.
/// A failed write is dropped: there is nowhere left to report it. The caller must ignore `SIGPIPE` (the daemon
/// does), or a closed pipe on stderr would kill the process.
public struct StderrLogHandler: LogHandler {
    /// Metadata added to every entry of this handler.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata, consulted on each entry.
    public var metadataProvider: Logger.MetadataProvider?
    /// Entries below this level are not written.
    public var logLevel: Logger.Level = .info

    private let fileDescriptor: CInt

    /// A handler writing to `fileDescriptor` (stderr by default; tests pass a pipe).
    public init(metadataProvider: Logger.MetadataProvider? = nil, fileDescriptor: CInt = STDERR_FILENO) {
        self.metadataProvider = metadataProvider
        self.fileDescriptor = fileDescriptor
    }

    /// Renders `event` as one line and writes it.
    public func log(event: LogEvent) {
        let fields = LogEventFields.fields(
            for: event,
            handlerMetadata: self.metadata,
            provider: self.metadataProvider
        )
        Self.write(
            StderrLogLine.render(
                timestamp: .now(),
                level: event.level,
                message: event.message.description,
                fields: fields
            ),
            to: self.fileDescriptor
        )
    }

    /// Gets or sets one metadata value of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Writes a rendered line in one `write(2)`, dropping it if the write fails.
    static func write(_ line: String, to fileDescriptor: CInt) {
        var line = line
        // The string's own UTF-8 storage, not a copy of it.
        line.withUTF8 { bytes in try? POSIX.writeAll(fileDescriptor, UnsafeRawBufferPointer(bytes)) }
    }
}
