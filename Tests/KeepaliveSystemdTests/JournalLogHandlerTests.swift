import Glibc
import KeepalivePOSIX
import Logging
import Testing
@testable import KeepaliveSystemd

/// `JournalLogHandler` with its sender injected: the exact fields of an entry, and the stderr fallback.
@Suite
struct JournalLogHandlerTests {
    private func logger(_ sent: SentEntries, fallback: CInt = -1, level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "test") { _ in
            JournalLogHandler(
                syslogIdentifier: "keepalive-monitor",
                fallbackFileDescriptor: fallback,
                sender: sent.sender
            )
        }
        logger.logLevel = level
        return logger
    }

    @Test func oneCallIsOneEntryWithTheStandardFieldsFirst() throws {
        let sent = SentEntries()
        let line: UInt = #line + 1
        self.logger(sent).warning("Peer is suspect", metadata: ["peer": "db", "tcp.probes": "2"])
        let entry = try #require(sent.all.first)
        #expect(sent.all.count == 1)
        #expect(
            entry == [
                JournalField("MESSAGE", "Peer is suspect"),
                JournalField("PRIORITY", "4"),
                JournalField("SYSLOG_IDENTIFIER", "keepalive-monitor"),
                JournalField("CODE_FILE", "KeepaliveSystemdTests/JournalLogHandlerTests.swift"),
                JournalField("CODE_LINE", String(line)),
                JournalField("CODE_FUNC", "oneCallIsOneEntryWithTheStandardFieldsFirst()"),
                JournalField("PEER", "db"),
                JournalField("TCP_PROBES", "2"),
            ]
        )
    }

    @Test func levelsMapToSyslogPriorities() {
        let sent = SentEntries()
        let logger = self.logger(sent, level: .trace)
        for level in Logger.Level.allCases {
            logger.log(level: level, "Level")
        }
        let priorities = sent.all.map { entry in entry.first { $0.name == "PRIORITY" }?.value }
        #expect(priorities == ["7", "7", "6", "5", "4", "3", "2"])
    }

    @Test func metadataKeysBecomeFieldNames() throws {
        let sent = SentEntries()
        var logger = self.logger(sent)
        logger[metadataKey: "peer"] = "db"
        logger.error(
            "Peer is down",
            metadata: [
                "peer.address": "10.0.0.1:5432", "message_id": "f764b7df88a74687a682f8836bf27d3e",
                "tcp-keepalive": ["idle": "10", "count": "3"], "peer.reason": "timed out\nafter 3 probes",
            ]
        )
        let entry = try #require(sent.all.first)
        let fields = Dictionary(entry.map { ($0.name, $0.value) }) { first, _ in first }
        #expect(fields["PEER"] == "db")
        #expect(fields["PEER_ADDRESS"] == "10.0.0.1:5432")
        #expect(fields["MESSAGE_ID"] == "f764b7df88a74687a682f8836bf27d3e")
        #expect(fields["TCP_KEEPALIVE_IDLE"] == "10")
        #expect(fields["TCP_KEEPALIVE_COUNT"] == "3")
        #expect(fields["PEER_REASON"] == "timed out\nafter 3 probes")
        #expect(fields["PRIORITY"] == "3")
    }

    @Test func metadataCannotOverrideTheHandlersOwnFields() throws {
        let sent = SentEntries()
        self.logger(sent).info("Real message", metadata: ["message": "fake", "priority": "0"])
        let entry = try #require(sent.all.first)
        #expect(entry.filter { $0.name == "MESSAGE" } == [JournalField("MESSAGE", "Real message")])
        #expect(entry.filter { $0.name == "PRIORITY" } == [JournalField("PRIORITY", "6")])
        #expect(entry.contains(JournalField("METADATA_MESSAGE", "fake")))
        #expect(entry.contains(JournalField("METADATA_PRIORITY", "0")))
    }

    @Test func explicitMetadataOverridesProviderOverridesHandler() throws {
        let sent = SentEntries()
        let provider = Logger.MetadataProvider { ["peer": "from-provider", "task": "probe"] }
        var logger = Logger(label: "test") { _ in
            JournalLogHandler(syslogIdentifier: "keepalive-monitor", metadataProvider: provider, sender: sent.sender)
        }
        logger[metadataKey: "peer"] = "from-handler"
        logger[metadataKey: "config"] = "main"
        logger.info("Hello", metadata: ["task": "explicit"])
        let entry = try #require(sent.all.first)
        #expect(entry.contains(JournalField("PEER", "from-provider")))
        #expect(entry.contains(JournalField("TASK", "explicit")))
        #expect(entry.contains(JournalField("CONFIG", "main")))
    }

    @Test func errorsBecomeFields() throws {
        let sent = SentEntries()
        self.logger(sent).error("Send failed", error: SystemCallError(call: "connect", errno: ECONNREFUSED))
        let entry = try #require(sent.all.first)
        #expect(entry.contains(JournalField("ERROR_MESSAGE", "connect: Connection refused (errno 111)")))
        #expect(entry.contains(JournalField("ERROR_TYPE", "KeepalivePOSIX.SystemCallError")))
    }

    @Test func aRefusedEntryGoesToStderrInstead() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        let sent = SentEntries(failingWith: SystemCallError(call: "sd_journal_sendv", errno: ECONNREFUSED))
        self.logger(sent, fallback: pipe.writeEnd).error("Peer is down", metadata: ["peer": "db", "tcp.probes": "3"])
        #expect(sent.all.count == 1)
        let output = pipe.readAvailable()
        #expect(output.filter { $0 == "\n" }.count == 1, "exactly one line: \(output)")
        let parsed = try #require(StderrLogLine.parse(output))
        #expect(parsed.message == "Peer is down")
        #expect(parsed.keyword == "err")
        #expect(parsed.fields == ["PEER": "db", "TCP_PROBES": "3", "JOURNAL_ERRNO": "111"])
    }

    @Test func aDeliveredEntryDoesNotAlsoGoToStderr() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        let sent = SentEntries()
        self.logger(sent, fallback: pipe.writeEnd).error("Peer is down")
        #expect(sent.all.count == 1)
        #expect(pipe.readAvailable() == "")
    }

    @Test func belowTheLevelNothingIsSent() {
        let sent = SentEntries()
        self.logger(sent, level: .notice).info("Quiet")
        #expect(sent.all.isEmpty)
    }
}
