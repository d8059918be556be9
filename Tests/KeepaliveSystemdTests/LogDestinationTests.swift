import Glibc
import KeepaliveTestSupport
import Testing

@testable import KeepaliveSystemd

/// `LogDestination.detect` with real descriptors (a file, a pseudo-terminal) and real sockets. The environment is
/// passed in, never set, so these run in parallel with everything else.
@Suite
struct LogDestinationTests {
    /// Opens `path` read-write, creating it, and returns the descriptor and its `DEVICE:INODE` as systemd writes
    /// it in `JOURNAL_STREAM`.
    private func openFile(_ path: String) throws -> (fd: CInt, journalStream: String) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TestFailure("open \(path): errno \(errno)")
        }
        var info = stat()
        fstat(fd, &info)
        return (fd, "\(info.st_dev):\(info.st_ino)")
    }

    /// A pseudo-terminal's secondary side: a real terminal, as `isatty` sees one. Glibc's Swift module has neither
    /// `posix_openpt` nor the `TIOC*` constants, so this is what `unlockpt`/`ptsname` do, with the generic Linux
    /// ioctl numbers (x86_64 and arm64 share them).
    private func openTerminal() throws -> (primary: CInt, secondary: CInt) {
        let setPtyLock = UInt(0x4004_5431)  // TIOCSPTLCK
        let getPtyNumber = UInt(0x8004_5430)  // TIOCGPTN
        let primary = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlocked: CInt = 0
        var number: CInt = 0
        guard primary >= 0, ioctl(primary, setPtyLock, &unlocked) == 0, ioctl(primary, getPtyNumber, &number) == 0
        else {
            throw TestFailure("/dev/ptmx: errno \(errno)")
        }
        let secondary = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard secondary >= 0 else {
            throw TestFailure("open /dev/pts/\(number): errno \(errno)")
        }
        #expect(isatty(secondary) == 1)
        return (primary, secondary)
    }

    @Test func journalStreamMatchingTheDescriptorMeansJournal() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try self.openFile(directory.file("stream"))
        defer { close(stream.fd) }
        let destination = LogDestination.detect(
            environment: ["JOURNAL_STREAM": stream.journalStream],
            standardError: stream.fd,
            journalSocketPath: directory.file("no-journal.sock")
        )
        #expect(destination == .journal)
    }

    @Test func journalStreamWinsOverATerminal() throws {
        let terminal = try self.openTerminal()
        defer {
            close(terminal.secondary)
            close(terminal.primary)
        }
        var info = stat()
        fstat(terminal.secondary, &info)
        let destination = LogDestination.detect(
            environment: ["JOURNAL_STREAM": "\(info.st_dev):\(info.st_ino)"],
            standardError: terminal.secondary,
            journalSocketPath: "/nonexistent/journal.sock"
        )
        #expect(destination == .journal)
    }

    @Test func journalStreamOfAnotherFileIsIgnored() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let inherited = try self.openFile(directory.file("inherited"))
        let redirected = try self.openFile(directory.file("redirected"))
        defer {
            close(inherited.fd)
            close(redirected.fd)
        }
        let destination = LogDestination.detect(
            environment: ["JOURNAL_STREAM": inherited.journalStream],
            standardError: redirected.fd,
            journalSocketPath: directory.file("no-journal.sock")
        )
        #expect(destination == .stderr)
    }

    @Test(arguments: ["", "12", "12:", ":34", "a:b", "1:2:3", "-1:5"])
    func malformedJournalStreamIsNoMatch(value: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try self.openFile(directory.file("stream"))
        defer { close(stream.fd) }
        #expect(!LogDestination.isJournalStream(value, fileDescriptor: stream.fd))
        #expect(LogDestination.isJournalStream(stream.journalStream, fileDescriptor: stream.fd))
    }

    @Test func closedDescriptorIsNoMatch() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try self.openFile(directory.file("stream"))
        close(stream.fd)
        #expect(!LogDestination.isJournalStream(stream.journalStream, fileDescriptor: stream.fd))
    }

    /// How the journal's socket file is left for `detect`.
    private enum JournalSocketFile {
        /// Bound, as journald's is.
        case listening
        case absent
        /// A socket file that nothing is bound to any more (journald stopped without removing it).
        case stale
    }

    /// What `detect` picks with nothing in the environment and stderr on `standardError`, and whether the
    /// journal socket in a fresh directory, left as `socketFile` says, accepts connections.
    private func detect(standardError: CInt, socketFile: JournalSocketFile) throws
        -> (destination: LogDestination, accepts: Bool)
    {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("journal.sock")
        var journal: UnixDatagramSocket?
        defer { journal?.close() }
        switch socketFile {
        case .listening:
            journal = try UnixDatagramSocket(boundTo: path)
        case .absent:
            break
        case .stale:
            try UnixDatagramSocket(boundTo: path).close()
            var info = stat()
            #expect(stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK, "the stale socket file must remain")
        }
        let destination = LogDestination.detect(environment: [:], standardError: standardError, journalSocketPath: path)
        return (destination, LogDestination.journalAcceptsConnections(at: path))
    }

    @Test func terminalMeansStderrEvenWithAJournal() throws {
        let terminal = try self.openTerminal()
        defer {
            close(terminal.secondary)
            close(terminal.primary)
        }
        #expect(try detect(standardError: terminal.secondary, socketFile: .listening).destination == .stderr)
    }

    @Test func liveJournalSocketMeansJournal() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        let detected = try detect(standardError: pipe.writeEnd, socketFile: .listening)
        #expect(detected.destination == .journal)
        #expect(detected.accepts)
    }

    @Test func absentJournalSocketMeansStderr() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        #expect(try detect(standardError: pipe.writeEnd, socketFile: .absent).destination == .stderr)
    }

    @Test func staleJournalSocketMeansStderr() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        let detected = try detect(standardError: pipe.writeEnd, socketFile: .stale)
        #expect(detected.destination == .stderr)
        #expect(!detected.accepts)
    }

    @Test func overlongSocketPathIsNotAJournal() {
        #expect(!LogDestination.journalAcceptsConnections(at: "/tmp/" + String(repeating: "x", count: 200)))
    }

    @Test func forcedTargetsIgnoreTheEnvironment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let stream = try self.openFile(directory.file("stream"))
        defer { close(stream.fd) }
        let environment = ["JOURNAL_STREAM": stream.journalStream]
        let absent = directory.file("journal.sock")
        #expect(
            LogTargetChoice.stderr.destination(environment: environment, standardError: stream.fd, journalSocketPath: absent)
                == .stderr
        )
        #expect(
            LogTargetChoice.journal.destination(environment: [:], standardError: stream.fd, journalSocketPath: absent)
                == .journal
        )
        #expect(
            LogTargetChoice.auto.destination(environment: environment, standardError: stream.fd, journalSocketPath: absent)
                == .journal
        )
        #expect(LogTargetChoice(rawValue: "auto") == .auto)
    }
}
