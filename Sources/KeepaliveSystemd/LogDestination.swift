import Glibc
import KeepalivePOSIX

/// Where log entries go: structured entries to journald, or one line each to stderr.
public enum LogDestination: String, Sendable, Hashable, CaseIterable {
    /// Native journal entries through `sd_journal_sendv`, metadata as fields (`JournalLogHandler`).
    case journal
    /// One `StderrLogLine` per entry on fd 2 (`StderrLogHandler`).
    case stderr

    /// Where journald listens for native entries.
    public static let defaultJournalSocketPath = "/run/systemd/journal/socket"

    /// Picks a destination the way systemd's own tools do, first match wins:
    ///
    /// 1. `JOURNAL_STREAM` holds `DEVICE:INODE` of `standardError` → `.journal`: systemd started us with stderr
    ///    connected to the journal, so structured entries lose nothing and plain lines would lose the fields.
    ///    (A child that inherited the variable but has its stderr redirected fails the comparison, as intended.)
    /// 2. `standardError` is a terminal → `.stderr`: a person is watching.
    /// 3. A datagram socket connects to `journalSocketPath` → `.journal`: journald is running, e.g. under
    ///    `systemd-run` with a pipe for stderr.
    /// 4. Otherwise `.stderr`. In particular a missing socket must not select the journal: `sd_journal_sendv` would
    ///    report success and drop every entry.
    ///
    /// - Parameters:
    ///   - environment: where `JOURNAL_STREAM` is looked up; the process environment by default.
    ///   - standardError: the descriptor log lines would go to; 2 by default.
    ///   - journalSocketPath: journald's native socket; `defaultJournalSocketPath` by default.
    public static func detect(
        environment: [String: String]? = nil,
        standardError: CInt = STDERR_FILENO,
        journalSocketPath: String = Self.defaultJournalSocketPath
    ) -> LogDestination {
        let journalStream = environment.map { $0["JOURNAL_STREAM"] } ?? POSIX.environmentValue("JOURNAL_STREAM")
        if let journalStream, Self.isJournalStream(journalStream, fileDescriptor: standardError) {
            return .journal
        }
        if POSIX.isTerminal(standardError) {
            return .stderr
        }
        if Self.journalAcceptsConnections(at: journalSocketPath) {
            return .journal
        }
        return .stderr
    }

    /// Whether `value` (a `JOURNAL_STREAM` value, `DEVICE:INODE` in decimal) names the file open on
    /// `fileDescriptor`. A closed descriptor or a malformed value is simply "no".
    public static func isJournalStream(_ value: String, fileDescriptor: CInt) -> Bool {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else {
            return false
        }
        guard let info = try? POSIX.fstat(fileDescriptor) else {
            return false
        }
        return UInt64(info.st_dev) == device && UInt64(info.st_ino) == inode
    }

    /// Whether journald is listening at `path`: an AF_UNIX datagram socket connects to it. A missing file fails
    /// with `ENOENT`, a socket file left behind by a dead journald with `ECONNREFUSED`.
    public static func journalAcceptsConnections(at path: String = Self.defaultJournalSocketPath) -> Bool {
        guard let fd = try? POSIX.socket(domain: AF_UNIX, type: CInt(SOCK_DGRAM.rawValue)) else {
            return false
        }
        defer { POSIX.close(fd) }
        do {
            try POSIX.connect(fd, unixPath: path)
            return true
        } catch {
            return false
        }
    }
}
