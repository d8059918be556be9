import Foundation
import Glibc
import KeepaliveTestSupport
import Logging
import Testing

@testable import KeepaliveSystemd

extension ProcessWideStateTests {
    /// A real systemd-journald, started by `with-journald.sh` in a private mount namespace: the harness itself, and
    /// `JournalWriter`/`JournalLogHandler` reaching it. Needs root (CI is root); without it these fail, loudly.
    @Suite
    struct JournaldTests {
        static let childVariable = "KEEPALIVE_JOURNAL_CHILD"
        static let runVariable = "KEEPALIVE_JOURNAL_RUN"

        let harness = RepositoryLayout.path("Tests/KeepaliveIntegrationTests/Fixtures/with-journald.sh")

        @Test func harnessCollectsAStructuredEntryFromLogger() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let output = directory.file("journal.json")
            let run = Self.uniqueRun()
            let outcome = try CommandRun.runBlocking(
                "/bin/bash",
                [self.harness, output, "logger", "--journald"],
                standardInput: "MESSAGE=Structured from logger\nPEER=db\nTCP_PROBES=3\nTEST_RUN=\(run)\n"
            )
            try #require(outcome.status == 0, "harness failed:\n\(outcome.output)")
            let entries = try JournalExport.entries(in: output).filter { $0["TEST_RUN"] == run }
            try #require(entries.count == 1, "journal:\n\(Self.contents(output))")
            #expect(entries[0]["MESSAGE"] == "Structured from logger")
            #expect(entries[0]["PEER"] == "db")
            #expect(entries[0]["TCP_PROBES"] == "3")
            #expect(entries[0]["_TRANSPORT"] == "journal")

            let copy = try CommandRun.runBlocking(
                "/usr/bin/journalctl",
                ["-D", output + ".journal", "-o", "cat", "TEST_RUN=\(run)"]
            )
            #expect(copy.status == 0)
            #expect(copy.output == "Structured from logger\n", "the copied journal files are readable later")
        }

        @Test func harnessPassesTheCommandsExitStatusThrough() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let outcome = try CommandRun.runBlocking(
                "/bin/bash",
                [self.harness, directory.file("journal.json"), "sh", "-c", "exit 7"]
            )
            #expect(outcome.status == 7, "output:\n\(outcome.output)")
            #expect(FileManager.default.fileExists(atPath: directory.file("journal.json")))
        }

        /// The use the daemon's integration tests make of it: a long-running command whose journal is read through
        /// `nsenter` while it runs, then stopped with SIGTERM through the harness.
        @Test func journalOfARunningCommandIsReadableAndTermStopsIt() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let output = directory.file("journal.json")
            let run = Self.uniqueRun()
            let harness = try CommandRun(
                [
                    self.harness, output, "sh", "-c",
                    "printf 'MESSAGE=Still running\\nTEST_RUN=\(run)\\n' | logger --journald && exec sleep 60",
                ],
                executable: "/bin/bash", mergingErrors: true)
            defer { harness.stop() }

            let commandPid = try Self.waitForFile(output + ".pid", deadline: .seconds(10))
            var seen = ""
            let read = eventually(timeout: .seconds(10)) {
                seen = (try? CommandRun.runBlocking(
                    "/usr/bin/nsenter",
                    ["-t", commandPid, "-m", "journalctl", "-o", "cat", "TEST_RUN=\(run)"]
                ).output) ?? ""
                return seen.contains("Still running")
            }
            #expect(read && seen == "Still running\n", "read through nsenter while the command runs")
            #expect(kill(pid_t(commandPid)!, 0) == 0, "the command is still running")

            harness.signal(SIGTERM)
            try #require(
                eventually(timeout: .seconds(10)) { !harness.isRunning },
                "the harness did not stop on SIGTERM:\n\(harness.outputText)")
            #expect(harness.status == 128 + SIGTERM, "sleep's status on SIGTERM, passed through")
            #expect(kill(pid_t(commandPid)!, 0) == -1 && errno == ESRCH, "the command is gone")
            #expect(try JournalExport.entries(in: output).contains { $0["TEST_RUN"] == run })
        }

        /// Runs this very test again inside the harness, in a child copy of the test binary filtered to it; the
        /// child (`KEEPALIVE_JOURNAL_CHILD=1`) sends through `JournalWriter` and `JournalLogHandler`, and this
        /// parent checks what journald stored.
        @Test func journalWriterAndHandlerReachARealJournald() throws {
            let environment = ProcessInfo.processInfo.environment
            if environment[Self.childVariable] == "1", let run = environment[Self.runVariable] {
                try Self.sendEntries(run: run)
                return
            }
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let output = directory.file("journal.json")
            let run = Self.uniqueRun()
            let testBinary = try Self.currentExecutable()
            var childEnvironment = environment
            childEnvironment[Self.childVariable] = "1"
            childEnvironment[Self.runVariable] = run
            let outcome = try CommandRun.runBlocking(
                "/bin/bash",
                [
                    self.harness, output, testBinary, "--testing-library", "swift-testing",
                    "--filter", "JournaldTests.journalWriterAndHandlerReachARealJournald",
                ],
                environment: childEnvironment
            )
            try #require(outcome.status == 0, "child test run failed:\n\(outcome.output)")
            let entries = try JournalExport.entries(in: output).filter { $0["TEST_RUN"] == run }
            try #require(entries.count == 2, "expected 2 entries; child said:\n\(outcome.output)")

            let written = try #require(entries.first { $0["KIND"] == "writer" })
            #expect(written["MESSAGE"] == "Written by JournalWriter\nsecond line")
            #expect(written["PRIORITY"] == "5")
            #expect(written["SYSLOG_IDENTIFIER"] == "keepalive-monitor-test")
            #expect(written["PEER"] == "db")
            #expect(written["TCP_PROBES"] == "3")

            let logged = try #require(entries.first { $0["KIND"] == "handler" })
            #expect(logged["MESSAGE"] == "Peer is down")
            #expect(logged["PRIORITY"] == "3")
            #expect(logged["SYSLOG_IDENTIFIER"] == "keepalive-monitor-test")
            #expect(logged["PEER"] == "db")
            #expect(logged["PEER_ADDRESS"] == "10.0.0.1:5432")
            #expect(logged["TCP_PROBES"] == "3")
            #expect(logged["MESSAGE_ID"] == "f764b7df88a74687a682f8836bf27d3e")
            #expect(logged["CODE_FILE"] == "KeepaliveSystemdTests/JournaldTests.swift")
            #expect(logged["CODE_FUNC"] == "sendEntries(run:)")
            #expect(logged["_TRANSPORT"] == "journal")
        }

        /// The child's side: runs inside the harness's namespace, where journald listens.
        private static func sendEntries(run: String) throws {
            let pipe = try PipeCapture()
            defer { pipe.close() }
            #expect(LogDestination.detect(environment: [:], standardError: pipe.writeEnd) == .journal)

            try JournalWriter().send([
                JournalField("MESSAGE", "Written by JournalWriter\nsecond line"),
                JournalField("PRIORITY", "5"),
                JournalField("SYSLOG_IDENTIFIER", "keepalive-monitor-test"),
                JournalField("PEER", "db"),
                JournalField("TCP_PROBES", "3"),
                JournalField("TEST_RUN", run),
                JournalField("KIND", "writer"),
            ])

            var logger = Logger(label: "journald-test") { _ in
                JournalLogHandler(syslogIdentifier: "keepalive-monitor-test", fallbackFileDescriptor: pipe.writeEnd)
            }
            logger[metadataKey: "test.run"] = "\(run)"
            logger.error(
                "Peer is down",
                metadata: [
                    "kind": "handler", "peer": "db", "peer.address": "10.0.0.1:5432", "tcp.probes": "3",
                    "message_id": "f764b7df88a74687a682f8836bf27d3e",
                ]
            )
            #expect(pipe.readAvailable() == "", "nothing fell back to stderr")
        }

        private static func uniqueRun() -> String {
            "\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        }

        private static func currentExecutable() throws -> String {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            guard count > 0 else {
                throw TestFailure("readlink /proc/self/exe: errno \(errno)")
            }
            return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        /// Waits for `path` to hold a line, and returns it.
        private static func waitForFile(_ path: String, deadline: Duration) throws -> String {
            var line: String?
            _ = eventually(timeout: deadline) {
                guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") else {
                    return false
                }
                line = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return true
            }
            guard let line else { throw TestFailure("\(path) did not appear within \(deadline)") }
            return line
        }

        private static func contents(_ path: String) -> String {
            (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(unreadable)"
        }
    }
}
